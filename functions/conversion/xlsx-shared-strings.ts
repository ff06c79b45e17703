import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MalformedInputError } from './errors.ts';
import { unescapeXstring } from './xlsx-escapes.ts';
import type { XlsxPackage } from './xlsx-package.ts';
import { readPart } from './xlsx-xml.ts';

/** Strings per block: the unit written to disk and read back. */
const BLOCK_STRINGS = 1024;
/** Bytes of blocks kept in memory; the rest is read back from disk when a cell asks. */
const CACHE_BYTES = 16 * 1024 * 1024;
/** Excel holds 32,767 characters in a cell; a string far longer is not a cell's. */
const MAX_STRING_CHARS = 16 * 1024 * 1024;
const MAX_TOTAL_BYTES = 4 * 1024 ** 3;

/** A block as read back: each string's end (in UTF-16 code units) after the first, then their text. */
interface Block {
  ends: Uint32Array;
  text: Buffer;
}

/**
 * The shared strings table, which a sheet refers to from anywhere, so it is read before the sheet.
 * Memory is bounded whatever its size: it goes to a temporary file (unlinked at once) in blocks of
 * 1024 strings, and up to 16 MiB of blocks are kept in memory, the least recently used dropped
 * first. Writers number strings in order of first use, so a sheet read top to bottom mostly asks
 * for the block it asked for last or the next one. Blocks stay bytes (UTF-16, which keeps any
 * code unit) and a string is made when a cell asks for it, so they are no load on the JS heap.
 */
export class SharedStrings {
  private readonly fd: number;
  /** Where each block starts in the file, and where the last one ends. */
  private readonly offsets: number[] = [0];
  private pending: string[] = [];
  private readonly cache = new Map<number, Block>();
  private cachedBytes = 0;
  private lastBlock = -1;
  private last: Block | undefined;
  private readonly cacheBytes: number;
  count = 0;

  constructor(folder: string, cacheBytes = CACHE_BYTES) {
    this.cacheBytes = cacheBytes;
    const path = join(folder, 'shared-strings');
    this.fd = openSync(path, 'w+');
    unlinkSync(path);
  }

  add(text: string): void {
    this.pending.push(text);
    this.count++;
    if (this.pending.length === BLOCK_STRINGS) this.flush();
  }

  /** Ends the table: the last block is written. */
  finish(): void {
    if (this.pending.length > 0) this.flush();
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const block = Math.floor(index / BLOCK_STRINGS);
    if (block !== this.lastBlock || this.last === undefined) {
      this.last = this.cache.get(block) ?? this.load(block);
      this.lastBlock = block;
    }
    const { ends, text } = this.last;
    const at = index % BLOCK_STRINGS;
    return text.toString('utf16le', at === 0 ? 0 : (ends[at - 1] ?? 0) * 2, (ends[at] ?? 0) * 2);
  }

  close(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    const ends = new Uint32Array(BLOCK_STRINGS);
    let end = 0;
    this.pending.forEach((text, index) => {
      end += text.length;
      ends[index] = end;
    });
    const bytes = Buffer.concat([Buffer.from(ends.buffer), Buffer.from(this.pending.join(''), 'utf16le')]);
    const start = this.offsets.at(-1) ?? 0;
    if (start + bytes.length > MAX_TOTAL_BYTES)
      throw new MalformedInputError('The workbook’s shared strings are larger than 4 GiB', { record: 0 });
    writeSync(this.fd, bytes, 0, bytes.length, start);
    this.offsets.push(start + bytes.length);
    this.pending = [];
  }

  private load(index: number): Block {
    const start = this.offsets[index] ?? 0;
    const length = (this.offsets[index + 1] ?? start) - start;
    const bytes = Buffer.allocUnsafeSlow(length);
    readSync(this.fd, bytes, 0, length, start);
    const block = {
      ends: new Uint32Array(bytes.buffer, 0, BLOCK_STRINGS),
      text: bytes.subarray(BLOCK_STRINGS * 4),
    };
    // Least recently used first: a block read again goes to the end of the map.
    this.cache.set(index, block);
    this.cachedBytes += length;
    for (const [old] of this.cache) {
      if (this.cachedBytes <= this.cacheBytes || old === index) break;
      this.cachedBytes -= (this.offsets[old + 1] ?? 0) - (this.offsets[old] ?? 0);
      this.cache.delete(old);
    }
    return block;
  }
}

/**
 * Reads the shared strings part: each `<si>`'s text, rich text runs joined, phonetic guides
 * (`<rPh>`, furigana) left out as Excel shows them, `_xHHHH_` escapes decoded.
 */
export async function readSharedStrings(pkg: XlsxPackage, part: string | undefined): Promise<SharedStrings> {
  const strings = new SharedStrings(pkg.folder);
  if (part === undefined || !pkg.has(part)) return strings;
  let text = '';
  let inItem = false;
  let inText = false;
  let phonetic = 0;
  try {
    await readPart(part, pkg.text(part), {
      open(name) {
        if (name === 'si') {
          inItem = true;
          text = '';
        } else if (name === 'rPh') phonetic++;
        else if (name === 't' && inItem && phonetic === 0) inText = true;
      },
      close(name) {
        if (name === 't') inText = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'si') {
          strings.add(unescapeXstring(text));
          inItem = false;
        }
      },
      text(chunk) {
        if (!inText) return;
        text += chunk;
        if (text.length > MAX_STRING_CHARS)
          throw new MalformedInputError(
            `Shared string ${strings.count} of the workbook is longer than ${MAX_STRING_CHARS} characters`,
            { record: 0 },
          );
      },
    });
    strings.finish();
    return strings;
  } catch (error) {
    strings.close();
    throw error;
  }
}
