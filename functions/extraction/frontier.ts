import type { AssemblyState, PendingRecord } from './assembly.ts';
import type { CachedDetails } from './details-cache.ts';
import type { Tries } from './retry.ts';
import type { RobotsRules } from './robots.ts';
import type { ExtractionScheme } from './scheme.ts';
import { countPage, type PageMatches, type SelectorMatches } from './selector-matches.ts';

export interface CrawlCounters {
  /** Successful (2xx) page fetches; robots.txt not counted. */
  requests: number;
  /** Pages given up on after their retries (or refused by robots.txt). */
  failedRequests: number;
  /** Listing pages parsed (the paginator's pages, the first included). */
  pagesDone: number;
  /** Pages found but never fetched because `maxRequests` was reached. */
  skippedRequests: number;
  /** Records emitted so far: those the task's parts hold. */
  records: number;
}

export interface FailedPage {
  url: string;
  reason: string;
}

/** A page to fetch: a listing page of the scheme, or a details page of one record's link. */
export type CrawlJob = (
  | { kind: 'list'; url: string; page: number }
  | {
      kind: 'detail';
      url: string;
      /** Page number within this link's details paginator. */
      page: number;
      /** Where its scheme sits: see `schemeAt`. */
      level: number[];
      /** The pending entry its records go to: the details link's. */
      owner: number;
      /** Jobs saved before details links were fetched once: the owner record's field and the link's position. */
      field?: number | undefined;
      slot?: number | undefined;
    }
) & {
  /** What its attempts used in earlier batches: a page a deadline cut short resumes its count. */
  tries?: Tries | undefined;
};

/** Everything a later batch needs to go on; plain JSON. */
export interface CrawlFrontier {
  version: 1;
  queue: CrawlJob[];
  /** Pages reached through a paginator (and the start page): never visited twice. */
  visited: string[];
  pending: PendingRecord[];
  nextId: number;
  /** Details links done, by level and URL (absent from frontiers saved before they were fetched once). */
  details?: CachedDetails | undefined;
  counters: CrawlCounters;
  /** Page fetches started, failed ones included: what `maxRequests` limits. */
  fetches: number;
  /** The first failures, with their reasons (bounded). */
  failures: FailedPage[];
  /** robots.txt per origin, read once per crawl. */
  robots: Record<string, RobotsRules>;
  /** robots.txt fetches a deadline cut short, per origin (absent from frontiers saved before). */
  robotsTries?: Record<string, Tries> | undefined;
  /** Pages each selector matched on, per level: for the warnings (absent from frontiers saved before). */
  matches?: SelectorMatches | undefined;
}

const maxFailuresKept = 100;
/** Failures a batch reports for the log; a batch is bounded anyway (`maxRequests`, its time budget). */
export const maxBatchFailures = 1000;

export function newFrontier(scheme: ExtractionScheme): CrawlFrontier {
  const start = new URL(scheme.request.url);
  start.hash = '';
  return {
    version: 1,
    queue: [{ kind: 'list', url: start.href, page: 1 }],
    visited: [start.href],
    pending: [],
    nextId: 0,
    details: {},
    counters: { requests: 0, failedRequests: 0, pagesDone: 0, skippedRequests: 0, records: 0 },
    fetches: 0,
    failures: [],
    robots: {},
    robotsTries: {},
    matches: {},
  };
}

/**
 * A frontier while a batch works on it (a copy: the input stays as it was): the queue within
 * `maxRequests`, visited pages, robots.txt, counters and failures.
 */
export class LiveFrontier {
  readonly #frontier: CrawlFrontier;
  readonly #visited: Set<string>;
  readonly #maxRequests: number;
  readonly #onCounters: ((counters: CrawlCounters) => void) | undefined;
  /** This batch's failures, for the task's log: the first `maxBatchFailures`. */
  readonly failures: FailedPage[] = [];
  failuresOmitted = 0;

  constructor(
    frontier: CrawlFrontier,
    maxRequests: number,
    onCounters?: ((counters: CrawlCounters) => void) | undefined,
  ) {
    this.#frontier = structuredClone(frontier);
    // Frontiers saved before these counters existed.
    this.#frontier.counters.skippedRequests ??= 0;
    this.#frontier.counters.records ??= 0;
    this.#visited = new Set(this.#frontier.visited);
    this.#maxRequests = maxRequests;
    this.#onCounters = onCounters;
  }

  /** What the record assembly left last time. */
  get assembly(): AssemblyState {
    const { pending, nextId, details } = this.#frontier;
    return { pending, nextId, details };
  }

  /** Nothing left to fetch: the queue is empty or `maxRequests` fetches have started. */
  get done(): boolean {
    return this.#frontier.queue.length === 0 || this.#exhausted();
  }

  /** The next job, counted as a fetch; undefined when none is queued or `maxRequests` is reached. */
  take(): CrawlJob | undefined {
    if (this.#exhausted()) return undefined;
    const job = this.#frontier.queue.shift();
    if (job !== undefined) this.#frontier.fetches++;
    return job;
  }

  /** A job cut short by the deadline or a stop: first in line next time, its fetch not counted. */
  putBack(job: CrawlJob): void {
    this.#frontier.queue.unshift(job);
    this.#frontier.fetches--;
  }

  enqueue(job: CrawlJob): void {
    this.#frontier.queue.push(job);
  }

  /** Marks a page visited; false when it already was. */
  visit(url: string): boolean {
    if (this.#visited.has(url)) return false;
    this.#visited.add(url);
    return true;
  }

  robots(origin: string): RobotsRules | undefined {
    return this.#frontier.robots[origin];
  }

  keepRobots(origin: string, rules: RobotsRules): void {
    this.#frontier.robots[origin] = rules;
    delete this.#frontier.robotsTries?.[origin];
  }

  robotsTries(origin: string): Tries | undefined {
    return this.#frontier.robotsTries?.[origin];
  }

  /** What a robots.txt fetch cut short had used: the next batch resumes from it. */
  keepRobotsTries(origin: string, tries: Tries): void {
    this.#frontier.robotsTries = { ...this.#frontier.robotsTries, [origin]: tries };
  }

  countRequest(): void {
    this.#frontier.counters.requests++;
    this.#countersChanged();
  }

  countListingPage(): void {
    this.#frontier.counters.pagesDone++;
    this.#countersChanged();
  }

  countRecords(count: number): void {
    if (count === 0) return;
    this.#frontier.counters.records += count;
    this.#countersChanged();
  }

  /** What a parsed page's selectors matched, at `level`. */
  countMatches(level: readonly number[], page: PageMatches): void {
    // A frontier saved before counting began has missed pages: it warns of nothing.
    if (this.#frontier.matches !== undefined) countPage(this.#frontier.matches, level, page);
  }

  countFailure(failure: FailedPage): void {
    this.#frontier.counters.failedRequests++;
    if (this.#frontier.failures.length < maxFailuresKept) this.#frontier.failures.push(failure);
    if (this.failures.length < maxBatchFailures) this.failures.push(failure);
    else this.failuresOmitted++;
    this.#countersChanged();
  }

  /** The frontier for the next batch, with what the assembly has still pending. */
  save(assembly: AssemblyState): CrawlFrontier {
    const skipped = this.#exhausted() ? this.#frontier.queue.length : 0;
    if (skipped > 0) {
      this.#frontier.counters.skippedRequests += skipped;
      this.#countersChanged();
    }
    return {
      ...this.#frontier,
      queue: skipped > 0 ? [] : this.#frontier.queue,
      visited: [...this.#visited],
      ...assembly,
    };
  }

  #exhausted(): boolean {
    return this.#frontier.fetches >= this.#maxRequests;
  }

  #countersChanged(): void {
    this.#onCounters?.({ ...this.#frontier.counters });
  }
}
