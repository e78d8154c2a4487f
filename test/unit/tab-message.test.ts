import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import type { JobView } from '../../src/shared/types';
import { parseTabMessage } from '../../src/worker/tabs/tab-message';
import { jobView } from './job-view-fixture';

const view: JobView = jobView({ status: 'downloading', speed: 12.5, eta: 40, connections: 3, retrying: { attempt: 2, of: 9, reason: 'The connection failed' } });

describe('parseTabMessage', () => {
  it('passes each kind of message this app sends', () => {
    const messages = [
      { type: 'views', jobs: [view] },
      { type: 'changed', ids: ['a', 'b'] },
      { type: 'removed', ids: ['a'] },
      { type: 'settings', settings: { ...DEFAULT_SETTINGS, connectionsPerServer: 3 } },
      { type: 'command', id: 'a', action: 'cancel' },
    ];
    for (const message of messages) expect(parseTabMessage(message)).toEqual(message);
  });

  it('accepts only pause, cancel and remove as commands: no other engine method can be reached', () => {
    for (const action of ['setDestination', 'saveSettings', 'resume', 'retry', 'constructor', '__proto__', 'add']) {
      expect(parseTabMessage({ type: 'command', id: 'a', action }), action).toBeNull();
    }
  });

  it('refuses settings the form would refuse (a NaN connection limit would stall every download)', () => {
    expect(parseTabMessage({ type: 'settings', settings: { ...DEFAULT_SETTINGS, connectionsPerServer: Number.NaN } })).toBeNull();
    expect(parseTabMessage({ type: 'settings', settings: { ...DEFAULT_SETTINGS, speedLimitMBps: -1 } })).toBeNull();
    expect(parseTabMessage({ type: 'settings', settings: 'fast' })).toBeNull();
  });

  it('refuses views whose figures a row could not draw, and the whole message with them', () => {
    const broken: Array<Partial<Record<keyof JobView, unknown>>> = [
      { bytesDone: Number.NaN },
      { size: -1 },
      { status: 'exploded' },
      { retrying: { attempt: 'two', of: 9, reason: '' } },
      { name: 42 },
      { id: '' },
    ];
    for (const change of broken) {
      expect(parseTabMessage({ type: 'views', jobs: [view, { ...view, ...change }] }), JSON.stringify(change)).toBeNull();
    }
  });

  it('refuses what is not a message of ours', () => {
    for (const data of [null, 'views', 42, [], { type: 'reload' }, { type: 'changed', ids: 'a' }, { type: 'changed', ids: [1] }]) {
      expect(parseTabMessage(data), JSON.stringify(data)).toBeNull();
    }
  });
});
