import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, createGzip, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '#extraction/fetch-error';
import { createPageFetcher, type PageFetcher } from '#extraction/fetch-page';
import { fixturePath } from './fixture.ts';
import { type FixtureServer, startServer } from './server.ts';

const win1250 = readFileSync(fixturePath('windows-1250.html'));
const pangram = 'Příliš žluťoučký kůň úpěl ďábelské ódy';
const big = `<html><body>${'x'.repeat(50_000)}</body></html>`;

let server: FixtureServer;
let fetcher: PageFetcher;

beforeAll(async () => {
  server = await startServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fixture');
    switch (url.pathname) {
      case '/win1250-meta':
        response.setHeader('content-type', 'text/html');
        response.end(win1250);
        return;
      case '/win1250-header':
        response.setHeader('content-type', 'text/html; charset="windows-1250"');
        response.end(encode1250(`<p>${pangram}</p>`));
        return;
      case '/utf8-bom':
        response.setHeader('content-type', 'text/html; charset=windows-1250');
        response.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<p>${pangram}</p>`)]));
        return;
      case '/gzip':
        response.setHeader('content-encoding', 'gzip');
        response.end(gzipSync(`<p>gzip ${pangram}</p>`));
        return;
      case '/br':
        response.setHeader('content-encoding', 'br');
        response.end(brotliCompressSync(`<p>brotli ${pangram}</p>`));
        return;
      case '/deflate':
        response.setHeader('content-encoding', 'deflate');
        response.end(deflateSync(`<p>deflate ${pangram}</p>`));
        return;
      case '/big':
        response.end(big);
        return;
      case '/big-chunked':
        response.write(big.slice(0, 25_000));
        response.end(big.slice(25_000));
        return;
      case '/bomb':
        response.setHeader('content-encoding', 'gzip');
        response.end(gzipSync(Buffer.alloc(5_000_000)));
        return;
      case '/redirect': {
        const left = Number(url.searchParams.get('hops') ?? '0');
        response.statusCode = left % 2 === 0 ? 302 : 301;
        response.setHeader('location', left > 0 ? `/redirect?hops=${left - 1}` : '/cookie#frag');
        response.end();
        return;
      }
      case '/redirect-away':
        response.statusCode = 307;
        response.setHeader('location', url.searchParams.get('to') ?? '/');
        response.end();
        return;
      case '/cookie':
        response.setHeader('content-type', 'text/html; charset=utf-8');
        response.end(`cookie=${request.headers.cookie ?? ''};ua=${request.headers['user-agent'] ?? ''}`);
        return;
      case '/slow':
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        response.end('late');
        return;
      case '/endless': {
        response.setHeader('content-type', 'text/html');
        const timer = setInterval(() => response.write('x'), 20);
        response.on('close', () => clearInterval(timer));
        return;
      }
      case '/endless-gzip': {
        response.setHeader('content-encoding', 'gzip');
        const gzip = createGzip();
        gzip.pipe(response);
        const timer = setInterval(() => gzip.write('x', () => gzip.flush(constants.Z_SYNC_FLUSH)), 20);
        response.on('close', () => clearInterval(timer));
        return;
      }
      case '/missing':
        response.statusCode = 404;
        response.end('<p>not here</p>');
        return;
      default:
        response.setHeader('content-type', 'text/html; charset=utf-8');
        response.end('<p>ok</p>');
    }
  });
  fetcher = createPageFetcher({ allowPrivateNetworks: true, userAgent: 'TestBot/1', maxBodyBytes: 20_000 });
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

function encode1250(text: string): Buffer {
  return Buffer.from(new Uint8Array([...text].map((char) => cp1250[char] ?? char.charCodeAt(0))));
}
// The letters of the pangram outside ASCII, as windows-1250 encodes them.
const cp1250: Record<string, number> = {
  ř: 0xf8,
  í: 0xed,
  š: 0x9a,
  ž: 0x9e,
  ť: 0x9d,
  č: 0xe8,
  ý: 0xfd,
  ů: 0xf9,
  ň: 0xf2,
  ú: 0xfa,
  ě: 0xec,
  ď: 0xef,
  á: 0xe1,
  é: 0xe9,
  ó: 0xf3,
};

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('fetchPage', () => {
  it('decodes a windows-1250 page declared by <meta>', async () => {
    // Act
    const page = await fetcher(`${server.origin}/win1250-meta`);

    // Assess
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<p class="pangram">${pangram}</p>`);
    expect(page.body).toContain('Zażółć gęślą jaźń');
  });

  it('decodes a windows-1250 page declared by the Content-Type header', async () => {
    // Act
    const page = await fetcher(`${server.origin}/win1250-header`);

    // Assess
    expect(page.body).toBe(`<p>${pangram}</p>`);
    expect(page.contentType).toBe('text/html; charset="windows-1250"');
  });

  it('lets a byte order mark win over the header', async () => {
    // Act
    const page = await fetcher(`${server.origin}/utf8-bom`);

    // Assess
    expect(page.body).toBe(`<p>${pangram}</p>`);
  });

  it.each(['gzip', 'br', 'deflate'])('decompresses %s', async (encoding) => {
    // Act
    const page = await fetcher(`${server.origin}/${encoding}`);

    // Assess
    expect(page.body).toMatch(new RegExp(`^<p>(gzip|brotli|deflate) ${pangram}</p>$`));
  });

  it.each(['/big', '/big-chunked', '/bomb'])('refuses a body over the limit (%s)', async (path) => {
    // Act
    const error = await failure(fetcher(`${server.origin}${path}`));

    // Assess
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('larger than 20000 bytes');
    expect(error.retryable).toBe(false);
  });

  it('follows redirects, reports the final URL, and sends its headers', async () => {
    // Act
    const page = await fetcher(`${server.origin}/redirect?hops=3`, { headers: { Cookie: 'session=1' } });

    // Assess
    expect(page.url).toBe(`${server.origin}/cookie`);
    expect(page.body).toBe('cookie=session=1;ua=TestBot/1');
  });

  it('gives up after 10 redirects', async () => {
    // Act
    const error = await failure(fetcher(`${server.origin}/redirect?hops=10`));

    // Assess
    expect(error.code).toBe('too-many-redirects');
  });

  it('refuses a redirect to a non-http URL', async () => {
    // Act
    const error = await failure(fetcher(`${server.origin}/redirect-away?to=file:///etc/passwd`));

    // Assess
    expect(error.code).toBe('bad-url');
  });

  it('drops cookies on a redirect to another origin', async () => {
    // Prepare
    const other = `http://localhost:${server.port}/cookie`;
    const local = createPageFetcher({
      allowPrivateNetworks: true,
      userAgent: 'TestBot/1',
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });

    // Act
    const page = await local(`${server.origin}/redirect-away?to=${encodeURIComponent(other)}`, {
      headers: { cookie: 'session=1' },
    });
    await local.close();

    // Assess
    expect(page.url).toBe(other);
    expect(page.body).toBe('cookie=;ua=TestBot/1');
  });

  it('returns other statuses without a body', async () => {
    // Act
    const page = await fetcher(`${server.origin}/missing`);

    // Assess
    expect(page).toMatchObject({ status: 404, body: '' });
  });

  it('times out on a slow server', async () => {
    // Prepare
    const impatient = createPageFetcher({ allowPrivateNetworks: true, headersTimeoutMs: 200 });

    // Act
    const error = await failure(impatient(`${server.origin}/slow`));
    await impatient.close();

    // Assess
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it.each(['/endless', '/endless-gzip'])(
    'ends a body that trickles forever at the total timeout (%s)',
    async (path) => {
      // Prepare: each byte comes well within the idle timeout.
      const impatient = createPageFetcher({ allowPrivateNetworks: true, totalTimeoutMs: 300 });

      // Act
      const error = await failure(impatient(`${server.origin}${path}`));
      await impatient.close();

      // Assess
      expect(error.code).toBe('timeout');
      expect(error.message).toBe(`Timed out fetching ${server.origin}${path}`);
    },
  );

  it.each(['/big', '/big-chunked', '/bomb'])('reads only the first bytes when asked (%s)', async (path) => {
    // Act
    const page = await fetcher(`${server.origin}${path}`, { firstBytes: 1000 });

    // Assess
    expect(page.status).toBe(200);
    expect(page.body.length).toBe(1000);
  });

  it('stops when the caller aborts', async () => {
    // Prepare
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    // Act
    const error = await failure(fetcher(`${server.origin}/slow`, { signal: controller.signal }));

    // Assess
    expect(error.code).toBe('aborted');
  });
});

describe('fetchPage address guard', () => {
  it('refuses a loopback literal without connecting', async () => {
    // Prepare
    const guarded = createPageFetcher();
    const before = server.requests.length;

    // Act
    const error = await failure(guarded(`http://127.1:${server.port}/`));
    await guarded.close();

    // Assess
    expect(error.code).toBe('refused-address');
    expect(error.message).toContain('127.0.0.1 is a loopback address');
    expect(server.requests.length).toBe(before);
  });

  it.each(['10.0.0.1', '169.254.169.254', '::ffff:127.0.0.1', 'fd00::1'])(
    'refuses a name resolving to %s',
    async (address) => {
      // Prepare
      const guarded = createPageFetcher({
        resolve: async () => [{ address, family: address.includes(':') ? 6 : 4 }],
      });

      // Act
      const error = await failure(guarded(`http://internal.test:${server.port}/`));
      await guarded.close();

      // Assess
      expect(error.code).toBe('refused-address');
      expect(error.message).toContain(`Refused to connect to internal.test: ${address} is a`);
    },
  );

  it('connects to the address that passed the check', async () => {
    // Prepare
    const guarded = createPageFetcher({
      resolve: async () => [
        { address: '10.0.0.1', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
      addressPolicy: (address) => (address === '127.0.0.1' ? null : `${address} is not the fixture`),
    });

    // Act
    const page = await guarded(`http://fixture.test:${server.port}/`);
    await guarded.close();

    // Assess
    expect(page.body).toBe('<p>ok</p>');
  });
});
