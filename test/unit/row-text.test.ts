import { describe, expect, it } from 'vitest';
import { en } from '../../src/ui/i18n/en';
import { zhCN } from '../../src/ui/i18n/zh-CN';
import type { ViewStatus } from '../../src/shared/types';
import { details, formatWhen, progressBar, rowNotes, rowReason, sizeText } from '../../src/ui/row-text';

const STATUS_WORDS = en.row.status;
import { jobView, VIEW_STATUSES } from './job-view-fixture';

const MiB = 1024 * 1024;

describe('status words', () => {
  it('names a stopping run with an ellipsis and a finished one without', () => {
    for (const status of VIEW_STATUSES) {
      const stopping = ['pausing', 'canceling', 'removing', 'stopping'].includes(status);
      expect(STATUS_WORDS[status].endsWith('…'), status).toBe(stopping);
    }
    expect([STATUS_WORDS.pausing, STATUS_WORDS.canceling, STATUS_WORDS.removing, STATUS_WORDS.stopping]).toEqual([
      'Pausing…',
      'Canceling…',
      'Removing…',
      'Stopping…',
    ]);
    expect(STATUS_WORDS.canceled).toBe('Canceled');
    expect(STATUS_WORDS.damaged).toBe('Damaged');
    expect(STATUS_WORDS.completed).toBe('Completed');
  });
});

describe('details', () => {
  it('shows speed, time left and the requests in parallel while downloading', () => {
    const job = jobView({ status: 'downloading', bytesDone: MiB, size: 4 * MiB, speed: 2 * MiB, eta: 2, connections: 3 });
    expect(details(job, en)).toBe('1.00 MiB of 4.00 MiB · 2.00 MiB/s · 2 s left · 3 parallel requests');
    expect(details({ ...job, connections: 1, eta: null }, en)).toBe('1.00 MiB of 4.00 MiB · 2.00 MiB/s · 1 request');
  });

  it('names the protocol where the browser showed it, and a connection limit the server showed', () => {
    const job = jobView({ status: 'downloading', bytesDone: MiB, size: 4 * MiB, speed: 2 * MiB, connections: 6, protocol: 'HTTP/2' });
    expect(details(job, en)).toBe('1.00 MiB of 4.00 MiB · 2.00 MiB/s · 6 parallel requests over HTTP/2');
    expect(details({ ...job, connections: 2, protocol: null, serverLimit: 2 }, en)).toBe('1.00 MiB of 4.00 MiB · 2.00 MiB/s · 2 parallel requests (the server allows 2)');
  });

  it('says it waits for a connection before the first byte', () => {
    expect(details(jobView({ status: 'downloading', bytesDone: 0, size: null }), en)).toBe('0 B · waiting for a connection');
  });

  it('says which retry comes next and why, instead of waiting for a connection', () => {
    const retrying = { attempt: 3, of: 8, reason: 'connection refused' };
    expect(details(jobView({ status: 'downloading', bytesDone: 0, size: null, retrying }), en)).toBe('Retrying (3 of 8): connection refused');
    expect(details(jobView({ status: 'downloading', bytesDone: MiB, size: 4 * MiB, retrying, connections: 2 }), en)).toBe(
      '1.00 MiB of 4.00 MiB · Retrying (3 of 8): connection refused',
    );
  });

  it('never shows "0 B" for a failed or web-page row, and keeps the bytes Retry goes on from', () => {
    // The checksum-mismatch row used to read "Size unknown · 0 B" after 1 MiB had come down.
    expect(details(jobView({ status: 'failed', bytesDone: 0, size: null }), en)).toBe('');
    expect(details(jobView({ status: 'failed', bytesDone: MiB, size: 2 * MiB }), en)).toBe('1.00 MiB of 2.00 MiB');
    expect(details(jobView({ status: 'failed', bytesDone: MiB, size: null }), en)).toBe('1.00 MiB');
    expect(details(jobView({ status: 'web-page', bytesDone: 0, size: 12_000 }), en)).toBe('');
  });

  it('shows no progress for canceled or damaged rows, whose bytes are gone', () => {
    for (const status of ['canceled', 'canceling', 'removing', 'damaged'] as const) {
      expect(details(jobView({ status, bytesDone: MiB }), en), status).toBe('');
    }
  });

  it('shows plain progress in every other state', () => {
    for (const status of ['queued', 'saving', 'paused', 'pausing', 'stopping', 'save-blocked', 'web-page', 'completed'] as const) {
      expect(details(jobView({ status, bytesDone: MiB, size: 4 * MiB, speed: 5, connections: 2 }), en), status).toBe('1.00 MiB of 4.00 MiB');
    }
  });
});

describe('sizeText', () => {
  it('shows a known size in every state', () => {
    for (const status of VIEW_STATUSES) expect(sizeText(jobView({ status, size: 2 * MiB }), en), status).toBe('2.00 MiB');
  });

  it('says "Size unknown" only where the size may still come', () => {
    const said = VIEW_STATUSES.filter((status) => sizeText(jobView({ status, size: null }), en) !== '');
    expect(said.sort()).toEqual(
      (['queued', 'downloading', 'saving', 'paused', 'pausing', 'stopping', 'save-blocked', 'web-page', 'completed'] as ViewStatus[]).sort(),
    );
  });
});

describe('rowReason', () => {
  it('shows the engine’s reason where a job stopped for one', () => {
    expect(rowReason(jobView({ status: 'failed', error: 'Checksum mismatch' }), en)).toBe('Checksum mismatch');
    expect(rowReason(jobView({ status: 'paused', error: 'Not enough space' }), en)).toBe('Not enough space');
    expect(rowReason(jobView({ status: 'paused', error: null }), en)).toBeNull();
    expect(rowReason(jobView({ status: 'web-page', error: 'The server sent a web page' }), en)).toBe('The server sent a web page');
    expect(rowReason(jobView({ status: 'damaged', error: 'This entry is damaged' }), en)).toBe('This entry is damaged');
  });

  it('says why a web-page or damaged row stopped even if the engine sent no words', () => {
    expect(rowReason(jobView({ status: 'web-page' }), en)).toBe('The server sent a web page, not a file (often a sign-in or error page)');
    expect(rowReason(jobView({ status: 'damaged' }), en)).toBe('This entry is damaged');
  });

  it('shows no reason for a running, calm or finished row, even with a stale error', () => {
    for (const status of VIEW_STATUSES) {
      if (['failed', 'paused', 'web-page', 'damaged'].includes(status)) continue;
      expect(rowReason(jobView({ status, error: 'old' }), en), status).toBeNull();
    }
  });
});

describe('rowNotes', () => {
  it('explains a save-blocked row by whether a place was picked', () => {
    expect(rowNotes(jobView({ status: 'save-blocked', hasDestination: true }), en)).toEqual(['All bytes are here. Allow saving to write the file.']);
    expect(rowNotes(jobView({ status: 'save-blocked', hasDestination: false }), en)).toEqual(['All bytes are here. Choose where to save it.']);
  });

  it('keeps the engine’s note first, then another tab, then saving', () => {
    expect(rowNotes(jobView({ status: 'downloading', note: 'The file changed; started again', elsewhere: true }), en)).toEqual([
      'The file changed; started again',
      'Active in another tab',
    ]);
    expect(rowNotes(jobView({ status: 'downloading' }), en)).toEqual([]);
  });
});

describe('progressBar', () => {
  it('is indeterminate only while bytes move and the size is unknown', () => {
    for (const status of VIEW_STATUSES) {
      const moving = status === 'downloading' || status === 'saving';
      expect(progressBar(jobView({ status, size: null })) === null, status).toBe(moving);
    }
  });

  it('stands still at the staged bytes for a stopped row', () => {
    for (const status of ['paused', 'pausing', 'stopping', 'queued', 'failed', 'web-page'] as const) {
      expect(progressBar(jobView({ status, bytesDone: MiB, size: 4 * MiB })), status).toEqual({ value: MiB, max: 4 * MiB });
    }
  });

  it('is empty for dropped bytes and full once every byte is here', () => {
    expect(progressBar(jobView({ status: 'canceled', bytesDone: MiB, size: 4 * MiB }))).toEqual({ value: 0, max: 4 * MiB });
    expect(progressBar(jobView({ status: 'completed', size: null }))).toEqual({ value: 1, max: 1 });
    expect(progressBar(jobView({ status: 'save-blocked', size: 0, bytesDone: 0 }))).toEqual({ value: 1, max: 1 });
    expect(progressBar(jobView({ status: 'queued', size: 0, bytesDone: 0 }))).toEqual({ value: 0, max: 1 });
  });

  it('never runs past the end', () => {
    expect(progressBar(jobView({ status: 'downloading', bytesDone: 5 * MiB, size: 4 * MiB }))).toEqual({ value: 4 * MiB, max: 4 * MiB });
  });
});

describe('in Simplified Chinese', () => {
  it('says a running row in Chinese, with the engine\'s retry reason translated', () => {
    const running = jobView({ status: 'downloading', bytesDone: MiB, size: 4 * MiB, speed: MiB, eta: 125, connections: 6, protocol: 'HTTP/2', serverLimit: 2 });
    expect(details(running, zhCN)).toBe('1.00 MiB / 4.00 MiB · 1.00 MiB/s · 剩余 2分05秒 · 6 个并行请求，经由 HTTP/2（服务器只允许 2 个）');
    const retrying = { attempt: 3, of: 9, reason: 'the server answered 503 Service Unavailable' };
    expect(details(jobView({ status: 'downloading', bytesDone: 0, size: null, retrying }), zhCN)).toBe(
      '正在重试（第 3 次，共 9 次）：服务器返回了 503 Service Unavailable',
    );
  });

  it('says why a row stopped, and its notes, in Chinese', () => {
    const failed = jobView({ status: 'failed', error: 'This server does not allow downloads from other sites (CORS)' });
    expect(rowReason(failed, zhCN)).toBe('此服务器不允许其他网站下载它的文件（CORS）');
    expect(rowReason(jobView({ status: 'web-page', error: null }), zhCN)).toBe(zhCN.row.webPageReason);
    expect(rowNotes(jobView({ status: 'save-blocked', hasDestination: false, note: 'The file changed on the server; started again' }), zhCN)).toEqual([
      '服务器上的文件已更改；已重新开始',
      zhCN.row.chooseWhereToSave,
    ]);
    expect(sizeText(jobView({ status: 'downloading', size: null }), zhCN)).toBe('大小未知');
  });
});

describe('formatWhen', () => {
  it('writes a date the way each language does', () => {
    const midsummer = Date.UTC(2026, 5, 15, 12, 0, 0);
    expect(formatWhen(midsummer, en.locale)).toMatch(/Jun 1[56], 2026/);
    expect(formatWhen(midsummer, zhCN.locale)).toMatch(/2026年6月1[56]日/);
  });
});
