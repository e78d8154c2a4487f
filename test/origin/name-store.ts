/**
 * What the origin remembers per file name: request stats, how often each fault was used, the
 * version it serves, switch overrides, and the bodies being sent right now.
 *
 * Stats count every request to /files/:name except CORS preflights, whose number depends on the
 * browser's preflight cache rather than on the code under test; `preflights` alone counts those.
 * A redirect (redirect=1) and its target are two requests. `faults` counts the faults the
 * origin actually injected — a cut when the connection is dropped, a stall when the body stops, a
 * short body when it ends short, each delayed answer, injected status, HTML page, wrong or bad or
 * long or from-zero range, endless body, 200-for-206, hostile-header response, 503 of maxconns=
 * ('limit'), 403 of an expired signature ('expired'), each version change of the name — plus those a test reports with recordFault() (a reload, a crashed renderer...), so
 * a suite counts real injections.
 */
import type { SwitchOverrides } from './options.ts';
import { dropConnection, isClosed, type OriginRequest, type OriginResponse } from './exchange.ts';
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
  | 'endless'
  | 'limit'
  | 'expired';

export interface FileStats {
  requests: number;
  rangeRequests: number;
  /** Body bytes handed to the socket, counted as they are written. */
  bytesSent: number;
  /** CORS preflights (OPTIONS) for the name, however they were answered; in no other field. */
  preflights: number;
  /** File bodies being sent right now (not the answers that stand in for them, nor 503s). */
  inFlight: number;
  maxInFlight: number;
  /** Requests refused with 503 by maxconns=. */
  limited: number;
  /** 302s of redirect=1. */
  redirects: number;
  /** Range header of each request in order, '' when there was none. */
  ranges: string[];
  /** When each request arrived (ms since the epoch), in the same order as `ranges`. */
  times: number[];
  /** The query string each request came with (before setSwitches overrides), same order. */
  queries: string[];
  /** If-Range header of each request, '' when there was none, same order. */
  ifRanges: string[];
  /** HTTP version of each request ('1.1', '2.0'), same order. */
  protocols: string[];
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
  /** File bodies being sent now, with the client address of each: for cutAll() and maxconns=. */
  live: Map<OriginResponse, string>;
}

function emptyStats(): FileStats {
  return {
    requests: 0,
    rangeRequests: 0,
    bytesSent: 0,
    preflights: 0,
    inFlight: 0,
    maxInFlight: 0,
    limited: 0,
    redirects: 0,
    ranges: [],
    times: [],
    queries: [],
    ifRanges: [],
    protocols: [],
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
export function recordRequest(s: NameState, req: OriginRequest, query: URLSearchParams): number {
  const st = s.stats;
  const rangeHeader = req.headers.range;
  st.requests++;
  st.ranges.push(rangeHeader ?? '');
  st.times.push(Date.now());
  st.queries.push(query.toString());
  st.ifRanges.push([req.headers['if-range'] ?? ''].flat().join(', '));
  st.protocols.push(req.httpVersion);
  if (rangeHeader !== undefined) st.rangeRequests++;
  return st.requests;
}

export function recordStatus(s: NameState, status: number): void {
  s.stats.statuses.push(status);
}

/** Counts `res` as a body in flight until it closes, and lets cutAll() find it meanwhile. */
export function trackBody(s: NameState, res: OriginResponse, address: string): void {
  const st = s.stats;
  st.inFlight++;
  st.maxInFlight = Math.max(st.maxInFlight, st.inFlight);
  s.live.set(res, address);
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
  /** Every name given switches with setSwitches() since the last reset. */
  switchedNames(): string[];
}

export function createNameStore(): NameStore {
  const names = new Map<string, NameState>();
  const versions = new Map<string, number>();
  const overrides = new Map<string, SwitchOverrides>();

  function state(name: string): NameState {
    let s = names.get(name);
    if (s === undefined) {
      s = { stats: emptyStats(), used: noneUsed(), live: new Map() };
      names.set(name, s);
    }
    return s;
  }

  return {
    state,
    version: (name) => versions.get(name) ?? 0,
    overrides: (name) => overrides.get(name),
    switchedNames: () => [...overrides.keys()],
    stats: (name) => {
      const st = names.get(name)?.stats ?? emptyStats();
      return {
        ...st,
        ranges: [...st.ranges],
        times: [...st.times],
        queries: [...st.queries],
        ifRanges: [...st.ifRanges],
        protocols: [...st.protocols],
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
      for (const res of [...s.live.keys()]) {
        if (isClosed(res)) continue;
        void dropConnection(res, false);
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
