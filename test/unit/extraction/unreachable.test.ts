import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '#extraction/fetch-error';
import { createPageFetcher, type PageFetcherOptions } from '#extraction/fetch-page';
import { siteOf } from '#extraction/unreachable';
import { type FixtureServer, startServer } from './server.ts';

async function failure(url: string, options: PageFetcherOptions = {}): Promise<FetchError> {
  const fetcher = createPageFetcher({ allowPrivateNetworks: true, ...options });
  try {
    const page = await fetcher(url);
    throw new Error(`Expected a failure, got HTTP ${page.status}`);
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    return error;
  } finally {
    await fetcher.close();
  }
}

describe('a site that cannot be reached', () => {
  let site: FixtureServer;
  let closedPort: number;

  beforeAll(async () => {
    site = await startServer((_request, response) => {
      response.end('plain HTTP');
    });
    // A port that was free a moment ago and that nothing listens on now.
    const closed = await startServer(() => undefined);
    closedPort = closed.port;
    await closed.close();
  });

  afterAll(() => site.close());

  it('is named with its host and port when the connection is refused', async () => {
    // Act
    const error = await failure(`http://127.0.0.1:${closedPort}/list`);

    // Assess
    expect(error.code).toBe('unreachable');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      `The site 127.0.0.1:${closedPort} could not be reached: connection refused (ECONNREFUSED)`,
    );
  });

  it('says DNS knows no such host', async () => {
    // Prepare: what node:dns rejects with for an unknown name.
    const resolve = async (hostname: string) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    };

    // Act
    const error = await failure('https://shop.invalid/list', { resolve });

    // Assess
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(
      'The site shop.invalid:443 could not be reached: the host name was not found in DNS (ENOTFOUND)',
    );
  });

  it('says the connection timed out', async () => {
    // Prepare: a name that never resolves, so the connect timeout ends the attempt.
    const resolve = () => new Promise<never>(() => {});

    // Act
    const error = await failure('http://slow.test/', { resolve, connectTimeoutMs: 100 });

    // Assess
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(
      'The site slow.test:80 could not be reached: the connection timed out (UND_ERR_CONNECT_TIMEOUT)',
    );
  });

  it('says TLS failed, in OpenSSL’s reason rather than its whole text', async () => {
    // Act: https to a server that answers plain HTTP.
    const error = await failure(`https://127.0.0.1:${site.port}/`);

    // Assess
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(
      `The site 127.0.0.1:${site.port} could not be reached: the TLS connection failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)`,
    );
  });

  it('is not what a site that accepted the connection and then closed it is called', async () => {
    // Prepare: a server that hangs up on every request.
    const rude = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', resolve));
    const { port } = rude.address() as { port: number };

    // Act
    const error = await failure(`http://127.0.0.1:${port}/`);
    await new Promise((resolve) => rude.close(resolve));

    // Assess
    expect(error.code).toBe('network');
    expect(error.message).toMatch(new RegExp(`^Could not fetch http://127\\.0\\.0\\.1:${port}/: `));
  });
});

describe('siteOf', () => {
  it.each([
    ['http://shop.example/a', 'shop.example:80'],
    ['https://shop.example/a', 'shop.example:443'],
    ['https://shop.example:8443/a', 'shop.example:8443'],
    ['http://[::1]:8080/', '[::1]:8080'],
  ])('names %s as %s', (url, site) => {
    expect(siteOf(url)).toBe(site);
  });
});
