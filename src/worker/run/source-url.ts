import { keepWindow } from '../../shared/url-window';
import { DownloadError, isGoneAnswer } from '../download-error';

/**
 * Where a run's ranges are asked. A link that redirects (a CDN, a signed-URL service) is followed
 * once, by the probe; the pieces then ask the final URL directly, saving the redirect (and its
 * round trip) per piece. Signed final URLs expire: when the final URL refuses, the link is asked
 * again, which redirects to a fresh one.
 */
export class SourceUrl {
  private final: string | null = null;

  constructor(private readonly link: () => string) {}

  /** The URL to ask now. */
  get current(): string {
    return this.final ?? this.link();
  }

  /** `response` answered a request: where it was redirected is asked directly from now on. */
  answered(response: Pick<Response, 'redirected' | 'url'>): void {
    // A window of the link (one entry of a ZIP) is a window of where it leads.
    if (response.redirected && response.url !== '') this.final = keepWindow(this.link(), response.url);
  }

  /**
   * A request to `asked` failed with `error`. True when it went to a final URL that looks expired:
   * the link itself is asked from now on (until its next redirect), and the request can go again.
   */
  fallBack(asked: string, error: unknown): boolean {
    if (this.final === null || asked !== this.final || !(error instanceof DownloadError)) return false;
    // What a short-lived redirect target (a signed URL) answers once it expired.
    const expired = error.kind === 'unreadable' || isGoneAnswer(error);
    if (!expired) return false;
    this.final = null;
    return true;
  }
}
