import { defineConfig } from 'vitest/config';

// End-to-end tests drive a real headless Chromium against the built app and a local origin server.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    // One browser downloading at a time: parallel files would fight over CPU and connection slots
    // and make the concurrency and reload tests flaky on a 2-core machine.
    fileParallelism: false,
    // Generous: a 64 MiB download plus hashing in the page can be slow on a loaded CI machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
