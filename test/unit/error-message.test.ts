import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/ui/error-message';

describe('errorMessage', () => {
  it('uses the message of an Error, including a DOMException', () => {
    expect(errorMessage(new Error('The engine stopped'))).toBe('The engine stopped');
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(errorMessage(new DOMException('The user aborted a request.', 'AbortError'))).toBe('The user aborted a request.');
  });

  it('falls back to the name of an Error without a message', () => {
    expect(errorMessage(new DOMException('', 'NotAllowedError'))).toBe('NotAllowedError');
  });

  it('says what was thrown when it is not an Error', () => {
    expect(errorMessage('plain words')).toBe('plain words');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(null)).toBe('null');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});
