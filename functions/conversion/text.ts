import { TextDecoder } from 'node:util';
import { MalformedInputError } from './errors.ts';

/** Bytes of an input as they arrive (a file, an S3 object, an HTTP body). */
export type ByteSource = AsyncIterable<Uint8Array>;

const BOMS: readonly [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

function bomEncoding(bytes: Uint8Array): string | undefined {
  return BOMS.find(([bom]) => bom.every((byte, index) => bytes[index] === byte))?.[1];
}

/** Whether a WHATWG encoding label is one this runtime decodes (`options.encoding`). */
export function isKnownEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** The charset a Content-Type names (`text/csv; charset=windows-1252`), if this runtime decodes it. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const label = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  return label !== undefined && isKnownEncoding(label) ? label : undefined;
}

/** The charset a file's first bytes declare (an XML declaration), or undefined. */
export type DeclaredCharset = (head: Uint8Array) => string | undefined;

/** Bytes read before the charset is chosen: a BOM's 3, or room for a declaration. */
const HEAD_BYTES = 3;
const DECLARATION_BYTES = 1024;

/**
 * Decodes a byte stream chunk by chunk: a byte order mark decides (and is dropped), then the
 * given charset, then the one the first bytes declare (`declared`), then UTF-8. Bytes that are not
 * valid in that charset fail with their offset, rather than turning into replacement characters.
 */
export async function* decodeText(
  input: ByteSource,
  encoding?: string,
  declared?: DeclaredCharset,
): AsyncIterable<string> {
  const headBytes = declared !== undefined && encoding === undefined ? DECLARATION_BYTES : HEAD_BYTES;
  let decoder: TextDecoder | undefined;
  let offset = 0;
  let head: Uint8Array | undefined;
  const start = (bytes: Uint8Array) =>
    new TextDecoder(bomEncoding(bytes) ?? encoding ?? declared?.(bytes) ?? 'utf-8', { fatal: true });
  const fail = (error: unknown) =>
    new MalformedInputError(
      `The input is not valid ${decoder?.encoding ?? encoding ?? 'utf-8'} text (near byte ${offset}); set options.encoding to its charset`,
      {},
      { cause: error },
    );
  for await (const chunk of input) {
    let bytes = chunk;
    if (decoder === undefined) {
      // A BOM (or a declaration) can be split over the first chunks: wait for its bytes.
      bytes = head ? concat(head, bytes) : bytes;
      if (bytes.length < headBytes) {
        head = bytes;
        continue;
      }
      decoder = start(bytes);
    }
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch (error) {
      throw fail(error);
    }
    offset += bytes.length;
    if (text !== '') yield text;
  }
  decoder ??= start(head ?? new Uint8Array());
  let rest: string;
  try {
    rest = head && offset === 0 ? decoder.decode(head) : decoder.decode();
  } catch (error) {
    throw fail(error);
  }
  if (rest !== '') yield rest;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/**
 * Splits text into lines (LF or CRLF), numbered from 1, without holding more than one line.
 * The last line may lack its line break.
 */
export async function* textLines(text: AsyncIterable<string>): AsyncIterable<[line: string, number: number]> {
  let pending = '';
  let number = 0;
  for await (const chunk of text) {
    const buffer = pending === '' ? chunk : pending + chunk;
    let start = 0;
    for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n', start)) {
      const end = newline > start && buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      yield [buffer.slice(start, end), ++number];
      start = newline + 1;
    }
    pending = buffer.slice(start);
  }
  if (pending !== '') yield [pending.endsWith('\r') ? pending.slice(0, -1) : pending, ++number];
}
