// The web console as the local stack serves it: its page and files from the Console function's
// bundle, with the headers that keep the page to its own scripts, the API and the bucket.
import { describe, expect, it } from 'vitest';
import { useTestRuntime } from '#test/helpers/runtime';

const stack = useTestRuntime();

describe('the console', () => {
  const origin = () => stack.runtime.endpoints.api;

  it('serves its page at /console without a key, under a policy that allows no inline code and connects only to the API and the bucket', async () => {
    const response = await fetch(`${origin()}/console`);
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("style-src 'self';");
    expect(policy).toContain(`connect-src 'self' ${new URL(stack.runtime.endpoints.s3).origin};`);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(page).toMatch(/<script type="module" src="\/console\/app-\w+\.js"><\/script>/);
    expect(page).not.toContain(stack.runtime.apiKey);
  });

  it('serves its script and style, named by their content, cached for good and gzipped when asked (and only then)', async () => {
    const page = await (await fetch(`${origin()}/console`)).text();
    const script = /src="(\/console\/app-\w+\.js)"/.exec(page)?.[1];
    const style = /href="(\/console\/app-\w+\.css)"/.exec(page)?.[1];

    const js = await fetch(`${origin()}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    const css = await fetch(`${origin()}${style}`, { headers: { 'accept-encoding': 'identity' } });

    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toContain('X-Api-Key');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('content-encoding')).toBeNull();
  });

  it('answers 304 to a request that has the page already', async () => {
    const first = await fetch(`${origin()}/console`);
    const etag = first.headers.get('etag') ?? '';

    const again = await fetch(`${origin()}/console`, { headers: { 'if-none-match': etag } });

    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(again.status).toBe(304);
  });

  it('answers 404 for a file it does not have', async () => {
    const response = await fetch(`${origin()}/console/nothing.js`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'The console has no file nothing.js' },
    });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
