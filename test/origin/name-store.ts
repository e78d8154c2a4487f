/**
 * What the origin remembers per file name: request stats, how often each fault was used, the
 * version it serves, switch overrides, and the bodies being sent right now.
 *
 * Stats count every request to /files/:name except CORS preflights, whose number depends on the
 * browser's preflight cache rather than on the code under test. `faults` counts the faults the
 * origin actually injected — a cut when the connection is dropped, a stall when the body stops, a
 * short body when it ends short, each delayed answer, injected status, HTML page, wrong or bad or
 * long or from-zero range, endless body, 200-for-206, hostile-header response, each version change
 * of the name — plus those a test reports with recordFault() (a reload, a crashed renderer...), so
 * a suite counts real injections.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SwitchOverrides } from './options.ts';
import type { Origin } from './server.ts';

/** Faults the origin injects itself; tests may record others (any string) with recordFault(). */
export type OriginFault =
  | 'cut'
  | 'stall'
  | 'status'
  | 'html'
  | 'wrongrange'
  | 'badcr'
  | 'long'
  | 'short'
  | 'norange'
  | 'lie'
  | 'changed'
  | 'fromzero'
  | 'endless';

export interface FileStats {
  requests: number;
  rangeRequests: number;
  /** Body bytes handed to the socket, counted as they are written. */
  bytesSent: number;
  /** File bodies being sent right now. */
  inFlight: number;
  maxInFlight: number;
  /** Range header of each request in order, '' when there was none. */
  ranges: string[];
  /** When each request arrived (ms since the epoch), in the same order as `ranges`. */
  times: number[];
  /** The query string each request came with (before setSwitches overrides), same order. */
  queries: string[];
  /** If-Range header of each request, '' when there was none, same order. */
  ifRanges: string[];
  statuses: number[];
  /** Faults actually injected for this name (see the top of this file). */
  faults: number;
  /** The same, by kind. */
  faultKinds: Record<string, number>;
}

/** The `K` of each limited switch (fails=K, cuts=K...). */
export type Counter =
  | 'fails'
  | 'cuts'
  | 'stalls'
  | 'htmls'
  | 'wrongranges'
  | 'badcrs'
  | 'longs'
  | 'shorts'
  | 'delays'
  | 'fromzeros'
  | 'endlesses';

export interface NameState {
  stats: FileStats;
  /** How many responses got each fault so far (also counted when the switch has no limit). */
  used: Record<Counter, number>;
  /** File bodies being sent now, for cutAll(). */
  live: Set<ServerResponse>;
}

function emptyStats(): FileStats {
  return {
    requests: 0,
    rangeRequests: 0,
    bytesSent: 0,
    inFlight: 0,
    maxInFlight: 0,
    ranges: [],
    times: [],
    queries: [],
    ifRanges: [],
    statuses: [],
    faults: 0,
    faultKinds: {},
  };
}

function noneUsed(): Record<Counter, number> {
  return {
    fails: 0,
    cuts: 0,
    stalls: 0,
    htmls: 0,
    wrongranges: 0,
    badcrs: 0,
    longs: 0,
    shorts: 0,
    delays: 0,
    fromzeros: 0,
    endlesses: 0,
  };
}

/** Whether this response gets the fault; `limit` undefined means every response does. */
export function takeFault(s: NameState, counter: Counter, limit: number | undefined): boolean {
  if (limit !== undefined && s.used[counter] >= limit) return false;
  s.used[counter]++;
  return true;
}

export function countFault(s: NameState, kind: string): void {
  s.stats.faults++;
  s.stats.faultKinds[kind] = (s.stats.faultKinds[kind] ?? 0) + 1;
}

/** Records a file request (not a preflight); returns its index, 1 for the first request of the name. */
export function recordRequest(s: NameState, req: IncomingMessage, query: URLSearchParams): number {
  const st = s.stats;
  const rangeHeader = req.headers.range;
  st.requests++;
  st.ranges.push(rangeHeader ?? '');
  st.times.push(Date.now());
  st.queries.push(query.toString());
  st.ifRanges.push([req.headers['if-range'] ?? ''].flat().join(', '));
  if (rangeHeader !== undefined) st.rangeRequests++;
  return st.requests;
}

export function recordStatus(s: NameState, status: number): void {
  s.stats.statuses.push(status);
}

/** Counts `res` as a body in flight until it closes, and lets cutAll() find it meanwhile. */
export function trackBody(s: NameState, res: ServerResponse): void {
  const st = s.stats;
  st.inFlight++;
  st.maxInFlight = Math.max(st.maxInFlight, st.inFlight);
  s.live.add(res);
  res.once('close', () => {
    st.inFlight--;
    s.live.delete(res);
  });
}

/** The per-name memory of one origin: what serveFile() reads, and the Origin methods that delegate here. */
export interface NameStore
  extends Pick<Origin, 'stats' | 'reset' | 'setVersion' | 'setSwitches' | 'cutAll' | 'recordFault' | 'faultsByName'> {
  /** The name's state, created on first use. */
  state(name: string): NameState;
  version(name: string): number;
  overrides(name: string): SwitchOverrides | undefined;
}

export function createNameStore(): NameStore {
  const names = new Map<string, NameState>();
  const versions = new Map<string, number>();
  const overrides = new Map<string, SwitchOverrides>();

  function state(name: string): NameState {
    let s = names.get(name);
    if (s === undefined) {
      s = { stats: emptyStats(), used: noneUsed(), live: new Set() };
      names.set(name, s);
    }
    return s;
  }

  return {
    state,
    version: (name) => versions.get(name) ?? 0,
    overrides: (name) => overrides.get(name),
    stats: (name) => {
      const st = names.get(name)?.stats ?? emptyStats();
      return {
        ...st,
        ranges: [...st.ranges],
        times: [...st.times],
        queries: [...st.queries],
        ifRanges: [...st.ifRanges],
        statuses: [...st.statuses],
        faultKinds: { ...st.faultKinds },
      };
    },
    reset: () => {
      // inFlight describes live connections, so a reset must not make it go negative later.
      for (const s of names.values()) {
        const inFlight = s.stats.inFlight;
        Object.assign(s.stats, emptyStats(), { inFlight, maxInFlight: inFlight });
        s.used = noneUsed();
      }
      versions.clear();
      overrides.clear();
    },
    setVersion: (name, version) => {
      if ((versions.get(name) ?? 0) !== version) countFault(state(name), 'changed');
      versions.set(name, version);
    },
    setSwitches: (name, switches) => {
      overrides.set(name, { ...overrides.get(name), ...switches });
    },
    cutAll: (name) => {
      const s = names.get(name);
      if (s === undefined) return 0;
      let n = 0;
      for (const res of [...s.live]) {
        if (res.closed) continue;
        res.socket?.destroy();
        countFault(s, 'cut');
        n++;
      }
      return n;
    },
    recordFault: (name, kind) => countFault(state(name), kind),
    faultsByName: () => {
      const out: Record<string, number> = {};
      for (const [name, s] of names) if (s.stats.faults > 0) out[name] = s.stats.faults;
      return out;
    },
  };
}
