import robotsParserModule from 'robots-parser';
import { FetchError } from './fetch-error.ts';
import type { FetchPage } from './fetch-page.ts';
import { fetchWithRetries, type Tries } from './retry.ts';

// A CommonJS function export: Node hands it over as the default import, its typings describe `.default`.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** What one origin's robots.txt said, kept in the frontier as plain JSON. */
export type RobotsRules =
  | { kind: 'allow-all' }
  | { kind: 'disallow-all'; reason: string }
  | { kind: 'rules'; body: string };

// RFC 9309 §2.5: parse at least the first 500 KiB; a longer file is read that far, not refused.
export const maxRobotsBytes = 500 * 1024;
/** Attempts after the first: a robots.txt gets two, within two attempts' time in all. */
export const robotsRetries = 1;
// A Crawl-delay beyond this would stall a batch; the crawl honours it only up to here.
const maxCrawlDelayMs = 30_000;

const disallowsAll = 'which RFC 9309 reads as disallowing the whole site';

export interface RobotsFetchOptions {
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
  /** Time both attempts may take in all, and what earlier batches spent of it (see fetchWithRetries). */
  budgetMs?: number | undefined;
  tries?: Tries | undefined;
}

/**
 * Reads an origin's robots.txt as RFC 9309 says: its first 500 KiB; a 4xx answer allows
 * everything, a 5xx one or an unreachable server disallows everything. The reason names which: a
 * site that cannot be reached at all is said to be so. An abort is not an answer: it is thrown.
 */
export async function fetchRobots(
  fetchPage: FetchPage,
  origin: string,
  options: RobotsFetchOptions,
): Promise<RobotsRules> {
  const url = `${origin}/robots.txt`;
  try {
    const page = await fetchWithRetries(fetchPage, url, {
      ...options,
      retries: robotsRetries,
      firstBytes: maxRobotsBytes,
    });
    // A fetcher that read more than asked is cut here, in characters, so the frontier stays small.
    if (page.status >= 200 && page.status < 300)
      return { kind: 'rules', body: page.body.slice(0, maxRobotsBytes) };
    if (page.status >= 400 && page.status < 500) return { kind: 'allow-all' };
    return { kind: 'disallow-all', reason: `robots.txt answered HTTP ${page.status}, ${disallowsAll}` };
  } catch (error) {
    if (error instanceof FetchError && error.code === 'unreachable')
      return { kind: 'disallow-all', reason: error.message };
    if (error instanceof FetchError && error.code !== 'aborted') {
      return {
        kind: 'disallow-all',
        reason: `robots.txt could not be fetched, ${disallowsAll}: ${error.message}`,
      };
    }
    throw error;
  }
}

export interface RobotsVerdict {
  allowed: boolean;
  reason: string;
  crawlDelayMs: number;
}

export function robotsVerdict(rules: RobotsRules, url: string, userAgent: string): RobotsVerdict {
  if (rules.kind === 'allow-all') return { allowed: true, reason: '', crawlDelayMs: 0 };
  if (rules.kind === 'disallow-all') return { allowed: false, reason: rules.reason, crawlDelayMs: 0 };
  const robots = parsedRobots(rules, url);
  const allowed = robots.isAllowed(url, userAgent) !== false;
  const delaySeconds = robots.getCrawlDelay(userAgent) ?? 0;
  return {
    allowed,
    reason: allowed ? '' : 'Disallowed by robots.txt',
    crawlDelayMs: Math.min(maxCrawlDelayMs, Math.max(0, delaySeconds * 1000)),
  };
}

// A crawl asks about every page: each origin's rules are parsed once per batch, not once per page.
const parsed = new WeakMap<RobotsRules, ReturnType<typeof robotsParser>>();

function parsedRobots(rules: RobotsRules & { kind: 'rules' }, url: string): ReturnType<typeof robotsParser> {
  let robots = parsed.get(rules);
  if (robots === undefined) {
    robots = robotsParser(new URL('/robots.txt', url).href, rules.body);
    parsed.set(rules, robots);
  }
  return robots;
}
