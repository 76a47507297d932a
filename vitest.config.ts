import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/emulator-setup.ts'],
    // The emulator tests share one moto server and the binary tests spawn
    // Node: give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      // Never a real AWS endpoint or the instance metadata service.
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SESSION_TOKEN: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      TZ: 'UTC',
      NO_COLOR: '1',
      // The CLI turns the SDK's Node-version notice off in bin.ts; in-process tests do here.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
