/** Why a download stopped, in words a person can act on. Errors are values; abort is not one. */
export type FailureKind =
  | 'cors'
  | 'network'
  | 'http'
  | 'changed'
  | 'bad-response'
  | 'quota'
  | 'permission'
  | 'storage';

export class DownloadError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** The remote file is not the one whose bytes are staged: start again rather than splice. */
export class FileChangedError extends DownloadError {
  constructor(detail: string) {
    super('changed', `The file changed on the server (${detail})`, false);
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}

/** Turns anything thrown while downloading into a DownloadError with a readable message. */
export function toDownloadError(error: unknown): DownloadError {
  if (error instanceof DownloadError) return error;
  if (isQuotaError(error)) {
    return new DownloadError('quota', 'Not enough space for this download', false);
  }
  if (error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'SecurityError')) {
    return new DownloadError('permission', 'Permission to save the file was denied', false);
  }
  if (error instanceof TypeError) {
    return new DownloadError('network', `The connection failed (${error.message})`, true);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DownloadError('storage', `Unexpected error: ${message}`, false);
}
