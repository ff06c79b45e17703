import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { badRequest } from './errors.ts';
import type { CursorSecret } from './ports/cursor-secret.ts';

/** Longest position a cursor may carry: a task's `createdAt#id`, a log entry's sort key. */
const MAX_POSITION = 128;
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_CURSOR_CHARS = Math.ceil(((1 + IV_BYTES + MAX_POSITION + TAG_BYTES) * 4) / 3);

/**
 * Next-page cursors: a listing position sealed with AES-256-GCM under the deployment's key, the
 * listing (account, filter) as associated data. A cursor shows nothing of the key schema or the
 * account, and one edited, forged, or made for another listing or deployment is a 400.
 */
export interface Cursors {
  /** The cursor of the page after `position`, in `listing` (e.g. an account's tasks of a status). */
  seal(listing: string, position: string): Promise<string>;
  /** The position a cursor of `listing` points after; anything else is a 400 on `cursor`. */
  open(cursor: string, listing: string, shape: RegExp): Promise<string>;
}

export function cursorsWith(secret: CursorSecret): Cursors {
  let key: Promise<Buffer> | undefined;
  const keyOf = () => {
    key ??= secret().then(
      (value) => Buffer.from(hkdfSync('sha256', value, '', 'dfk cursor v1', 32)),
      (error: unknown) => {
        key = undefined; // a failed read is tried again by the next request, not kept
        throw error;
      },
    );
    return key;
  };

  return {
    async seal(listing, position) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', await keyOf(), iv).setAAD(Buffer.from(listing));
      const sealed = Buffer.concat([cipher.update(position, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, sealed, cipher.getAuthTag()]).toString('base64url');
    },

    async open(cursor, listing, shape) {
      const invalid = () =>
        badRequest('Invalid cursor', [{ path: 'cursor', reason: 'not a cursor of this listing' }]);
      if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
      const bytes = Buffer.from(cursor, 'base64url');
      if (bytes.length <= 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw invalid();
      const iv = bytes.subarray(1, 1 + IV_BYTES);
      const tag = bytes.subarray(bytes.length - TAG_BYTES);
      const secretKey = await keyOf();
      let position: string;
      try {
        const decipher = createDecipheriv('aes-256-gcm', secretKey, iv).setAAD(Buffer.from(listing));
        decipher.setAuthTag(tag);
        const body = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
        position = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw invalid(); // the tag does not verify: edited, forged, or another listing's
      }
      if (position.length > MAX_POSITION || !shape.test(position)) throw invalid();
      return position;
    },
  };
}
