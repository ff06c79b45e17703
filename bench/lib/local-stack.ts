/**
 * `npm start`'s stack as a child of a benchmark: `node [flags] infra/local/main.ts` on a free port
 * and the given data directory, resolved once it prints where it listens and its API key.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_MS = 300_000;

export interface LocalStack {
  child: ChildProcess;
  pid: number;
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  apiKey: string;
  /** The last 20,000 characters the stack wrote to stderr. */
  stderr(): string;
  /** SIGTERM (what Ctrl-C does), then SIGKILL if it has not stopped in 30 s. */
  stop(): Promise<void>;
}

export function startLocalStack(options: {
  dataDir: string;
  /** Node flags before the script (`--inspect=127.0.0.1:0`, `--import …`). */
  nodeFlags?: string[];
  /** Variables over the caller's environment (DFK_API_KEY is never passed: the stack makes its own). */
  env?: Record<string, string>;
  /** Also wait until this holds of stderr (the inspector's URL). */
  readyWhen?: (stderr: string) => boolean;
}): Promise<LocalStack> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    DFK_DATA_DIR: options.dataDir,
    ...options.env,
  };
  delete env.DFK_API_KEY;
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), 'infra/local/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await closed;
    clearTimeout(timer);
  };
  let stdout = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start was not ready in ${READY_MS / 60_000} minutes: ${stderr.slice(-2000)}`));
    }, READY_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before ready: ${stderr.slice(-2000)}`));
    });
    const check = () => {
      const baseUrl = /Tasks API listening on (http:\/\/\S+)/u.exec(stdout)?.[1];
      const apiKey = /API key: (\S+)/u.exec(stdout)?.[1];
      if (!baseUrl || !apiKey || child.pid === undefined) return;
      if (options.readyWhen && !options.readyWhen(stderr)) return;
      clearTimeout(timer);
      resolve({ child, pid: child.pid, baseUrl, apiKey, stderr: () => stderr, stop });
    };
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      check();
    });
    child.stderr?.on('data', check);
  });
}
