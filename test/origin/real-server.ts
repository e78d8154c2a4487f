/**
 * How servers as people configure them (nginx 1.22, S3/CDN presigned links) answer before the
 * file itself: a preflight they do not support (`options=`), a redirect to a signed URL
 * (`redirect=`) that expires (`sigttl=`), and a per-client connection limit (`maxconns=`). See the
 * switch list in serve-file.ts.
 */
import type { FileOptions } from './options.ts';
import type { OriginRequest, OriginResponse } from './exchange.ts';
import { cors, corsFor, preflight, sendText } from './respond.ts';
import { countFault, recordStatus, type NameState } from './name-store.ts';
import { retryAfterHeader } from './injected-answers.ts';

/** Answers a CORS preflight: properly, or as `options=` says. Every one counts in stats.preflights. */
export function answerPreflight(req: OriginRequest, res: OriginResponse, o: FileOptions, s: NameState): void {
  s.stats.preflights++;
  if (o.options === '405') {
    // nginx's static module allows only GET, HEAD and POST, and add_header skips a 405.
    return sendText(res, 405, 'method not allowed\n', {});
  }
  if (o.options === '302') {
    // `return 302 $request_uri;`: add_header covers a 302, so CORS headers are there.
    const location = req.url ?? '/';
    return sendText(res, 302, `found: ${location}\n`, { ...cors(o), Location: location });
  }
  preflight(res, o);
}

/** With redirect=1, answers 302 to a signed URL of the file unless this is that URL; returns whether it did. */
export function answerRedirect(res: OriginResponse, o: FileOptions, s: NameState, name: string, query: URLSearchParams): boolean {
  if (!o.redirect || query.has('sig')) return false;
  const target = new URLSearchParams(query);
  target.delete('redirect');
  target.set('sig', String(Date.now()));
  const location = `/files/${encodeURIComponent(name)}?${target.toString()}`;
  s.stats.redirects++;
  recordStatus(s, 302);
  sendText(res, 302, `found: ${location}\n`, { ...cors(o), Location: location });
  return true;
}

/** With sigttl=, answers 403 when the URL's sig= is missing or too old; returns whether it did. */
export function answerExpiredSignature(res: OriginResponse, o: FileOptions, s: NameState, query: URLSearchParams): boolean {
  if (o.sigttl === undefined) return false;
  const signed = Number(query.get('sig') ?? Number.NaN);
  // A sig from the future (another clock) is as good as a fresh one.
  if (Number.isSafeInteger(signed) && Date.now() - signed <= o.sigttl) return false;
  recordStatus(s, 403);
  countFault(s, 'expired');
  sendText(res, 403, 'request has expired\n', corsFor(o, 403));
  return true;
}

/**
 * With maxconns=N, answers 503 when N bodies of the name are already being sent to `address`
 * (nginx limit_conn); returns whether it did. The caller must start tracking its own body before
 * it next awaits, or two requests could both see N-1.
 */
export function answerConnectionLimit(res: OriginResponse, o: FileOptions, s: NameState, address: string): boolean {
  if (o.maxconns === undefined) return false;
  let live = 0;
  for (const from of s.live.values()) if (from === address) live++;
  if (live < o.maxconns) return false;
  s.stats.limited++;
  recordStatus(s, 503);
  countFault(s, 'limit');
  sendText(res, 503, 'service temporarily unavailable\n', { ...corsFor(o, 503), ...retryAfterHeader(o) });
  return true;
}
