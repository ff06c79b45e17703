import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Logs of a passing test are noise: shown for failing tests only, or for all with DFK_TEST_LOGS=1.
const showLogs = Boolean(process.env.DFK_TEST_LOGS);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One more worker than cores (vitest's default is one fewer): integration files spend much of
    // their time waiting on their stack's processes, sockets and Wait states, not on a core.
    maxWorkers: availableParallelism() + 1,
    reporters: ['default'],
    silent: showLogs ? false : 'passed-only',
    env: {
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
      // CDK's built-in CloudFormation validation starts a wasm engine (seconds per process) and only
      // prints what it finds (as warnings): off for the tests' in-process synthesis, kept by the CLI
      // test (test/infra/cli.test.ts), whose `cdk synth` runs as `cdk deploy` does.
      CDK_VALIDATION: 'false',
    },
    // A vi.stubEnv of one test never reaches the next (files share a worker in the unit project).
    unstubEnvs: true,
    projects: [
      // Files share their worker's modules (isolate: false): importing CDK, the SDK and vitest
      // once per worker instead of once per file is most of what the unit project costs otherwise.
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/infra/**/*.test.ts'],
          exclude: ['test/infra/cli.test.ts'],
          isolate: false,
        },
      },
      // The whole stack: its global setup synthesizes and bundles it once for every file, in the
      // background (the unit files run meanwhile); each file waits for it in its setup file. The CLI
      // test is here because it reuses those bundles. Each file starts and stops runtimes of its own;
      // they share the worker's modules (the local runtime, the SDK, the API description's schemas).
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/infra/cli.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/helpers/assembly-ready.ts'],
          isolate: false,
        },
      },
    ],
  },
});
