import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { MalformedInputError } from './errors.ts';
import { type ByteSource, decodeText } from './text.ts';

/** More parts than any workbook has: a zip of more is not one (and its directory would fill memory). */
const MAX_PARTS = 100_000;

/** The parts of an xlsx (an OPC zip), read in any order from a copy of the input on local disk. */
export interface XlsxPackage {
  /** Whether the package has the part (names are case-insensitive in OPC, and start without `/`). */
  has(name: string): boolean;
  /** A part's text, decoded across chunk boundaries (UTF-8, or UTF-16 by its byte order mark). */
  text(name: string): AsyncIterable<string>;
  /** A folder for this package's own temporary files, removed by `close`. */
  readonly folder: string;
  close(): Promise<void>;
}

/**
 * Copies the input to a temporary file and opens it as a zip by its central directory: the parts a
 * sheet needs (workbook, styles, shared strings) are stored after it by Excel and openpyxl, so a
 * stream would have to park the sheet anyway. The file is unlinked once open (its descriptor keeps
 * it), so nothing is left on disk whatever happens to the process.
 */
export async function openPackage(input: ByteSource): Promise<XlsxPackage> {
  const folder = await mkdtemp(join(tmpdir(), 'xlsx-'));
  try {
    const path = join(folder, 'input.xlsx');
    await pipeline(Readable.from(input), createWriteStream(path));
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(path, { autoClose: false, strictFileNames: false });
    } catch (error) {
      if (await isCompoundFile(path))
        throw notXlsx(
          'it is an Excel 97–2003 (.xls) or a password-protected workbook, which are not zip archives; save it as .xlsx without a password',
          error,
        );
      throw notXlsx(`it is not a zip archive (${(error as Error).message})`, error);
    } finally {
      await rm(path, { force: true });
    }
    try {
      return new Package(zip, await entriesOf(zip), folder);
    } catch (error) {
      zip.close();
      throw error;
    }
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/** The OLE compound file signature: .xls files, and .xlsx ones encrypted by a password, start with it. */
const COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

async function isCompoundFile(path: string): Promise<boolean> {
  const file = await open(path);
  try {
    const head = Buffer.alloc(COMPOUND_FILE.length);
    await file.read(head, 0, head.length, 0);
    return head.equals(COMPOUND_FILE);
  } finally {
    await file.close();
  }
}

export function notXlsx(reason: string, cause?: unknown): MalformedInputError {
  return new MalformedInputError(
    `The input is not an xlsx (Excel) workbook: ${reason}`,
    { record: 0 },
    { cause },
  );
}

async function entriesOf(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  if (zip.entryCount > MAX_PARTS) throw notXlsx(`its zip has ${zip.entryCount} entries`);
  const entries = new Map<string, yauzl.Entry>();
  try {
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName.toLowerCase(), entry);
  } catch (error) {
    throw notXlsx(`its zip directory is broken (${(error as Error).message})`, error);
  }
  return entries;
}

class Package implements XlsxPackage {
  private readonly zip: yauzl.ZipFile;
  private readonly entries: Map<string, yauzl.Entry>;
  readonly folder: string;

  constructor(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>, folder: string) {
    this.zip = zip;
    this.entries = entries;
    this.folder = folder;
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  async *text(name: string): AsyncIterable<string> {
    const entry = this.entries.get(name.toLowerCase());
    if (entry === undefined) throw notXlsx(`it has no part ${name}`);
    if (entry.isEncrypted()) throw notXlsx(`its part ${name} is encrypted`);
    const broken = (error: unknown) =>
      new MalformedInputError(
        `The workbook's part ${name} cannot be read: ${(error as Error).message}`,
        { record: 0 },
        { cause: error },
      );
    let bytes: Readable;
    try {
      bytes = await this.zip.openReadStreamPromise(entry);
    } catch (error) {
      throw broken(error);
    }
    try {
      yield* decodeText(bytes);
    } catch (error) {
      if (error instanceof MalformedInputError)
        throw new MalformedInputError(
          `The workbook's part ${name} is not valid UTF-8 or UTF-16 text`,
          { record: 0 },
          { cause: error },
        );
      throw broken(error);
    } finally {
      bytes.destroy();
    }
  }

  async close(): Promise<void> {
    this.zip.close();
    await rm(this.folder, { recursive: true, force: true });
  }
}
