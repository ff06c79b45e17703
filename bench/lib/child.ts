import { spawn } from 'node:child_process';

/** What every benchmark child reports about itself on its last stdout line. */
export interface ChildUsage {
  wallMs: number;
  /** User + system CPU of the whole process. */
  cpuMs: number;
  /** Peak resident set size of the process, MiB. */
  peakRssMiB: number;
}

/** The child's own usage so far (resourceUsage's maxRSS is the process's peak, in KiB). */
export function usageSince(startedAt: number): ChildUsage {
  const usage = process.resourceUsage();
  return {
    wallMs: Math.round(performance.now() - startedAt),
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    peakRssMiB: Math.round((usage.maxRSS / 1024) * 10) / 10,
  };
}

/**
 * Runs a TypeScript module in its own Node process (so its peak RSS is its own), with the given V8
 * flags, and returns the JSON object it prints last; its stderr passes through. `onSpawn` gets its pid.
 */
export async function runChild<T>(
  script: string,
  args: string[],
  nodeFlags: string[] = [],
  onSpawn?: (pid: number) => void,
): Promise<T> {
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.pid !== undefined) onSpawn?.(child.pid);
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const last = output.trimEnd().split('\n').at(-1) ?? '';
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${code}: ${last}`);
  return JSON.parse(last) as T;
}

/** A fixed-width text table for the console and README. */
export function table(header: string[], rows: (string | number)[][]): string {
  const all = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [
    line(all[0] ?? []),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...all.slice(1).map(line),
  ].join('\n');
}
