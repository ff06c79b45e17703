import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '#extraction/fetch-error';
import { createPageFetcher, type PageFetcher } from '#extraction/fetch-page';
import { type FixtureServer, startServer } from './server.ts';

const file = 'id,name\n'.repeat(10_000); // 80 KB

let server: FixtureServer;
let fetcher: PageFetcher;

beforeAll(async () => {
  server = await startServer(async (request, response) => {
    switch (new URL(request.url ?? '/', 'http://fixture').pathname) {
      case '/data.csv':
        response.setHeader('content-type', 'text/csv');
        response.write(file.slice(0, 40_000));
        await new Promise((resolve) => setTimeout(resolve, 20));
        response.end(file.slice(40_000));
        return;
      case '/gzip.csv':
        response.setHeader('content-encoding', 'gzip');
        response.end(gzipSync(file));
        return;
      case '/moved':
        response.statusCode = 302;
        response.setHeader('location', '/data.csv');
        response.end();
        return;
      case '/too-big':
        response.end(Buffer.alloc(300_000));
        return;
      default:
        response.statusCode = 404;
        response.end('no');
    }
  });
  fetcher = createPageFetcher({ allowPrivateNetworks: true, maxBodyBytes: 200_000 });
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

async function bodyOf(chunks: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

describe('download', () => {
  it('streams a file after its redirects, with its final URL and type', async () => {
    const download = await fetcher.download(`${server.origin}/moved`);
    expect(download).toMatchObject({
      status: 200,
      url: `${server.origin}/data.csv`,
      contentType: 'text/csv',
    });
    expect(await bodyOf(download.body)).toBe(file);
  });

  it('decompresses a gzip body', async () => {
    expect(await bodyOf((await fetcher.download(`${server.origin}/gzip.csv`)).body)).toBe(file);
  });

  it('gives the status of an answer that is not 2xx, with no body', async () => {
    const download = await fetcher.download(`${server.origin}/nothing`);
    expect(download.status).toBe(404);
    expect(await bodyOf(download.body)).toBe('');
  });

  it('fails past the size limit, its own or the fetcher’s', async () => {
    // announced by Content-Length: refused before the body
    await expect(fetcher.download(`${server.origin}/too-big`)).rejects.toMatchObject({ code: 'too-large' });
    // streamed without a length: refused once it passes the limit
    await expect(
      bodyOf((await fetcher.download(`${server.origin}/data.csv`, { maxBytes: 50_000 })).body),
    ).rejects.toBeInstanceOf(FetchError);
  });

  it('refuses loopback addresses unless private networks are allowed', async () => {
    const guarded = createPageFetcher();
    try {
      await expect(guarded.download(`${server.origin}/data.csv`)).rejects.toMatchObject({
        code: 'refused-address',
      });
    } finally {
      await guarded.close();
    }
  });
});
