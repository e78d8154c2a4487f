import { describe, expect, it } from 'vitest';
import {
  ALL_PHASES,
  isDriving,
  phaseOfStored,
  storedStatusOf,
  transition,
  type JobEvent,
  type Outcome,
  type Phase,
  type StoredStatus,
} from '../../src/shared/job-lifecycle';

/** Short names for phases, so the whole table fits on a screen. */
const LABEL: Record<string, string> = {
  queued:'q',
  starting:'st',
  downloading:'dl',
  saving:'sv',
  'stopping:paused':'s:p',
  'stopping:canceled':'s:c',
  'stopping:removed':'s:r',
  'stopping:queued':'s:q',
  elsewhere:'el',
  paused:'pa',
  'save-blocked': 'sb',
  'web-page': 'wp',
  failed:'fa',
  canceled:'ca',
  completed:'co',
  damaged:'da',
  removed:'rm',
};

function label(p: Phase): string {
  const key = p.kind === 'stopping' ? `stopping:${p.then}` : p.kind;
  const short = LABEL[key];
  if (short === undefined) throw new Error(`no label for ${key}`);
  return short;
}

const command = (c: Extract<JobEvent, { type: 'command' }>['command']): JobEvent => ({ type: 'command', command: c });

/** The table's columns, in order. */
const EVENTS: ReadonlyArray<[string, JobEvent]> = [
  ['pause', command('pause')],
  ['resume', command('resume')],
  ['cancel', command('cancel')],
  ['remove', command('remove')],
  ['retry', command('retry')],
  ['restart', command('restart')],
  ['change-url', command('change-url')],
  ['keep-anyway', command('keep-anyway')],
  ['save-place', command('save-place-granted')],
  ['start', { type: 'start' }],
  ['lock(q)', { type: 'lock-acquired', stored: 'downloading' }],
  ['lock(pa)', { type: 'lock-acquired', stored: 'paused' }],
  ['lock(gone)', { type: 'lock-acquired', stored: null }],
  ['busy', { type: 'lock-busy' }],
  ['remote', { type: 'remote-progress' }],
  ['stored(q)', { type: 'stored-changed', stored: 'queued' }],
  ['stored(pa)', { type: 'stored-changed', stored: 'paused' }],
  ['stored(gone)', { type: 'stored-changed', stored: null }],
  ['staged', { type: 'all-staged' }],
  ['end(co)', { type: 'run-ended', outcome: 'completed' }],
  ['end(kept)', { type: 'run-ended', outcome: 'completed-kept' }],
  ['end(fa)', { type: 'run-ended', outcome: 'failed' }],
  ['end(sum)', { type: 'run-ended', outcome: 'mismatch' }],
  ['end(space)', { type: 'run-ended', outcome: 'no-space' }],
  ['end(sb)', { type: 'run-ended', outcome: 'save-blocked' }],
  ['end(wp)', { type: 'run-ended', outcome: 'web-page' }],
  ['end(stop)', { type: 'run-ended', outcome: 'stopped' }],
  ['unload', { type: 'unload' }],
  ['found(ok)', { type: 'checksum-found', matches: true }],
  ['found(bad)', { type: 'checksum-found', matches: false }],
];

/**
 * Every phase × every event: the phase it leads to, or "-" where it does not apply. Written out
 * by hand from what a person expects, independently of the code.
 *
 *        paus resu cncl rmv  rtry rstr url  keep plc  strt l(q) l(p) l(0) busy rmte s(q) s(p) s(0) stgd co   kept fa   sum  spce sb   wp   stop unld ok   bad
 */
const TABLE: Record<string, string> = {
  q:     'pa   -    ca   rm   -    -    q    -    -    st   -    -    -    -    el   q    pa   rm   -    -    -    -    -    -    -    -    -    -    -    -',
  st:    's:p  -    s:c  s:r  -    -    s:q  -    -    -    dl   pa   rm   el   -    -    -    -    -    co   co   fa   fa   pa   sb   wp   q    s:q  -    -',
  dl:    's:p  -    s:c  s:r  -    -    s:q  -    -    -    -    -    -    -    -    -    -    -    sv   co   co   fa   fa   pa   sb   wp   q    s:q  -    -',
  sv:    's:p  -    s:c  s:r  -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    co   co   fa   fa   pa   sb   wp   q    s:q  -    -',
  's:p': '-    s:q  s:c  s:r  -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    co   co   pa   pa   pa   pa   pa   pa   -    -    -',
  's:c': '-    -    -    s:r  -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    co   co   ca   ca   ca   ca   ca   ca   -    -    -',
  's:r': '-    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    rm   rm   rm   rm   rm   rm   rm   rm   -    -    -',
  's:q': 's:p  -    s:c  s:r  -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    co   co   q    q    q    q    q    q    -    -    -',
  el:    'el   -    el   el   -    -    -    -    -    -    dl   pa   rm   -    el   el   pa   rm   -    -    -    -    -    -    -    -    -    -    -    -',
  pa:    '-    q    ca   rm   -    -    q    -    -    -    -    -    -    -    el   q    pa   rm   -    -    -    -    -    -    -    -    -    -    -    -',
  sb:    '-    -    ca   rm   -    -    -    -    q    -    -    -    -    -    el   q    pa   rm   -    -    -    -    -    -    -    -    -    -    -    -',
  wp:    '-    -    ca   rm   -    -    q    q    -    -    -    -    -    -    el   q    pa   rm   -    -    -    -    -    -    -    -    -    -    -    -',
  fa:    '-    -    ca   rm   q    q    q    -    -    -    -    -    -    -    el   q    pa   rm   -    -    -    -    -    -    -    -    -    -    -    -',
  ca:    '-    -    -    rm   -    q    -    -    -    -    -    -    -    -    el   q    pa   rm   -    -    -    -    -    -    -    -    -    -    -    -',
  co:    '-    -    -    rm   -    q    -    -    -    -    -    -    -    -    el   q    pa   rm   -    -    -    -    -    -    -    -    -    -    co   fa',
  da:    '-    -    -    rm   -    -    -    -    -    -    -    -    -    -    -    q    pa   rm   -    -    -    -    -    -    -    -    -    -    -    -',
  rm:    '-    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -    -',
};

function outcomes(): Array<{ from: Phase; name: string; event: JobEvent; outcome: Outcome }> {
  return ALL_PHASES.flatMap((from) => EVENTS.map(([name, event]) => ({ from, name, event, outcome: transition(from, event) })));
}

describe('the job lifecycle', () => {
  it('lists every phase once', () => {
    expect(ALL_PHASES.map(label).sort()).toEqual(Object.keys(TABLE).sort());
  });

  it('has the expected outcome for every event in every phase', () => {
    for (const from of ALL_PHASES) {
      const expected = (TABLE[label(from)] ?? '').trim().split(/\s+/);
      expect(expected, `row ${label(from)}`).toHaveLength(EVENTS.length);
      const actual = EVENTS.map(([, event]) => {
        const outcome = transition(from, event);
        return outcome.applies ? label(outcome.next) : '-';
      });
      expect(actual, `row ${label(from)}: ${EVENTS.map(([n]) => n).join(' ')}`).toEqual(expected);
    }
  });

  it('gives a reason a person can read whenever an event does not apply', () => {
    for (const { outcome, from, name } of outcomes()) {
      if (!outcome.applies) expect(outcome.reason, `${label(from)} × ${name}`).toMatch(/^[A-Z].{8,}[.]$/);
    }
  });

  it('stores every change of stored status, unless the new status came from the store', () => {
    for (const { from, name, outcome } of outcomes()) {
      if (!outcome.applies) continue;
      const before = storedStatusOf(from);
      const after = storedStatusOf(outcome.next);
      if (after === null || after === before) continue;
      const stored = outcome.effects.includes('save') || outcome.effects.includes('adopt-stored');
      expect(stored, `${label(from)} × ${name} → ${label(outcome.next)}`).toBe(true);
    }
  });

  it('never leaves a running phase for a resting one except when the run has ended or never began', () => {
    for (const { from, name, event, outcome } of outcomes()) {
      if (!outcome.applies || !isDriving(from) || isDriving(outcome.next)) continue;
      expect(['run-ended', 'lock-acquired', 'lock-busy'], `${label(from)} × ${name}`).toContain(event.type);
    }
  });

  it('starts a run only with the lock: entering starting asks for it, entering downloading runs', () => {
    for (const { from, name, outcome } of outcomes()) {
      if (!outcome.applies || outcome.next.kind === from.kind) continue;
      if (outcome.next.kind === 'starting') expect(outcome.effects, `${label(from)} × ${name}`).toContain('request-lock');
      if (outcome.next.kind === 'downloading' && from.kind !== 'downloading') expect(outcome.effects, `${label(from)} × ${name}`).toContain('run');
      if (outcome.effects.includes('run')) expect(['starting', 'elsewhere'], `${label(from)} × ${name}`).toContain(from.kind);
    }
  });

  it('aborts only a run that exists, and every stop it starts is an abort', () => {
    for (const { from, name, outcome } of outcomes()) {
      if (!outcome.applies) continue;
      if (outcome.effects.includes('abort-run')) expect(isDriving(from), `${label(from)} × ${name}`).toBe(true);
      if (outcome.next.kind === 'stopping' && from.kind !== 'stopping') {
        expect(outcome.effects, `${label(from)} × ${name}`).toContain('abort-run');
      }
    }
  });

  it('forwards pause, cancel and remove to the tab that drives the job, and nothing else', () => {
    for (const { from, name, outcome } of outcomes()) {
      if (!outcome.applies || !outcome.effects.includes('forward')) continue;
      expect(from.kind, name).toBe('elsewhere');
      expect(['pause', 'cancel', 'remove']).toContain(name);
    }
  });

  it('throws staged bytes away on Cancel, Remove and Download again, and never on Pause or Retry', () => {
    const discards = (from: Phase, event: JobEvent): boolean => {
      const outcome = transition(from, event);
      return outcome.applies && outcome.effects.includes('discard-staged');
    };
    expect(discards({ kind: 'paused' }, command('cancel'))).toBe(true);
    expect(discards({ kind: 'stopping', then: 'canceled' }, { type: 'run-ended', outcome: 'stopped' })).toBe(true);
    expect(discards({ kind: 'stopping', then: 'removed' }, { type: 'run-ended', outcome: 'failed' })).toBe(true);
    expect(discards({ kind: 'failed' }, command('remove'))).toBe(true);
    expect(discards({ kind: 'canceled' }, command('restart'))).toBe(true);
    for (const { from, name, outcome } of outcomes()) {
      if (!outcome.applies) continue;
      if (['pause', 'resume', 'retry', 'change-url', 'unload'].includes(name)) expect(outcome.effects, `${label(from)} × ${name}`).not.toContain('discard-staged');
    }
  });

  it('a file saved before the stop reached it stays saved, and removing it leaves the file alone', () => {
    const done = { type: 'run-ended', outcome: 'completed' } as const;
    const canceled = transition({ kind: 'stopping', then: 'canceled' }, done);
    expect(canceled).toEqual({ applies: true, next: { kind: 'completed' }, effects: ['save', 'discard-staged'] });
    const removed = transition({ kind: 'stopping', then: 'removed' }, done);
    expect(removed).toEqual({ applies: true, next: { kind: 'removed' }, effects: ['discard-staged', 'delete-record'] });
  });

  it('keeps the staged file of a download with no picked place and hands it over, never discarding it', () => {
    const kept = { type: 'run-ended', outcome: 'completed-kept' } as const;
    for (const from of [{ kind: 'saving' }, { kind: 'stopping', then: 'paused' }, { kind: 'stopping', then: 'canceled' }] as const) {
      expect(transition(from, kept), from.kind).toEqual({ applies: true, next: { kind: 'completed' }, effects: ['save', 'hand-over'] });
    }
    // Removed while it finished: nobody is left to hand it to.
    expect(transition({ kind: 'stopping', then: 'removed' }, kept)).toEqual({
      applies: true,
      next: { kind: 'removed' },
      effects: ['discard-staged', 'delete-record'],
    });
  });

  it('a checksum published for a file that came after it was saved keeps it Completed or fails it, never touching the file', () => {
    const found = (matches: boolean): JobEvent => ({ type: 'checksum-found', matches });
    expect(transition({ kind: 'completed' }, found(true))).toEqual({ applies: true, next: { kind: 'completed' }, effects: ['save'] });
    expect(transition({ kind: 'completed' }, found(false))).toEqual({ applies: true, next: { kind: 'failed' }, effects: ['save'] });
    // While a run is on, the copy itself checks against it.
    expect(transition({ kind: 'saving' }, found(false)).applies).toBe(false);
  });

  it('reads a stored running status as queued: that run belonged to a page that went away', () => {
    const statuses: StoredStatus[] = ['queued', 'downloading', 'saving'];
    for (const s of statuses) expect(phaseOfStored(s)).toEqual({ kind: 'queued' });
    expect(phaseOfStored('save-blocked')).toEqual({ kind: 'save-blocked' });
    expect(storedStatusOf({ kind: 'starting' })).toBe('queued');
    expect(storedStatusOf({ kind: 'stopping', then: 'paused' })).toBeNull();
  });
});
