import { describe, expect, it } from 'vitest';
import { en } from '../../src/ui/i18n/en';
import { zhCN } from '../../src/ui/i18n/zh-CN';
import { countsText, overviewOf, progressText, titleOf } from '../../src/ui/overview-text';
import { jobView } from './job-view-fixture';

const MiB = 1024 * 1024;

describe('overview of the list', () => {
  const jobs = [
    jobView({ id: 'a', status: 'downloading', size: 10 * MiB, bytesDone: 4 * MiB, speed: 2 * MiB }),
    jobView({ id: 'b', status: 'saving', size: 10 * MiB, bytesDone: 10 * MiB, speed: 0 }),
    jobView({ id: 'c', status: 'queued', size: 20 * MiB, bytesDone: 0 }),
    jobView({ id: 'd', status: 'completed', size: 5 * MiB, bytesDone: 5 * MiB }),
    jobView({ id: 'e', status: 'failed', size: 5 * MiB, bytesDone: MiB }),
    jobView({ id: 'f', status: 'canceled', size: 5 * MiB, bytesDone: 0 }),
  ];

  it('counts jobs by what they are doing, and sums the bytes and speed of those still to finish', () => {
    const o = overviewOf(jobs);
    expect(o).toMatchObject({ downloading: 2, queued: 1, completed: 1, failed: 1, paused: 0, speed: 2 * MiB, bytesDone: 14 * MiB, bytesTotal: 40 * MiB });
    expect(o.eta).toBe(13);
    expect(countsText(o, en)).toBe('2 downloading · 1 queued · 1 completed · 1 failed');
    expect(progressText(o, en)).toBe('2.00 MiB/s · 14.0 MiB of 40.0 MiB · 13 s left');
  });

  it('leaves the total unknown when one job to finish has no known size', () => {
    const o = overviewOf([...jobs, jobView({ id: 'g', status: 'downloading', size: null, bytesDone: MiB })]);
    expect(o.bytesTotal).toBeNull();
    expect(o.eta).toBeNull();
  });

  it('says nothing of progress once nothing is left to finish, and nothing at all for an empty list', () => {
    const done = overviewOf([jobView({ status: 'completed' })]);
    expect(progressText(done, en)).toBeNull();
    expect(countsText(overviewOf([]), en)).toBeNull();
  });
});

describe('the tab title', () => {
  it('carries the percentage and the count while anything runs', () => {
    const o = overviewOf([jobView({ status: 'downloading', size: 100, bytesDone: 42 }), jobView({ id: 'q', status: 'queued', size: 100, bytesDone: 0 })]);
    expect(titleOf(o, true, en)).toBe('21% · 2 downloading — Rangefetch');
    expect(titleOf(overviewOf([jobView({ status: 'queued', size: null })]), false, en)).toBe('1 queued — Rangefetch');
  });

  it('says Done, Paused or how many failed once everything stopped after running, and only the name before', () => {
    expect(titleOf(overviewOf([jobView({ status: 'completed' })]), true, en)).toBe('Done — Rangefetch');
    expect(titleOf(overviewOf([jobView({ status: 'completed' })]), false, en)).toBe('Rangefetch');
    expect(titleOf(overviewOf([jobView({ status: 'failed' }), jobView({ id: 'p', status: 'paused' })]), true, en)).toBe('1 failed — Rangefetch');
    expect(titleOf(overviewOf([jobView({ status: 'paused' })]), true, en)).toBe('Paused — Rangefetch');
  });
});

describe('in Simplified Chinese', () => {
  it('counts, sums up and titles the tab in Chinese', () => {
    const o = overviewOf([
      jobView({ id: 'a', status: 'downloading', size: 10 * 1024 * 1024, bytesDone: 4 * 1024 * 1024, speed: 1024 * 1024 }),
      jobView({ id: 'b', status: 'failed' }),
    ]);
    expect(countsText(o, zhCN)).toBe('1\u00a0个下载中 · 1\u00a0个失败');
    expect(progressText(o, zhCN)).toBe('1.00 MiB/s · 4.00 MiB / 10.0 MiB · 剩余 6秒');
    expect(titleOf(o, true, zhCN)).toBe('40% · 1\u00a0个下载中 — Rangefetch');
    expect(titleOf(overviewOf([jobView({ status: 'paused' })]), true, zhCN)).toBe('已暂停 — Rangefetch');
  });
});
