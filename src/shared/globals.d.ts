// src/shared is compiled with lib ES2023 only, yet runs in pages and workers that provide URL.
// When DOM or WebWorker typings are present (they declare `onmessage`) their URL wins, which keeps
// this declaration identical to theirs, as TypeScript requires for a redeclared global (the same
// trick as @types/node uses). Only the members src/shared reads are listed for the fallback.

interface SharedUrl {
  href: string;
  hash: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
  readonly pathname: string;
}

// eslint-disable-next-line no-var
declare var URL: typeof globalThis extends { onmessage: unknown; URL: infer T }
  ? T
  : { new (url: string, base?: string): SharedUrl };
