import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE } from '#infra/openapi';

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('the API description', () => {
  it('passes redocly lint with redocly.yaml: no errors, no warnings', async () => {
    // Act: the CLI exits 1 on errors, so its JSON report is read either way.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, 'lint', '--format=json', '--config', 'redocly.yaml', fileURLToPath(OPENAPI_FILE)],
      {
        cwd: root,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const { problems } = JSON.parse(stdout) as { problems: LintProblem[] };

    // Assess
    const found = problems.map(
      ({ severity, ruleId, message, location }) =>
        `${severity} ${ruleId} at ${location[0]?.pointer ?? '#'}: ${message}`,
    );
    expect(found).toEqual([]);
  }, 30_000);
});
