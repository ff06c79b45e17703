/** What each contender's process reports on its last stdout line. */
export interface ContenderRun {
  contender: string;
  /** Pages fetched with a 2xx answer (robots.txt not counted). */
  pages: number;
  records: number;
  /** Non-empty values in all records, details included: both contenders must write as many. */
  values: number;
  failed: number;
  /** From the first request to the last record written. */
  crawlMs: number;
  /** User + system CPU over the same span. */
  cpuMs: number;
  /** The process's peak resident set, imports included, MiB. */
  peakRssMiB: number;
}

/** Measures a crawl in this process: wall and CPU over the crawl only, peak RSS of the whole process. */
export async function measure(
  contender: string,
  crawl: () => Promise<{ pages: number; records: number; values: number; failed: number }>,
): Promise<ContenderRun> {
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const counts = await crawl();
  const crawlMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    contender,
    ...counts,
    crawlMs: Math.round(crawlMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
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

export const benchUserAgent = 'DataflowTasks/0.1 (benchmark)';
