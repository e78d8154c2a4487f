interface ImportMetaEnv {
  /**
   * True in a build, false on the dev server (scripts/app-shell-plugin.ts). Not PROD: a build made
   * with NODE_ENV=test (the e2e tests build under Vitest) has PROD false and still needs its worker.
   */
  readonly VITE_SERVICE_WORKER: boolean;
}
