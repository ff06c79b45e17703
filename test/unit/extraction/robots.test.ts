import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '#extraction/fetch-error';
import { createPageFetcher, type FetchPage, type PageFetcher } from '#extraction/fetch-page';
import { fetchRobots, maxRobotsBytes, robotsVerdict } from '#extraction/robots';
import { type FixtureServer, startServer } from './server.ts';

const rules = (body: string) => ({ kind: 'rules' as const, body });

describe('robotsVerdict', () => {
  it('applies the group of the user agent', () => {
    // Prepare
    const robots = rules(
      'User-agent: *\nDisallow: /\n\nUser-agent: DataflowTasks\nDisallow: /private\nCrawl-delay: 2\n',
    );

    // Act
    const open = robotsVerdict(robots, 'https://shop.example/books', 'DataflowTasks');
    const closed = robotsVerdict(robots, 'https://shop.example/private/1', 'DataflowTasks');
    const other = robotsVerdict(robots, 'https://shop.example/books', 'OtherBot');

    // Assess
    expect(open).toEqual({ allowed: true, reason: '', crawlDelayMs: 2000 });
    expect(closed).toEqual({ allowed: false, reason: 'Disallowed by robots.txt', crawlDelayMs: 2000 });
    expect(other.allowed).toBe(false);
  });

  it('caps a long Crawl-delay', () => {
    // Act
    const verdict = robotsVerdict(
      rules('User-agent: *\nCrawl-delay: 3600\n'),
      'https://shop.example/',
      'Bot',
    );

    // Assess
    expect(verdict.crawlDelayMs).toBe(30_000);
  });

  it('reads allow-all and disallow-all', () => {
    // Act
    const allowed = robotsVerdict({ kind: 'allow-all' }, 'https://shop.example/', 'Bot');
    const refused = robotsVerdict(
      { kind: 'disallow-all', reason: 'robots.txt answered HTTP 503' },
      'https://a/',
      'Bot',
    );

    // Assess
    expect(allowed.allowed).toBe(true);
    expect(refused).toEqual({ allowed: false, reason: 'robots.txt answered HTTP 503', crawlDelayMs: 0 });
  });
});

describe('fetchRobots', () => {
  const answering =
    (status: number, body = ''): FetchPage =>
    async (url) => ({ url, status, body, contentType: 'text/plain', headers: {} });

  it.each([
    [200, { kind: 'rules', body: 'User-agent: *' }],
    [404, { kind: 'allow-all' }],
    [401, { kind: 'allow-all' }],
    [
      500,
      {
        kind: 'disallow-all',
        reason: 'robots.txt answered HTTP 500, which RFC 9309 reads as disallowing the whole site',
      },
    ],
  ])('reads HTTP %i as RFC 9309 says', async (status, expected) => {
    // Act
    const result = await fetchRobots(answering(status, 'User-agent: *'), 'https://shop.example', {});

    // Assess
    expect(result).toEqual(expected);
  });

  it('disallows everything when robots.txt cannot be fetched once connected', async () => {
    // Prepare
    const cut: FetchPage = async (url) => {
      throw new FetchError('network', url, `Could not fetch ${url}: ECONNRESET socket hang up`);
    };

    // Act
    const result = await fetchRobots(cut, 'https://shop.example', {});

    // Assess
    expect(result).toEqual({
      kind: 'disallow-all',
      reason:
        'robots.txt could not be fetched, which RFC 9309 reads as disallowing the whole site: Could not fetch https://shop.example/robots.txt: ECONNRESET socket hang up',
    });
  });

  it('says the site cannot be reached, not robots.txt, when nothing listens on its port', async () => {
    // Prepare: a port that was free a moment ago and that nothing listens on now.
    const closed = await startServer(() => undefined);
    await closed.close();
    const fetcher = createPageFetcher({ allowPrivateNetworks: true });

    // Act
    const result = await fetchRobots(fetcher, closed.origin, { budgetMs: 10_000 });
    await fetcher.close();

    // Assess
    expect(result).toEqual({
      kind: 'disallow-all',
      reason: `The site 127.0.0.1:${closed.port} could not be reached: connection refused (ECONNREFUSED)`,
    });
  });
});

describe('fetchRobots on a robots.txt larger than a page may be', () => {
  const maxBodyBytes = 1024 * 1024;
  // The rules in the first lines, one past 500 KiB, and the file twice the page limit.
  const head = 'User-agent: *\nDisallow: /private\n';
  const filler = '# nothing to see here\n'.repeat(Math.ceil((2 * maxBodyBytes) / 22));
  const robots = Buffer.from(`${head}${filler.slice(0, maxRobotsBytes)}Disallow: /late\n${filler}`);
  let server: FixtureServer;
  let fetcher: PageFetcher;

  beforeAll(async () => {
    server = await startServer((request, response) => {
      response.setHeader('content-type', 'text/plain');
      if (request.url?.startsWith('/chunked')) {
        response.write(robots.subarray(0, 1000));
        response.end(robots.subarray(1000));
      } else response.end(robots);
    });
    fetcher = createPageFetcher({ allowPrivateNetworks: true, maxBodyBytes });
  });

  afterAll(async () => {
    await fetcher.close();
    await server.close();
  });

  it.each(['', '/chunked'])('parses its first 500 KiB and ignores the rest (%s)', async (path) => {
    // Act
    const rules = await fetchRobots(fetcher, `${server.origin}${path}`, {});

    // Assess
    expect(rules.kind).toBe('rules');
    expect(rules.kind === 'rules' && rules.body.length).toBe(maxRobotsBytes);
    expect(robotsVerdict(rules, `${server.origin}/private/1`, 'Bot').allowed).toBe(false);
    expect(robotsVerdict(rules, `${server.origin}/open`, 'Bot').allowed).toBe(true);
    expect(robotsVerdict(rules, `${server.origin}/late`, 'Bot').allowed).toBe(true);
  });
});
