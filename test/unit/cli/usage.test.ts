import { afterEach, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';

const COMMANDS = [
  [],
  ['run'],
  ['convert'],
  ['tasks'],
  ['info'],
  ['cancel'],
  ['delete'],
  ['scheme'],
  ['store'],
  ['webhooks'],
  ['webhooks', 'add'],
  ['webhooks', 'list'],
  ['webhooks', 'rm'],
  ['webhooks', 'deliveries'],
];

afterEach(() => {
  vi.restoreAllMocks();
});

/** What main() printed on stdout and stderr, and its exit code. */
async function dfk(...args: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  const code = await main(['node', 'dfk', ...args]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

it.each(COMMANDS)('dfk %s --help prints its usage and exits 0', async (...path: string[]) => {
  const { code, stdout } = await dfk(...path, '--help');
  expect(code).toBe(0);
  expect(stdout).toMatch(new RegExp(`^Usage: dfk ${path.map((word) => `${word} `).join('')}`));
  expect(stdout).toMatch(/-h, --help/);
});

it.each([
  [['tasks', '--limit', 'x'], /option '--limit <n>' argument 'x' is invalid/],
  [['tasks', '--status', 'done'], /Allowed choices are initialized, queued/],
  [['convert', 'orders.xlsx'], /required option '-t, --to <format>' not specified/],
  [['run'], /missing required argument 'scheme'/],
  [['launch'], /unknown command 'launch'/],
  [[], /Usage: dfk/],
])('dfk %s is bad usage: exit code 2 and why', async (args, why) => {
  const { code, stderr } = await dfk(...args);
  expect(code).toBe(2);
  expect(stderr).toMatch(why);
});

it('exits 2 without an API to talk to', async () => {
  vi.stubEnv('DFK_API_URL', '');
  vi.stubEnv('DFK_DATA_DIR', '/nonexistent');
  const { code, stderr } = await dfk('tasks');
  expect(code).toBe(2);
  expect(stderr).toMatch(/No API to talk to: set DFK_API_URL/);
});
