import type { JobView } from '../shared/types';

const EXPOSE = 'Content-Range, ETag, Content-Disposition, Retry-After';

/** Ready-to-paste server settings that let pages read downloads, by server. */
const SNIPPETS: ReadonlyArray<{ server: string; code: string }> = [
  {
    server: 'nginx',
    code: `add_header Access-Control-Allow-Origin * always;\nadd_header Access-Control-Expose-Headers "${EXPOSE}" always;`,
  },
  {
    server: 'Apache (.htaccess or the site config; needs mod_headers)',
    code: `Header always set Access-Control-Allow-Origin "*"\nHeader always set Access-Control-Expose-Headers "${EXPOSE}"`,
  },
  {
    server: 'Caddy',
    code: `header {\n\tAccess-Control-Allow-Origin *\n\tAccess-Control-Expose-Headers "${EXPOSE}"\n}`,
  },
  {
    server: 'S3 or R2 bucket (CORS rule)',
    code: JSON.stringify([{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD'], AllowedHeaders: ['Range'], ExposeHeaders: EXPOSE.split(', '), MaxAgeSeconds: 3600 }], null, 2),
  },
];

/**
 * For a download this page may not read (a server that refuses other sites, or a plain http link
 * from this https page): the browser's own download needs no permission, so it is offered as a
 * plain link; and for the people who run the server, what to send so pages can read it.
 */
export function CorsHelp({ job }: { job: JobView }) {
  if (job.status !== 'failed' || (job.errorKind !== 'cors' && job.errorKind !== 'mixed-content')) return null;
  return (
    <div class="cors-help">
      <a class="button-link" href={job.url} target="_blank" rel="noopener noreferrer">
        Download with the browser
      </a>
      {job.errorKind === 'cors' && (
        <details>
          <summary>How to fix this</summary>
          <p>
            If you run this server, let other sites read its files: send <code>Access-Control-Allow-Origin</code> (and, for the best
            results, <code>Access-Control-Expose-Headers: {EXPOSE}</code>). A preflight (<code>OPTIONS</code>) need not be answered.
          </p>
          {SNIPPETS.map(({ server, code }) => (
            <figure key={server}>
              <figcaption>{server}</figcaption>
              <pre>
                <code>{code}</code>
              </pre>
            </figure>
          ))}
        </details>
      )}
    </div>
  );
}
