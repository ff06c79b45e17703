// The `dfk` CLI (cli/) as a user runs it: a child process against the local stack.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { writeRuntimeFile } from '#local/runtime-file';
import { booksScheme, expectedBooks } from '#test/helpers/books';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { useTestRuntime } from '#test/helpers/runtime';
import packageJson from '../../package.json' with { type: 'json' };

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(REPO, packageJson.bin.dfk);

// Progress is written (and a cancel noticed) every 200 ms instead of every 2 s.
const stack = useTestRuntime({ env: { DFK_PROGRESS_SECONDS: '0.2' } });
let site: FixtureSite;
let slowSite: FixtureSite;
let dir: string;

beforeAll(async () => {
  site = await startFixtureSite({ pages: 3, perPage: 2 });
  slowSite = await startFixtureSite({ pages: 100, perPage: 3, delayMs: 100 });
  dir = await mkdtemp(join(tmpdir(), 'dfk-cli-'));
});

afterAll(async () => {
  await Promise.all([site?.close(), slowSite?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  /** What it has printed so far. */
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts `node cli/dfk.ts …` in `dir`, against the test stack unless `env` says otherwise. */
function start(
  args: string[],
  env: Record<string, string | undefined> = {},
  command = [process.execPath, BIN],
  cwd = dir,
) {
  const [file = '', ...prefix] = command;
  const child = spawn(file, [...prefix, ...args], {
    cwd,
    env: {
      ...process.env,
      DFK_API_URL: stack.runtime.baseUrl,
      DFK_API_KEY: stack.runtime.apiKey,
      DFK_DATA_DIR: join(dir, 'no-stack'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited } satisfies Run;
}

const dfk = (args: string[], env?: Record<string, string | undefined>) => start(args, env).exited;

const writeJson = async (name: string, value: unknown) => {
  await writeFile(join(dir, name), JSON.stringify(value));
  return name;
};

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);

const taskIdIn = (stderr: string) => /^Task (\w{24})$/m.exec(stderr)?.[1] ?? '';

describe('dfk run', () => {
  it('crawls, prints a progress line per change and saves the exact records', async () => {
    const scheme = await writeJson('books.json', booksScheme(site, { format: 'csv' }));
    const { code, stderr } = await dfk(['run', scheme, '--format', 'jsonl', '-o', 'books.jsonl']);
    expect(code, stderr).toBe(0);
    expect(jsonLines(await readFile(join(dir, 'books.jsonl'), 'utf8'))).toEqual(expectedBooks(site, 3));
    expect(stderr).toMatch(/^queued {2}requests 0 {2}failed 0/m);
    expect(stderr).toMatch(/^completed {2}requests 3 {2}failed 0 {2}records 6 {2}elapsed \d+s/m);
    expect(stderr).toMatch(/^Saved 6 records, [\d.]+ (B|kB) to books\.jsonl$/m);

    // Without -o or --format: the scheme's name and format.
    const plain = await dfk(['run', scheme]);
    expect(plain.code, plain.stderr).toBe(0);
    const csv = (await readFile(join(dir, 'books.csv'), 'utf8')).trimEnd().split(/\r?\n/);
    expect(csv[0]).toBe('Title_text,Title_href,Price_text,Cover_src,Cover_alt');
    expect(csv).toHaveLength(7);
  });

  it('cancels the task on Ctrl-C, saves the partial data and exits 130', async () => {
    const scheme = await writeJson(
      'slow.json',
      booksScheme(slowSite, { paginator: { nextPageSelector: 'li.next a', pageNum: 100 } }),
    );
    const run = start(['run', scheme, '-o', 'partial.json']);
    const deadline = Date.now() + 30_000;
    while (!/requests ([3-9]|\d\d)/.test(run.stderr()) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    run.child.kill('SIGINT');
    const { code, stderr } = await run.exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/^Cancelling \w{24}…/m);
    expect(stderr).toMatch(/^Saved the partial results \([\d.]+ kB\) to partial\.json$/m);

    const task = await stack.api<TaskView>('GET', `/tasks/${taskIdIn(stderr)}`);
    expect(task.body.status).toBe('cancelled');
    const records = JSON.parse(await readFile(join(dir, 'partial.json'), 'utf8')) as unknown[];
    expect(records.length).toBeGreaterThanOrEqual(3 * 3);
    expect(records.length).toBeLessThan(100 * 3);
    expect(records).toEqual(expectedBooks(slowSite, records.length / 3));
  });

  it('prints a scheme the API refuses field by field, and exits 2', async () => {
    const bad = booksScheme(site, {
      fields: [
        {
          name: 'Code',
          selector: 'p',
          type: 1,
          attrs: ['text'],
          filters: [{ name: 'regex', param: '(a)\\1' }],
        },
      ],
    });
    const { code, stderr } = await dfk(['run', await writeJson('bad.json', bad)]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^dfk: .+ \(HTTP 400, bad_request\)$/m);
    expect(stderr).toMatch(/^ {2}scheme\.fields\.0\.filters\.0\.param: .*backreference/im);

    await writeFile(join(dir, 'broken.json'), '{"name": ');
    const broken = await dfk(['run', 'broken.json']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^dfk: broken\.json is not JSON/m);
  });

  it('exits 1 with the 401 message on a wrong key', async () => {
    const { code, stderr } = await dfk(['run', 'books.json', '--api-key', 'dfk_wrong']);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('dfk: Invalid API key (HTTP 401, unauthorized)');
  });
});

describe('dfk convert', () => {
  it('converts one sheet of a real xlsx to csv, named after the input', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Summary').addRow(['total', 3]);
    const orders = book.addWorksheet('Orders');
    orders.addRow(['sku', 'qty', 'price', 'shipped']);
    orders.addRow(['A1', 2, 9.5, new Date(Date.UTC(2026, 2, 1))]);
    orders.addRow(['B2, large', 10, 0.25, null]);
    await writeFile(join(dir, 'orders.xlsx'), Buffer.from(await book.xlsx.writeBuffer()));

    const { code, stderr } = await dfk(['convert', 'orders.xlsx', '--to', 'csv', '--sheet', 'Orders']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^Saved [\d.]+ B to orders\.csv$/m);
    expect((await readFile(join(dir, 'orders.csv'), 'utf8')).split(/\r?\n/)).toEqual([
      'sku,qty,price,shipped',
      'A1,2,9.5,2026-03-01',
      '"B2, large",10,0.25,',
      '',
    ]);
  });
});

describe('the other commands', () => {
  it('lists, shows, downloads and deletes tasks, with the local stack found through .dfk', async () => {
    const scheme = booksScheme(site);
    const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme, run: true, wait: 20 });
    expect(created.body.status).toBe('completed');
    const id = created.body.id;

    // No DFK_API_URL or key: the running stack's runtime.json and local-key, as `npm start` leaves them.
    const dataDir = join(dir, 'data');
    await mkdir(dataDir, { recursive: true });
    await writeRuntimeFile(dataDir, {
      pid: process.pid,
      endpoints: { ...stack.runtime.endpoints },
      tableName: stack.runtime.tableName,
      bucketName: stack.runtime.bucketName,
      startedAt: new Date().toISOString(),
    });
    await writeFile(join(dataDir, 'local-key'), `${stack.runtime.apiKey}\n`);
    const local = { DFK_API_URL: undefined, DFK_API_KEY: undefined, DFK_DATA_DIR: dataDir };
    const listed = await dfk(['tasks', '--json', '--order', 'desc', '--limit', '2'], local);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as TaskView[]).map((task) => task.id)[0]).toBe(id);
    const tableOut = await dfk(['tasks', '--status', 'completed'], local);
    expect(tableOut.stdout).toMatch(/^ID +TYPE +STATUS +REQUESTS +RECORDS +CREATED +ELAPSED$/m);
    expect(tableOut.stdout).toMatch(new RegExp(`^${id} +extraction +completed +3 +6 `, 'm'));

    expect(JSON.parse((await dfk(['info', id])).stdout)).toMatchObject({ id, status: 'completed' });
    expect(JSON.parse((await dfk(['scheme', id])).stdout)).toEqual(scheme);
    const stored = await dfk(['store', id, '--format', 'jsonl']);
    expect(jsonLines(stored.stdout)).toEqual(expectedBooks(site, 3));

    expect((await dfk(['delete', id])).code).toBe(0);
    const gone = await dfk(['info', id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/\(HTTP 404, not_found\)/);
  });

  it('downloads with export options: store --fields -o, and run with its download’s options', async () => {
    const created = await stack.api<TaskView>('POST', '/tasks/create', {
      scheme: booksScheme(site),
      run: true,
      wait: 20,
    });
    expect(created.body.status).toBe('completed');
    const books = expectedBooks(site, 3);

    const stored = await dfk([
      'store',
      created.body.id,
      '--format',
      'jsonl',
      '--fields',
      'Price_text,Title_text',
      '-o',
      'picked.jsonl',
    ]);
    expect(stored.code, stored.stderr).toBe(0);
    expect(await readFile(join(dir, 'picked.jsonl'), 'utf8')).toBe(
      books
        .map((book) => `${JSON.stringify({ Price_text: book.Price_text, Title_text: book.Title_text })}\n`)
        .join(''),
    );
    const link = await dfk([
      'store',
      created.body.id,
      '--format',
      'csv',
      '--omit',
      'Cover_src,Cover_alt',
      '--bom',
      '--delimiter',
      'tab',
      '--link',
    ]);
    expect(JSON.parse(link.stdout)).toMatchObject({
      options: { omit: ['Cover_alt', 'Cover_src'], bom: true, delimiter: '\t' },
    });

    const scheme = await writeJson('picked.json', booksScheme(site));
    const run = await dfk([
      'run',
      scheme,
      '--format',
      'csv',
      '--fields',
      'Title_text',
      '--delimiter',
      ';',
      '-o',
      'titles.csv',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const titles = books.map((book) =>
      /[;"\n]/.test(book.Title_text) ? `"${book.Title_text.replace(/"/g, '""')}"` : book.Title_text,
    );
    expect(await readFile(join(dir, 'titles.csv'), 'utf8')).toBe(`Title_text\n${titles.join('\n')}\n`);

    const unknown = await dfk(['store', created.body.id, '--fields', 'Author']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'unknown field "Author"; the known fields are Title_text, Title_href, Price_text, Cover_src, Cover_alt',
    );
  });

  it('adds, lists and removes a webhook endpoint', async () => {
    const added = await dfk(['webhooks', 'add', 'http://127.0.0.1:9/hooks', '--events', 'task.completed']);
    expect(added.code, added.stderr).toBe(0);
    const id = added.stdout.trim();
    expect(added.stderr).toMatch(/^Signing secret \(shown only now\): whsec_/m);
    const listed = JSON.parse((await dfk(['webhooks', 'list', '--json'])).stdout) as {
      id: string;
      events: string[];
    }[];
    expect(listed.find((endpoint) => endpoint.id === id)?.events).toEqual(['task.completed']);
    expect((await dfk(['webhooks', 'rm', id])).code).toBe(0);
    expect((await dfk(['webhooks', 'list', '--json'])).stdout).not.toContain(id);
  });

  it('runs as `npx dfk` from the checkout, on the project’s Node', async () => {
    // PATH without node_modules/.bin: its node is the machine's (Node 20 here, which cannot run .ts) unless npx puts the project's first.
    const PATH = process.env.PATH?.split(':')
      .filter((entry) => !entry.endsWith('node_modules/.bin'))
      .join(':');
    const run = start(['--version'], { PATH }, ['npx', 'dfk'], REPO);
    const { code, stdout, stderr } = await run.exited;
    expect(code, stderr).toBe(0);
    expect(stdout.trim()).toBe(packageJson.version);
  });
});
