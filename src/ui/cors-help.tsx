import type { JobView } from '../shared/types';
import { useMessages } from './i18n/context';
import type { Messages } from './i18n/en';
import { Slots } from './i18n/slots';

const EXPOSE = 'Content-Range, ETag, Content-Disposition, Retry-After';

/** Ready-to-paste server settings that let pages read downloads, by server (named in the page's language). */
const SNIPPETS: ReadonlyArray<{ server: (m: Messages) => string; code: string }> = [
  {
    server: () => 'nginx',
    code: `add_header Access-Control-Allow-Origin * always;\nadd_header Access-Control-Expose-Headers "${EXPOSE}" always;`,
  },
  {
    server: (m) => m.cors.apache,
    code: `Header always set Access-Control-Allow-Origin "*"\nHeader always set Access-Control-Expose-Headers "${EXPOSE}"`,
  },
  {
    server: () => 'Caddy',
    code: `header {\n\tAccess-Control-Allow-Origin *\n\tAccess-Control-Expose-Headers "${EXPOSE}"\n}`,
  },
  {
    server: (m) => m.cors.bucket,
    code: JSON.stringify([{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD'], AllowedHeaders: ['Range'], ExposeHeaders: EXPOSE.split(', '), MaxAgeSeconds: 3600 }], null, 2),
  },
];

/**
 * For a download this page may not read (a server that refuses other sites, or a plain http link
 * from this https page): the browser's own download needs no permission, so it is offered as a
 * plain link; and for the people who run the server, what to send so pages can read it.
 */
export function CorsHelp({ job }: { job: JobView }) {
  const m = useMessages();
  if (job.status !== 'failed' || (job.errorKind !== 'cors' && job.errorKind !== 'mixed-content')) return null;
  return (
    <div class="cors-help">
      <a class="button-link" href={job.url} target="_blank" rel="noopener noreferrer">
        {m.cors.viaBrowser}
      </a>
      {job.errorKind === 'cors' && (
        <details>
          <summary>{m.cors.howToFix}</summary>
          <p>
            <Slots
              text={m.cors.explain}
              values={{
                allowOrigin: <code>Access-Control-Allow-Origin</code>,
                exposeHeaders: <code>Access-Control-Expose-Headers: {EXPOSE}</code>,
                preflight: <code>OPTIONS</code>,
              }}
            />
          </p>
          {SNIPPETS.map(({ server, code }) => (
            <figure key={code}>
              <figcaption>{server(m)}</figcaption>
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
