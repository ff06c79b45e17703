import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '#core/cursor';
import { ApiError } from '#core/errors';

const SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z#[0-9A-Za-z]{1,64}$/;
const position = '2026-12-01T10:00:00.000Z#tCcB4hfFP6wvBRe2gwZv9aJp';

function refusal(cursor: string, listing = 'tasks\nacme\n'): ApiError {
  try {
    decodeCursor(cursor, listing, SHAPE);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('cursors', () => {
  it('give back the position of the listing that made them', () => {
    const cursor = encodeCursor('tasks\nacme\n', position);
    expect(decodeCursor(cursor, 'tasks\nacme\n', SHAPE)).toBe(position);
  });

  it('show neither the account nor the key schema', () => {
    const text = Buffer.from(encodeCursor('tasks\nacme\n', position), 'base64url').toString('utf8');
    expect(text).not.toContain('acme');
    expect(text).not.toMatch(/pk|sk|createdKey|account/);
  });

  it.each([
    ['another account', encodeCursor('tasks\nother\n', position)],
    ['another status filter', encodeCursor('tasks\nacme\nrunning', position)],
    ['a position of another shape', encodeCursor('tasks\nacme\n', 'task#x')],
    ['a key longer than DynamoDB allows', encodeCursor('tasks\nacme\n', `${'x'.repeat(2100)}`)],
    ['base64 JSON of a raw key', Buffer.from(JSON.stringify({ pk: 'x'.repeat(2100) })).toString('base64url')],
    ['text that is not base64url', 'not a cursor!'],
    ['an empty position', encodeCursor('tasks\nacme\n', '')],
  ])('refuse %s with a 400 on cursor', (_, cursor) => {
    const error = refusal(cursor);
    expect(error.statusCode).toBe(400);
    expect(error.extra).toMatchObject({ details: [{ path: 'cursor' }] });
  });
});
