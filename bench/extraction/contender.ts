import { createHash } from 'node:crypto';
import { treeCpuMs } from '../lib/proc.ts';

/** What each contender's process reports on its last stdout line. */
export interface ContenderRun {
  contender: string;
  /** Pages fetched with a 2xx answer (robots.txt not counted). */
  pages: number;
  records: number;
  /** Non-empty values in all records, details included: both contenders must write as many. */
  values: number;
  failed: number;
  /** SHA-256 of the records, each as JSON with sorted keys, in sorted order: equal when the records are. */
  digest: string;
  /** From the first request to the last record written. */
  crawlMs: number;
  /** User + system CPU over the same span, of the process and its children (the browser's processes). */
  cpuMs: number;
  /** The process's peak resident set, imports included, MiB. */
  peakRssMiB: number;
}

/**
 * Measures a crawl in this process: wall and CPU over the crawl only (this process and every process
 * under it, from /proc), peak RSS of this process alone.
 */
export async function measure(
  contender: string,
  crawl: () => Promise<{ pages: number; records: number; values: number; failed: number; digest: string }>,
): Promise<ContenderRun> {
  const cpuBefore = await treeCpuMs(process.pid);
  const startedAt = performance.now();
  const counts = await crawl();
  const crawlMs = performance.now() - startedAt;
  const cpuMs = (await treeCpuMs(process.pid)) - cpuBefore;
  return {
    contender,
    ...counts,
    crawlMs: Math.round(crawlMs),
    cpuMs: Math.round(cpuMs),
    peakRssMiB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
  };
}

/** Non-empty strings in a record, counting each element of an array and each nested record's. */
export function countValues(value: unknown): number {
  if (typeof value === 'string') return value === '' ? 0 : 1;
  if (Array.isArray(value)) return value.reduce((sum: number, item: unknown) => sum + countValues(item), 0);
  if (typeof value === 'object' && value !== null)
    return Object.values(value).reduce((sum: number, item: unknown) => sum + countValues(item), 0);
  return 0;
}

const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([key, item]) => [key, canonical(item)]),
        )
      : value;

/** The records' digest, whatever order they were written in and their keys were set in. */
export class RecordsDigest {
  readonly #lines: string[] = [];
  add(record: unknown): void {
    this.#lines.push(JSON.stringify(canonical(record)));
  }
  value(): string {
    return createHash('sha256').update(this.#lines.toSorted().join('\n')).digest('hex');
  }
}

export const benchUserAgent = 'DataflowTasks/0.1 (benchmark)';
