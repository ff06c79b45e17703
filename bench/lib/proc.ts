// What /proc says of a process tree: the local stack's runtime and the Lambda containers under it, a
// crawler and the browser under it.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { runChild } from './child.ts';

/** VmRSS of a process, in kB (0 once it is gone). */
export function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Every process below `pid` (the Lambda containers and whatever they started). */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    let children = '';
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {}
    for (const child of children.split(' ').filter(Boolean).map(Number))
      found.push(child, ...descendants(child));
  }
  return found;
}

/** Proportional set size of a process, in kB: its share of pages it shares with others (0 once it is gone). */
export function pssKb(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const clockTicks = 100;

/** User + system CPU ms of `root` and every live process under it, reaped children included. */
export async function treeCpuMs(root: number): Promise<number> {
  const stats = new Map<number, { parent: number; ms: number; reaped: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    const text = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command's closing parenthesis: state ppid … utime(14) stime cutime cstime.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (fields.length < 15) continue;
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => Number(fields[index]));
    stats.set(Number(entry), {
      parent: Number(fields[1]),
      ms: (((utime ?? 0) + (stime ?? 0)) * 1000) / clockTicks,
      reaped: (((cutime ?? 0) + (cstime ?? 0)) * 1000) / clockTicks,
    });
  }
  const inTree = (pid: number): boolean => {
    for (let current = pid, hops = 0; hops < 50; hops++) {
      if (current === root) return true;
      const parent = stats.get(current)?.parent;
      if (parent === undefined || parent <= 1) return false;
      current = parent;
    }
    return false;
  };
  let total = 0;
  for (const [pid, stat] of stats) if (inTree(pid)) total += stat.ms + stat.reaped;
  return total;
}

/** The largest memory a process tree held together, sampled: RSS summed (shared pages counted in each) and PSS summed. */
export interface TreePeak {
  rssMiB: number;
  pssMiB: number;
}

/** The tree's memory now, in kB: `root` itself and every process under it. */
export function treeMemoryKb(root: number): { rssKb: number; pssKb: number } {
  const pids = [root, ...descendants(root)];
  return {
    rssKb: pids.reduce((sum, pid) => sum + rssKb(pid), 0),
    pssKb: pids.reduce((sum, pid) => sum + pssKb(pid), 0),
  };
}

/**
 * Samples the tree under `root` every `everyMs` until `stop()`, which gives the peaks. The sampling
 * runs in a process of its own, niced: reading a browser's smaps costs ~10 ms of kernel time a
 * sample, which in the bench's own process held up the fixture site's answers.
 */
export function watchTree(root: number, everyMs = 200): { stop(): Promise<TreePeak> } {
  let pid: number | undefined;
  const peaks = runChild<TreePeak>(
    join(import.meta.dirname, 'watch-tree.ts'),
    [`${root}`, `${everyMs}`],
    [],
    (spawned) => {
      pid = spawned;
      setPriority(spawned, 10);
    },
  );
  return {
    stop() {
      if (pid !== undefined) process.kill(pid, 'SIGTERM');
      return peaks;
    },
  };
}
