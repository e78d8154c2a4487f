import { describe, expect, it } from 'vitest';
import { parseMetalink } from '../../src/shared/metalink';
import { MAX_SERVERS, readMirrorLine } from '../../src/shared/mirror-links';
import { parseUrlLine } from '../../src/shared/url-input';
import { translateEngineText } from '../../src/ui/i18n/engine-text-zh';
import { DownloadError, FileChangedError } from '../../src/worker/download-error';
import { droppedNote, dropReason } from '../../src/worker/run/mirror-notes';

const HAN = /\p{Script=Han}/u;

function expectChinese(english: string): void {
  const zh = translateEngineText(english);
  expect(zh, english).toMatch(HAN);
  // Four English words in a row (outside quotes and header names) are an untranslated sentence.
  const bare = zh.replace(/"[^"]*"|“[^”]*”/g, '');
  expect(/\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){3}\b/.exec(bare)?.[0] ?? null, `${english} → ${zh}`).toBeNull();
}

describe('mirror sentences in Chinese', () => {
  it('why a mirror was dropped, as its row and the job note say it', () => {
    const reasons = [
      dropReason(new FileChangedError('its first and last bytes are different')),
      dropReason(new FileChangedError('its size is different')),
      dropReason(new FileChangedError('it answered with the whole file')),
      dropReason(new DownloadError('http', 'The server answered 404 Not Found', false)),
      dropReason(new DownloadError('network', 'Could not reach the server', false)),
      dropReason(new DownloadError('cors', 'This server does not allow downloads from other sites (CORS)', false)),
    ];
    for (const reason of reasons) {
      expectChinese(reason);
      expectChinese(droppedNote('mirror.example:8080', reason));
    }
    expect(translateEngineText(droppedNote('m.example', reasons[0] ?? ''))).toBe('已停用镜像 m.example：它提供的是另一个文件（首尾字节不同）');
  });

  it('what is wrong with a mirror line or a Metalink', () => {
    const many = Array.from({ length: MAX_SERVERS + 1 }, (_, i) => `https://m${i}.example/f`).join('\t');
    const lineErrors = [many, `https://a.example/f sha256=${'a'.repeat(64)}\thttps://b.example/f sha256=${'b'.repeat(64)}`].map((line) => readMirrorLine(line, 1, parseUrlLine));
    for (const error of lineErrors) {
      expect(typeof error).toBe('string');
      expectChinese(String(error).replace(/^Line 1: /, ''));
    }
    const metalink = parseMetalink(
      `<metalink><file name="a.bin"><url>ftp://a.example/a</url></file><file><url>ftp://a.example/b</url></file><file name="c"><hash type="sha-256">x</hash><url>https://a.example/c</url></file></metalink>`,
    );
    const errors = [...metalink.errors, ...parseMetalink('nope').errors, ...parseMetalink('<metalink></metalink>').errors];
    expect(errors).toHaveLength(5);
    for (const error of errors) expectChinese(error);
  });
});
