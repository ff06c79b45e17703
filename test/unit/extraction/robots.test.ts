import { describe, expect, it } from 'vitest';
import { FetchError } from '#extraction/fetch-error';
import type { FetchPage } from '#extraction/fetch-page';
import { fetchRobots, robotsVerdict } from '#extraction/robots';

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
    [500, { kind: 'disallow-all', reason: 'robots.txt answered HTTP 500' }],
  ])('reads HTTP %i as RFC 9309 says', async (status, expected) => {
    // Act
    const result = await fetchRobots(answering(status, 'User-agent: *'), 'https://shop.example', {});

    // Assess
    expect(result).toEqual(expected);
  });

  it('disallows everything when robots.txt is unreachable', async () => {
    // Prepare
    const unreachable: FetchPage = async (url) => {
      throw new FetchError('network', url, `Could not fetch ${url}: ECONNREFUSED`);
    };

    // Act
    const result = await fetchRobots(unreachable, 'https://shop.example', {});

    // Assess
    expect(result).toEqual({
      kind: 'disallow-all',
      reason: 'robots.txt unreachable: Could not fetch https://shop.example/robots.txt: ECONNREFUSED',
    });
  });
});
