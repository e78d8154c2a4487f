import { describe, expect, it } from 'vitest';
import { asRefusedWrite, toDownloadError } from '../../src/worker/download-error';

describe('a write the browser stopped partway', () => {
  it('is read as no space, which keeps the bytes and offers Resume', () => {
    const stopped = new DOMException('Failed to write data to data pipe', 'AbortError');
    const failure = toDownloadError(asRefusedWrite(stopped));
    expect(failure.kind).toBe('quota');
    expect(failure.message).toContain('Not enough space');
  });

  it('is recognised after crossing from the copier, where it is a plain Error with its name', () => {
    const crossed = Object.assign(new Error('Failed to write data to data pipe'), { name: 'AbortError' });
    expect(toDownloadError(asRefusedWrite(crossed)).kind).toBe('quota');
  });

  it('leaves our own aborts and other failures as they are', () => {
    const ours = new DOMException('The operation was aborted.', 'AbortError');
    expect(asRefusedWrite(ours)).toBe(ours);
    const other = new DOMException('Failed to write data to data pipe', 'InvalidStateError');
    expect(asRefusedWrite(other)).toBe(other);
    expect(asRefusedWrite(undefined)).toBeUndefined();
  });
});
