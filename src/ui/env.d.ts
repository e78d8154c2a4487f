interface ImportMetaEnv {
  /** The sample origin's address, defined by vite.config.ts for the dev server only; null in a build. */
  readonly VITE_SAMPLE_ORIGIN: string | null;
}
