import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixturePath } from './fixture.ts';
import { type FixtureServer, startServer } from './server.ts';

export interface ShopBehaviour {
  /** Added before every answer. */
  delayMs?: number;
  /** robots.txt: a body (200) or a status; absent means 404. */
  robots?: string | number;
  /** Paths answered with a fixed status. */
  statuses?: Record<string, number>;
  /** Paths answered 503 (with Retry-After: 0) this many times first. */
  flaky?: Record<string, number>;
}

/** The fixture bookshop under /shop/ on 127.0.0.1. */
export async function startShop(behaviour: ShopBehaviour = {}): Promise<FixtureServer> {
  const flaky = { ...behaviour.flaky };
  return startServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://shop').pathname;
    if (behaviour.delayMs) await sleep(behaviour.delayMs);
    if (path === '/robots.txt') {
      const robots = behaviour.robots ?? 404;
      response.statusCode = typeof robots === 'number' ? robots : 200;
      response.end(typeof robots === 'string' ? robots : '');
      return;
    }
    const status = behaviour.statuses?.[path];
    if (status !== undefined) {
      response.statusCode = status;
      response.end();
      return;
    }
    if ((flaky[path] ?? 0) > 0) {
      flaky[path] = (flaky[path] ?? 0) - 1;
      response.statusCode = 503;
      response.setHeader('retry-after', '0');
      response.end();
      return;
    }
    const match = /^\/shop\/([a-z0-9-]+\.html)$/u.exec(path);
    const body = match ? await readFile(fixturePath(`shop/${match[1]}`)).catch(() => null) : null;
    response.statusCode = body ? 200 : 404;
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(body ?? 'not found');
  });
}
