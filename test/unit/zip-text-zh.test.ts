import { describe, expect, it } from 'vitest';
import { translateEngineText } from '../../src/ui/i18n/engine-text-zh';
import { entryProblem, notIntactMessage } from '../../src/shared/zip-entry-check';
import { dataStartOf, readCentralDirectory, readEndRecord, readZip64End, ZipFormatError } from '../../src/shared/zip-directory';
import { RANGE_HIDDEN, RANGES_NEEDED } from '../../src/worker/zip/window-fetch';

const HAN = /\p{Script=Han}/u;

function thrown(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ZipFormatError) return error.message;
  }
  throw new Error('expected a ZipFormatError');
}

/** Every sentence the ZIP code can put on a row or under Choose files, from the producers themselves. */
function sentences(): string[] {
  const expected = { size: 1000, crc32: 0xdeadbeef };
  const problems = [
    entryProblem(expected, { size: -1, crc32: 0 }),
    entryProblem(expected, { size: 999, crc32: 0 }),
    entryProblem(expected, { size: 1000, crc32: 1 }),
  ].map((p) => notIntactMessage(p ?? ''));
  const end = readEndRecord(new Uint8Array(100), 100);
  const zip64 = readZip64End(new Uint8Array(56), 0, 100);
  return [
    RANGES_NEEDED,
    RANGE_HIDDEN,
    ...problems,
    end.kind === 'bad' ? end.message : '',
    zip64.kind === 'bad' ? zip64.message : '',
    thrown(() => readCentralDirectory(new Uint8Array(10), 1, 0)),
    thrown(() => dataStartOf(new Uint8Array(30), 0)),
    'the archive changed while it was read',
    'the server sent other bytes than asked',
    'data/a.bin cannot be downloaded by itself',
  ];
}

describe('the ZIP sentences in Simplified Chinese', () => {
  it('each one is translated, with no English sentence left', () => {
    for (const english of sentences()) {
      const zh = translateEngineText(english);
      expect(zh, english).toMatch(HAN);
      expect(/\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){3}\b/.exec(zh.replace(/[0-9a-f]{8}/g, '')), `${english} → ${zh}`).toBeNull();
    }
  });

  it('keeps the figures of a mismatch', () => {
    expect(translateEngineText(notIntactMessage(entryProblem({ size: 10, crc32: 0xabcdef01 }, { size: 10, crc32: 0x12345678 }) ?? ''))).toBe(
      '从 ZIP 中取出的文件不完整：它的 CRC-32 是 12345678，而 ZIP 目录中写的是 abcdef01。没有保存任何内容。',
    );
  });
});
