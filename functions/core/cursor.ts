import { createHash } from 'node:crypto';
import { badRequest } from './errors.ts';

/** Longest position a cursor may carry: a task's `createdAt#id`, a log entry's sort key. */
const MAX_POSITION = 128;

// The tag binds a cursor to the listing that made it without showing the account it names.
const tagOf = (listing: string) => createHash('sha256').update(listing).digest('base64url').slice(0, 12);

/** The cursor of the page after `position`, in `listing` (e.g. an account's tasks of a status). */
export function encodeCursor(listing: string, position: string): string {
  return Buffer.from(`${tagOf(listing)}.${position}`).toString('base64url');
}

/**
 * The position a cursor of `listing` points after; any other string (another listing's cursor,
 * an edited one, one too long or of the wrong shape) is a 400 on `cursor`.
 */
export function decodeCursor(cursor: string, listing: string, shape: RegExp): string {
  const invalid = () =>
    badRequest('Invalid cursor', [{ path: 'cursor', reason: 'not a cursor of this listing' }]);
  if (cursor.length > 4 * MAX_POSITION || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const dot = text.indexOf('.');
  const position = text.slice(dot + 1);
  if (dot < 0 || text.slice(0, dot) !== tagOf(listing)) throw invalid();
  if (position.length > MAX_POSITION || !shape.test(position)) throw invalid();
  return position;
}
