import { type PendingParent, RecordAssembly } from './assembly.ts';
import { schemeAt } from './details.ts';
import { PageTooDeepError } from './dom-depth.ts';
import { extractPage } from './extract.ts';
import { FetchError } from './fetch-error.ts';
import type { FetchPage } from './fetch-page.ts';
import {
  type CrawlCounters,
  type CrawlFrontier,
  type CrawlJob,
  type FailedPage,
  LiveFrontier,
} from './frontier.ts';
import { HostScheduler } from './politeness.ts';
import type { ExtractedRecord } from './record.ts';
import { fetchWithRetries, type RetryOptions, type Tries } from './retry.ts';
import { fetchRobots, type RobotsRules, robotsRetries, robotsVerdict } from './robots.ts';
import type { ExtractionScheme } from './scheme.ts';
import { StartSpreader } from './start-spreader.ts';
import { fetchTimeouts } from './timeouts.ts';

export interface CrawlBatchInput {
  scheme: ExtractionScheme;
  frontier: CrawlFrontier;
  fetchPage: FetchPage;
  /** Epoch ms: no new work starts after it, and work in flight is put back in the queue. */
  deadline: number;
  /**
   * Aborting it stops the crawl: work in flight is dropped, pending records are emitted with what
   * they have, and the result says `stopped`.
   */
  signal?: AbortSignal | undefined;
  /** Called synchronously, with a copy, each time a counter changes: the live counters for the caller. */
  onCounters?: ((counters: CrawlCounters) => void) | undefined;
  /** The product token robots.txt groups are matched against. */
  userAgent?: string | undefined;
  /**
   * How long one attempt may take, as `fetchPage` enforces it (default: the client's 60 s). A page
   * gets `retries + 1` times this in all, whatever the batches it spans.
   */
  attemptTimeoutMs?: number | undefined;
  /** Backoff tuning (tests shorten it). */
  retry?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random' | 'wait'> | undefined;
  /** What the details links done may hold, in characters of JSON (default `maxCachedDetailsChars`; tests shorten it). */
  maxCachedDetailsChars?: number | undefined;
}

export interface CrawlBatchResult {
  /** Records completed in this batch, in page order. */
  records: ExtractedRecord[];
  frontier: CrawlFrontier;
  /** Nothing left to fetch: the crawl is over. */
  done: boolean;
  /** The signal aborted: the crawl was stopped (its pending records are flushed into `records`). */
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

export const crawlDefaults = {
  maxRequests: 10_000,
  concurrency: 5,
  delay: 0,
  retries: 2,
  respectRobotsTxt: true,
};

const defaultUserAgent = 'DataflowTasks';

/**
 * Crawls until the frontier is exhausted, the deadline passes or the signal stops it; returns the
 * records completed meanwhile and the frontier to resume from.
 */
export async function crawlBatch(input: CrawlBatchInput): Promise<CrawlBatchResult> {
  return new BatchRun(input).run();
}

class BatchRun {
  readonly #input: CrawlBatchInput;
  readonly #settings: typeof crawlDefaults;
  readonly #pageBudgetMs: number;
  readonly #robotsBudgetMs: number;
  readonly #frontier: LiveFrontier;
  readonly #assembly: RecordAssembly;
  readonly #scheduler: HostScheduler;
  readonly #spreader: StartSpreader | undefined;
  readonly #robotsLoading = new Map<string, Promise<RobotsRules>>();
  readonly #inFlight = new Set<Promise<void>>();
  /** Aborted by the caller's signal or a fatal error. */
  readonly #stop = new AbortController();
  /** Aborted at the deadline. */
  readonly #pause = new AbortController();
  #stopped = false;
  #fatal: unknown = null;

  constructor(input: CrawlBatchInput) {
    this.#input = input;
    const { scheme } = input;
    this.#settings = {
      maxRequests: scheme.maxRequests ?? crawlDefaults.maxRequests,
      concurrency: scheme.concurrency ?? crawlDefaults.concurrency,
      delay: scheme.delay ?? crawlDefaults.delay,
      retries: scheme.retries ?? crawlDefaults.retries,
      respectRobotsTxt: scheme.respectRobotsTxt ?? crawlDefaults.respectRobotsTxt,
    };
    const attemptMs = input.attemptTimeoutMs ?? fetchTimeouts.totalTimeoutMs;
    this.#pageBudgetMs = (this.#settings.retries + 1) * attemptMs;
    this.#robotsBudgetMs = (robotsRetries + 1) * attemptMs;
    this.#frontier = new LiveFrontier(input.frontier, this.#settings.maxRequests, input.onCounters);
    this.#assembly = new RecordAssembly(
      scheme,
      this.#frontier.assembly,
      (count) => this.#frontier.countRecords(count),
      input.maxCachedDetailsChars,
    );
    this.#scheduler = new HostScheduler(this.#settings.delay);
    // Browser pages share this machine's CPUs: started in the same instant, they contend in lockstep.
    if (scheme.request.type === 'chrome') this.#spreader = new StartSpreader(this.#settings.concurrency);
  }

  async run(): Promise<CrawlBatchResult> {
    const timer = setTimeout(() => this.#pause.abort(), Math.max(0, this.#input.deadline - Date.now()));
    const stop = () => {
      this.#stopped = true;
      this.#stop.abort();
    };
    const { signal } = this.#input;
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();
    try {
      await this.#work();
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    }
    if (this.#fatal !== null) throw this.#fatal;
    const { done } = this.#frontier;
    if (done || this.#stopped) this.#assembly.flush();
    this.#assembly.emitReady();
    return {
      records: this.#assembly.emitted,
      frontier: this.#frontier.save(this.#assembly.save()),
      done,
      stopped: this.#stopped,
      failures: this.#frontier.failures,
      failuresOmitted: this.#frontier.failuresOmitted,
    };
  }

  async #work(): Promise<void> {
    for (;;) {
      if (this.#stop.signal.aborted || this.#pause.signal.aborted) break;
      while (this.#inFlight.size < this.#settings.concurrency) {
        const job = this.#frontier.take();
        if (job === undefined) break;
        this.#start(job);
      }
      if (this.#inFlight.size === 0) break;
      await Promise.race(this.#inFlight);
    }
    await Promise.allSettled(this.#inFlight);
  }

  #start(job: CrawlJob): void {
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
    const tries: Tries = { ...(job.tries ?? { attempts: 0, spentMs: 0 }) };
    try {
      if (this.#settings.respectRobotsTxt) {
        const verdict = robotsVerdict(await this.#robotsFor(job.url, signal), job.url, this.#userAgent());
        if (verdict.crawlDelayMs > 0)
          this.#scheduler.setHostDelay(new URL(job.url).host, verdict.crawlDelayMs);
        if (!verdict.allowed) return this.#failed(job, verdict.reason);
      }
      await this.#scheduler.wait(job.url, signal);
      await this.#spreader?.turn(signal);
      const started = performance.now();
      const page = await fetchWithRetries(this.#input.fetchPage, job.url, {
        ...this.#input.retry,
        retries: this.#settings.retries,
        budgetMs: this.#pageBudgetMs,
        tries,
        headers: this.#input.scheme.headers,
        details: job.kind === 'detail',
        signal,
      });
      this.#spreader?.took(performance.now() - started);
      if (page.status < 200 || page.status > 299) return this.#failed(job, `HTTP ${page.status}`);
      this.#process(job, page.url, page.body);
      this.#frontier.countRequest();
    } catch (error) {
      if (signal.aborted) return this.#frontier.putBack(tries.spentMs > 0 ? { ...job, tries } : job);
      if (error instanceof FetchError || error instanceof PageTooDeepError)
        return this.#failed(job, error.message);
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
    const known = this.#frontier.robots(origin);
    if (known) return known;
    let loading = this.#robotsLoading.get(origin);
    if (!loading) {
      const tries: Tries = { ...(this.#frontier.robotsTries(origin) ?? { attempts: 0, spentMs: 0 }) };
      loading = fetchRobots(this.#input.fetchPage, origin, {
        headers: this.#input.scheme.headers,
        signal,
        budgetMs: this.#robotsBudgetMs,
        tries,
      });
      this.#robotsLoading.set(origin, loading);
      loading.then(
        (rules) => this.#frontier.keepRobots(origin, rules),
        () => {
          this.#robotsLoading.delete(origin);
          this.#frontier.keepRobotsTries(origin, tries);
        },
      );
    }
    return loading;
  }

  #failed(job: CrawlJob, reason: string): void {
    if (job.kind === 'list' && job.page === 1) throw new FirstPageError(job.url, reason);
    this.#frontier.countFailure({ url: job.url, reason });
    if (job.kind === 'detail') this.#assembly.settle(job.owner);
  }

  #process(job: CrawlJob, finalUrl: string, body: string): void {
    const level = job.kind === 'list' ? [] : job.level;
    const scheme = schemeAt(this.#input.scheme, level);
    const { records, nextPages, detailLinks, matched } = extractPage(body, finalUrl, scheme);
    this.#frontier.visit(finalUrl);
    this.#frontier.countMatches(level, { records: records.length, matched });
    const parent: PendingParent | null =
      job.kind === 'detail' ? { id: job.owner, field: job.field ?? 0, slot: job.slot ?? 0 } : null;
    const entries = this.#assembly.add(level, records, parent);
    // The next page goes before this page's details: its fetch overlaps theirs, so the crawl never
    // narrows to one listing page between two rounds of details.
    const pageNum = scheme.paginator?.pageNum ?? 1;
    // The first link not yet visited nor queued: "previous" comes before "next" in many sidebars.
    const nextPage =
      pageNum === 0 || job.page < pageNum ? nextPages.find((url) => this.#frontier.visit(url)) : undefined;
    if (nextPage !== undefined) {
      if (job.kind === 'detail') this.#assembly.expect(job.owner);
      this.#frontier.enqueue({ ...job, url: nextPage, page: job.page + 1, tries: undefined });
    }
    const slots = new Map<string, number>();
    for (const link of detailLinks) {
      const entry = entries[link.record];
      if (entry === undefined) continue;
      const slotKey = `${link.record}:${link.field}`;
      const slot = slots.get(slotKey) ?? 0;
      slots.set(slotKey, slot + 1);
      const linkLevel = [...level, link.field];
      const owner = this.#assembly.link(linkLevel, link.url, { id: entry.id, field: link.field, slot });
      if (owner !== null)
        this.#frontier.enqueue({ kind: 'detail', url: link.url, page: 1, level: linkLevel, owner });
    }
    if (job.kind === 'list') this.#frontier.countListingPage();
    this.#assembly.release(entries);
    if (job.kind === 'detail') this.#assembly.settle(job.owner);
    this.#assembly.emitReady();
  }
}
