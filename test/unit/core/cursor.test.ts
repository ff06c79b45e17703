import { describe, expect, it } from 'vitest';
import { cursorsWith } from '#core/cursor';
import { ApiError } from '#core/errors';

const SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z#[0-9A-Za-z]{1,64}$/;
const position = '2026-12-01T10:00:00.000Z#tCcB4hfFP6wvBRe2gwZv9aJp';
const listing = 'tasks\nacme\n';
const cursors = cursorsWith(async () => 'the deployment secret');

async function refusal(cursor: string, from = cursors): Promise<ApiError> {
  const error = await from.open(cursor, listing, SHAPE).then(
    () => new Error('accepted'),
    (thrown: unknown) => thrown,
  );
  if (error instanceof ApiError) return error;
  throw error;
}

/** The same cursor with one bit of byte `index` flipped. */
function flipped(cursor: string, index: number): string {
  const bytes = Buffer.from(cursor, 'base64url');
  bytes[index] = (bytes[index] ?? 0) ^ 1;
  return bytes.toString('base64url');
}

describe('cursors', () => {
  it('give back the position of the listing that made them', async () => {
    const cursor = await cursors.seal(listing, position);
    await expect(cursors.open(cursor, listing, SHAPE)).resolves.toBe(position);
  });

  it('are opened by another container of the same deployment', async () => {
    const cursor = await cursors.seal(listing, position);
    const other = cursorsWith(async () => 'the deployment secret');
    await expect(other.open(cursor, listing, SHAPE)).resolves.toBe(position);
  });

  it('show neither the account, the position nor the key schema', async () => {
    const cursor = await cursors.seal(listing, position);
    const bytes = Buffer.from(cursor, 'base64url');
    for (const visible of ['acme', '2026-12-01', 'tCcB4hfFP6wvBRe2gwZv9aJp', '"pk"', 'createdKey']) {
      expect(bytes.includes(visible)).toBe(false);
      expect(cursor).not.toContain(visible);
    }
  });

  it('differ each time, so two cursors of one position cannot be told equal', async () => {
    expect(await cursors.seal(listing, position)).not.toBe(await cursors.seal(listing, position));
  });

  it('stay short enough for a query string', async () => {
    expect((await cursors.seal(listing, position)).length).toBeLessThan(120);
  });

  it.each([
    ['another account', 'tasks\nother\n'],
    ['another status filter', 'tasks\nacme\nrunning'],
  ])('refuse a cursor of %s with a 400 on cursor', async (_, theirs) => {
    const error = await refusal(await cursors.seal(theirs, position));
    expect(error.statusCode).toBe(400);
    expect(error.extra).toMatchObject({
      details: [{ path: 'cursor', reason: 'not a cursor of this listing' }],
    });
  });

  it('refuse a cursor sealed by another deployment', async () => {
    const theirs = await cursorsWith(async () => 'another secret').seal(listing, position);
    expect((await refusal(theirs)).statusCode).toBe(400);
  });

  it('refuse a cursor with any bit changed: version, nonce, body or tag', async () => {
    const cursor = await cursors.seal(listing, position);
    const length = Buffer.from(cursor, 'base64url').length;
    for (const index of [0, 1, 12, 13, length - 17, length - 1]) {
      expect((await refusal(flipped(cursor, index))).statusCode).toBe(400);
    }
  });

  it.each([
    ['a position of another shape', 'task#x'],
    ['a key longer than DynamoDB allows', 'x'.repeat(2100)],
    ['an empty position', ''],
  ])('refuse a sealed cursor of %s', async (_, theirs) => {
    expect((await refusal(await cursors.seal(listing, theirs))).statusCode).toBe(400);
  });

  it.each([
    ['base64 JSON of a raw key', Buffer.from(JSON.stringify({ pk: 'x'.repeat(2100) })).toString('base64url')],
    ['the unsealed cursors of before', Buffer.from(`abcdefghijkl.${position}`).toString('base64url')],
    ['text that is not base64url', 'not a cursor!'],
    ['a few bytes', 'AQID'],
    ['nothing', ''],
  ])('refuse %s', async (_, cursor) => {
    const error = await refusal(cursor);
    expect(error.statusCode).toBe(400);
    expect(error.extra).toMatchObject({ details: [{ path: 'cursor' }] });
  });

  it('read the secret once, and again after a failed read', async () => {
    let reads = 0;
    const flaky = cursorsWith(async () => {
      reads += 1;
      if (reads === 1) throw new Error('Secrets Manager unavailable');
      return 'the deployment secret';
    });
    await expect(flaky.seal(listing, position)).rejects.toThrow('Secrets Manager unavailable');
    const cursor = await flaky.seal(listing, position);
    await expect(flaky.open(cursor, listing, SHAPE)).resolves.toBe(position);
    expect(reads).toBe(2);
  });
});
