import { formatBytes } from '../../shared/format';
import { DownloadError } from '../download-error';

/** What the browser says of this site's storage (navigator.storage.estimate()). */
export type StorageEstimator = () => Promise<{ quota?: number; usage?: number }>;

export const browserEstimate: StorageEstimator = () =>
  typeof navigator.storage?.estimate === 'function' ? navigator.storage.estimate() : Promise.resolve({});

/**
 * Compares the space a job of `size` bytes still needs (`toStage` more to stage, and the final
 * copy) with what the browser says is free, so a full disk is said up front.
 */
export async function ensureSpace(size: number, toStage: number, estimate: StorageEstimator = browserEstimate): Promise<void> {
  if (size === 0) return;
  const { quota, usage } = await estimate();
  if (quota === undefined || usage === undefined) return;
  const needed = Math.max(0, toStage) + size;
  const free = quota - usage;
  if (needed > free) {
    throw new DownloadError('quota', `Not enough space: this download needs ${formatBytes(needed)} more and the browser has ${formatBytes(Math.max(0, free))} free for this site`, false);
  }
}

/** How often a download of unknown size asks the browser for its free space. */
export const SPACE_CHECK_BYTES = 64 << 20;

/**
 * A download of unknown size (no Content-Length) cannot reserve its space up front, and a server
 * can send a body that never ends. So as its bytes arrive, every SPACE_CHECK_BYTES, the free
 * space is asked for again: the next SPACE_CHECK_BYTES must fit, and so must the copy of all that
 * will then be staged. The download stops with a clear reason before it fills the site's quota,
 * which every other download and the copy share.
 */
export class StreamSpaceWatch {
  private nextCheckAt = 0;

  constructor(private readonly estimate: StorageEstimator = browserEstimate) {}

  /** Whether `staged` bytes call for another look at the free space. */
  due(staged: number): boolean {
    return staged >= this.nextCheckAt;
  }

  /** The failure to stop with, or null when there is room for the next stretch. */
  async check(staged: number): Promise<DownloadError | null> {
    this.nextCheckAt = staged + SPACE_CHECK_BYTES;
    const { quota, usage } = await this.estimate();
    if (quota === undefined || usage === undefined) return null;
    // The staged bytes are part of `usage` already.
    const free = quota - usage;
    const needed = SPACE_CHECK_BYTES + staged + SPACE_CHECK_BYTES;
    if (needed <= free) return null;
    return new DownloadError(
      'quota',
      `Not enough space: this download of unknown size has ${formatBytes(staged)} so far and would need more space than the browser has free for this site (${formatBytes(Math.max(0, free))}). Free some space, then Resume.`,
      false,
    );
  }
}
