import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 24 unguessable base62 characters (~143 bits), as the contract's `id` and `storeID`. */
export function newId(length = 24): string {
  let id = '';
  for (let i = 0; i < length; i++) id += BASE62[randomInt(62)];
  return id;
}

export const ID_PATTERN = /^[0-9A-Za-z]{24}$/;
