import { setTimeout as sleep } from 'node:timers/promises';
import { type CollectedDetails, outputOf, schemeAt } from './details.ts';
import { extractPage } from './extract.ts';
import { FetchError } from './fetch-error.ts';
import type { FetchPage } from './fetch-page.ts';
import { HostScheduler } from './politeness.ts';
import type { ExtractedRecord } from './record.ts';
import { fetchWithRetries, type RetryOptions } from './retry.ts';
import { fetchRobots, type RobotsRules, robotsVerdict } from './robots.ts';
import { type ExtractionScheme, unsupportedFeatures } from './scheme.ts';

export interface CrawlCounters {
  /** Successful (2xx) page fetches; robots.txt not counted. */
  requests: number;
  /** Pages given up on after their retries (or refused by robots.txt). */
  failedRequests: number;
  /** Listing pages parsed (the paginator's pages, the first included). */
  pagesDone: number;
}

export interface FailedPage {
  url: string;
  reason: string;
}

/** A page to fetch: a listing page of the scheme, or a details page of one record's link. */
export type CrawlJob =
  | { kind: 'list'; url: string; page: number }
  | {
      kind: 'detail';
      url: string;
      /** Page number within this link's details paginator. */
      page: number;
      /** Where its scheme sits: see `schemeAt`. */
      level: number[];
      /** The pending record waiting for it, the field whose link it is, and the link's position. */
      owner: number;
      field: number;
      slot: number;
    };

/** A record waiting for its details pages; root records also wait for their turn to be emitted. */
export interface PendingRecord {
  id: number;
  level: number[];
  record: ExtractedRecord;
  parent: { id: number; field: number; slot: number } | null;
  waiting: number;
  collected: CollectedDetails;
  /** Set once complete (root records only: the others move into their parent). */
  output?: ExtractedRecord[];
}

/** Everything a later batch needs to go on; plain JSON. */
export interface CrawlFrontier {
  version: 1;
  queue: CrawlJob[];
  /** Pages reached through a paginator (and the start page): never visited twice. */
  visited: string[];
  pending: PendingRecord[];
  nextId: number;
  counters: CrawlCounters;
  /** Page fetches started, failed ones included: what `maxRequests` limits. */
  fetches: number;
  /** The first failures, with their reasons (bounded). */
  failures: FailedPage[];
  /** robots.txt per origin, read once per crawl. */
  robots: Record<string, RobotsRules>;
}

export type Frontier = CrawlFrontier;

export interface CrawlBatchInput {
  scheme: ExtractionScheme;
  frontier: CrawlFrontier;
  fetchPage: FetchPage;
  /** Epoch ms: no new work starts after it, and work in flight is put back in the queue. */
  deadline: number;
  progressEveryMs: number;
  /** Called at least every `progressEveryMs` while working and once at the end; false stops the crawl. */
  onProgress: (counters: CrawlCounters) => Promise<boolean>;
  /** Aborting it ends the batch like the deadline does. */
  signal?: AbortSignal | undefined;
  /** The product token robots.txt groups are matched against. */
  userAgent?: string | undefined;
  /** Backoff tuning (tests shorten it). */
  retry?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random' | 'wait'> | undefined;
}

export interface CrawlBatchResult {
  /** Records completed in this batch, in page order. */
  records: ExtractedRecord[];
  frontier: CrawlFrontier;
  /** Nothing left to fetch: the crawl is over. */
  done: boolean;
  /** onProgress answered false: the crawl was stopped (its pending records are flushed into `records`). */
  stopped: boolean;
  /** Pages this batch gave up on, with their reasons (the first `maxBatchFailures`): for the task's log. */
  failures: FailedPage[];
  /** Pages this batch gave up on beyond those listed. */
  failuresOmitted: number;
}

/** The start page could not be fetched: the task fails with this reason. */
export class FirstPageError extends Error {
  override readonly name = 'FirstPageError';
  readonly url: string;
  constructor(url: string, reason: string) {
    super(`The first page ${url} could not be fetched: ${reason}`);
    this.url = url;
  }
}

/** The scheme is valid but asks for something this engine does not run (see `unsupportedFeatures`). */
export class UnsupportedSchemeError extends Error {
  override readonly name = 'UnsupportedSchemeError';
}

export const crawlDefaults = {
  maxRequests: 10_000,
  concurrency: 5,
  delay: 0,
  retries: 2,
  respectRobotsTxt: true,
};

const maxFailuresKept = 100;
/** Failures a batch reports for the log; a batch is bounded anyway (`maxRequests`, its time budget). */
export const maxBatchFailures = 1000;
const defaultUserAgent = 'DataflowTasks';

export function newFrontier(scheme: ExtractionScheme): CrawlFrontier {
  const start = new URL(scheme.request.url);
  start.hash = '';
  return {
    version: 1,
    queue: [{ kind: 'list', url: start.href, page: 1 }],
    visited: [start.href],
    pending: [],
    nextId: 0,
    counters: { requests: 0, failedRequests: 0, pagesDone: 0 },
    fetches: 0,
    failures: [],
    robots: {},
  };
}

/**
 * Crawls until the frontier is exhausted, the deadline passes or onProgress says stop; returns the
 * records completed meanwhile and the frontier to resume from.
 */
export async function crawlBatch(input: CrawlBatchInput): Promise<CrawlBatchResult> {
  const unsupported = unsupportedFeatures(input.scheme)[0];
  if (unsupported) throw new UnsupportedSchemeError(unsupported.reason);
  return new BatchRun(input).run();
}

class BatchRun {
  readonly #input: CrawlBatchInput;
  readonly #frontier: CrawlFrontier;
  readonly #settings: typeof crawlDefaults;
  readonly #pending: Map<number, PendingRecord>;
  readonly #visited: Set<string>;
  readonly #records: ExtractedRecord[] = [];
  readonly #failures: FailedPage[] = [];
  #failuresOmitted = 0;
  readonly #scheduler: HostScheduler;
  readonly #robotsLoading = new Map<string, Promise<RobotsRules>>();
  readonly #inFlight = new Set<Promise<void>>();
  /** Aborted on stop or a fatal error. */
  readonly #stop = new AbortController();
  /** Aborted at the deadline or by the caller's signal. */
  readonly #pause = new AbortController();
  #stopped = false;
  #fatal: unknown = null;

  constructor(input: CrawlBatchInput) {
    this.#input = input;
    this.#frontier = structuredClone(input.frontier);
    const { scheme } = input;
    this.#settings = {
      maxRequests: scheme.maxRequests ?? crawlDefaults.maxRequests,
      concurrency: scheme.concurrency ?? crawlDefaults.concurrency,
      delay: scheme.delay ?? crawlDefaults.delay,
      retries: scheme.retries ?? crawlDefaults.retries,
      respectRobotsTxt: scheme.respectRobotsTxt ?? crawlDefaults.respectRobotsTxt,
    };
    const pending = [...this.#frontier.pending].sort((a, b) => a.id - b.id);
    this.#pending = new Map(pending.map((entry) => [entry.id, entry]));
    this.#visited = new Set(this.#frontier.visited);
    this.#scheduler = new HostScheduler(this.#settings.delay);
  }

  async run(): Promise<CrawlBatchResult> {
    const pause = () => this.#pause.abort();
    const timer = setTimeout(pause, Math.max(0, this.#input.deadline - Date.now()));
    this.#input.signal?.addEventListener('abort', pause, { once: true });
    if (this.#input.signal?.aborted) pause();
    const progress = this.#startProgress();
    try {
      await this.#work();
    } finally {
      clearTimeout(timer);
      this.#input.signal?.removeEventListener('abort', pause);
      await progress.stop();
    }
    if (this.#fatal !== null) throw this.#fatal;
    const exhausted = this.#frontier.fetches >= this.#settings.maxRequests;
    if (exhausted) this.#frontier.queue = [];
    if (!(await this.#input.onProgress({ ...this.#frontier.counters }))) this.#stopped = true;
    const done = this.#frontier.queue.length === 0;
    if (done || this.#stopped) this.#flushPending();
    this.#emitReady();
    this.#frontier.pending = [...this.#pending.values()];
    this.#frontier.visited = [...this.#visited];
    return {
      records: this.#records,
      frontier: this.#frontier,
      done,
      stopped: this.#stopped,
      failures: this.#failures,
      failuresOmitted: this.#failuresOmitted,
    };
  }

  async #work(): Promise<void> {
    const { queue } = this.#frontier;
    for (;;) {
      if (this.#stop.signal.aborted || this.#pause.signal.aborted) break;
      while (
        this.#inFlight.size < this.#settings.concurrency &&
        queue.length > 0 &&
        this.#frontier.fetches < this.#settings.maxRequests
      ) {
        this.#start(queue.shift() as CrawlJob);
      }
      if (this.#inFlight.size === 0) break;
      await Promise.race(this.#inFlight);
    }
    await Promise.allSettled(this.#inFlight);
  }

  #start(job: CrawlJob): void {
    this.#frontier.fetches++;
    const running: Promise<void> = this.#runJob(job)
      .catch((error: unknown) => this.#fail(error))
      .finally(() => this.#inFlight.delete(running));
    this.#inFlight.add(running);
  }

  #fail(error: unknown): void {
    this.#fatal ??= error;
    this.#stop.abort();
  }

  async #runJob(job: CrawlJob): Promise<void> {
    const signal = AbortSignal.any([this.#stop.signal, this.#pause.signal]);
    try {
      if (this.#settings.respectRobotsTxt) {
        const verdict = robotsVerdict(await this.#robotsFor(job.url, signal), job.url, this.#userAgent());
        if (verdict.crawlDelayMs > 0)
          this.#scheduler.setHostDelay(new URL(job.url).host, verdict.crawlDelayMs);
        if (!verdict.allowed) return this.#failed(job, verdict.reason);
      }
      await this.#scheduler.wait(job.url, signal);
      const page = await fetchWithRetries(this.#input.fetchPage, job.url, {
        ...this.#input.retry,
        retries: this.#settings.retries,
        headers: this.#input.scheme.headers,
        signal,
      });
      if (page.status < 200 || page.status > 299) return this.#failed(job, `HTTP ${page.status}`);
      this.#frontier.counters.requests++;
      this.#process(job, page.url, page.body);
    } catch (error) {
      if (signal.aborted) {
        this.#frontier.queue.unshift(job);
        this.#frontier.fetches--;
        return;
      }
      if (error instanceof FetchError) return this.#failed(job, error.message);
      throw error;
    }
  }

  #userAgent(): string {
    const headers = this.#input.scheme.headers ?? {};
    const given = Object.entries(headers).find(([name]) => name.toLowerCase() === 'user-agent')?.[1];
    return this.#input.userAgent ?? given ?? defaultUserAgent;
  }

  async #robotsFor(url: string, signal: AbortSignal): Promise<RobotsRules> {
    const { origin } = new URL(url);
    const known = this.#frontier.robots[origin];
    if (known) return known;
    let loading = this.#robotsLoading.get(origin);
    if (!loading) {
      loading = fetchRobots(this.#input.fetchPage, origin, { headers: this.#input.scheme.headers, signal });
      this.#robotsLoading.set(origin, loading);
      loading.then(
        (rules) => {
          this.#frontier.robots[origin] = rules;
        },
        () => this.#robotsLoading.delete(origin),
      );
    }
    return loading;
  }

  #failed(job: CrawlJob, reason: string): void {
    if (job.kind === 'list' && job.page === 1) throw new FirstPageError(job.url, reason);
    this.#frontier.counters.failedRequests++;
    if (this.#frontier.failures.length < maxFailuresKept)
      this.#frontier.failures.push({ url: job.url, reason });
    if (this.#failures.length < maxBatchFailures) this.#failures.push({ url: job.url, reason });
    else this.#failuresOmitted++;
    if (job.kind === 'detail') this.#settle(job.owner);
  }

  #process(job: CrawlJob, finalUrl: string, body: string): void {
    const level = job.kind === 'list' ? [] : job.level;
    const scheme = schemeAt(this.#input.scheme, level);
    const { records, nextPage, detailLinks } = extractPage(body, finalUrl, scheme);
    this.#visited.add(finalUrl);
    const parent = job.kind === 'detail' ? { id: job.owner, field: job.field, slot: job.slot } : null;
    const entries = records.map((record) => this.#addPending(level, record, parent));
    // The owner waits for each of these records too: their own details may still be on the way.
    if (job.kind === 'detail') this.#pendingEntry(job.owner).waiting += entries.length;
    // The next page goes before this page's details: its fetch overlaps theirs, so the crawl never
    // narrows to one listing page between two rounds of details.
    const pageNum = scheme.paginator?.pageNum ?? 1;
    if (nextPage !== null && (pageNum === 0 || job.page < pageNum) && !this.#visited.has(nextPage)) {
      this.#visited.add(nextPage);
      if (job.kind === 'detail') this.#pendingEntry(job.owner).waiting++;
      this.#frontier.queue.push({ ...job, url: nextPage, page: job.page + 1 });
    }
    const slots = new Map<string, number>();
    for (const link of detailLinks) {
      const entry = entries[link.record];
      if (entry === undefined) continue;
      const slotKey = `${link.record}:${link.field}`;
      const slot = slots.get(slotKey) ?? 0;
      slots.set(slotKey, slot + 1);
      entry.waiting++;
      const detailLevel = [...level, link.field];
      this.#frontier.queue.push({
        kind: 'detail',
        url: link.url,
        page: 1,
        level: detailLevel,
        owner: entry.id,
        field: link.field,
        slot,
      });
    }
    if (job.kind === 'list') this.#frontier.counters.pagesDone++;
    for (const entry of entries) if (entry.waiting === 0) this.#complete(entry);
    if (job.kind === 'detail') this.#settle(job.owner);
    this.#emitReady();
  }

  #addPending(level: number[], record: ExtractedRecord, parent: PendingRecord['parent']): PendingRecord {
    const entry: PendingRecord = {
      id: this.#frontier.nextId++,
      level,
      record,
      parent,
      waiting: 0,
      collected: {},
    };
    this.#pending.set(entry.id, entry);
    return entry;
  }

  #pendingEntry(id: number): PendingRecord {
    const entry = this.#pending.get(id);
    if (entry === undefined) throw new Error(`Pending record ${id} is missing from the frontier`);
    return entry;
  }

  #settle(id: number): void {
    const entry = this.#pendingEntry(id);
    entry.waiting--;
    if (entry.waiting <= 0 && entry.output === undefined) this.#complete(entry);
  }

  #complete(entry: PendingRecord): void {
    const output = outputOf(schemeAt(this.#input.scheme, entry.level), entry.record, entry.collected);
    if (entry.parent === null) {
      entry.output = output;
      return;
    }
    this.#pending.delete(entry.id);
    const parent = this.#pendingEntry(entry.parent.id);
    const contributions = parent.collected[entry.parent.field] ?? [];
    contributions.push({ slot: entry.parent.slot, id: entry.id, records: output });
    parent.collected[entry.parent.field] = contributions;
    this.#settle(parent.id);
  }

  /** Root records go out in the order their pages listed them, each once it is complete. */
  #emitReady(): void {
    // A Map iterates in insertion order, which is id order.
    for (const entry of this.#pending.values()) {
      if (entry.parent !== null) continue;
      if (entry.output === undefined) return;
      this.#records.push(...entry.output);
      this.#pending.delete(entry.id);
    }
  }

  /** Completes every pending record with the details it has (children first: their ids are higher). */
  #flushPending(): void {
    for (const entry of [...this.#pending.values()].reverse()) {
      if (!this.#pending.has(entry.id) || entry.output !== undefined) continue;
      entry.waiting = 0;
      this.#complete(entry);
    }
  }

  #startProgress(): { stop(): Promise<void> } {
    const ticking = new AbortController();
    const loop = (async () => {
      while (!ticking.signal.aborted) {
        try {
          await sleep(Math.max(50, this.#input.progressEveryMs), undefined, { signal: ticking.signal });
        } catch {
          return;
        }
        try {
          if (!(await this.#input.onProgress({ ...this.#frontier.counters }))) {
            this.#stopped = true;
            this.#stop.abort();
            return;
          }
        } catch (error) {
          this.#fail(error);
          return;
        }
      }
    })();
    return {
      stop: async () => {
        ticking.abort();
        await loop;
      },
    };
  }
}
