import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    globalSetup: ['test/support/globalSetup.ts'],
    // Generous: scrypt-heavy sign-in tests run many hashes, and CI machines have two cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
