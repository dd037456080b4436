import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The SDK's Node 20 support notice would clutter every test that builds a client.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // ink-testing-library draws on a fake terminal; with CI set, Ink would blank the frame at exit.
      CI: 'false',
      CONTINUOUS_INTEGRATION: 'false',
    },
  },
});
