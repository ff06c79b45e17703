import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert } from '#conversion/convert';
import { formatInfo } from '#conversion/formats';
import { readerFor } from '#conversion/readers';
import type { OutputRecord } from '#conversion/records';
import type { Format } from '#conversion/scheme';
import { writerFor } from '#conversion/writers';
import { chunks, plain, recordsOf } from './input.ts';
import { bytesOf } from './parse-back.ts';

const FORMATS = Object.keys(formatInfo) as Format[];
const PAIRS = FORMATS.flatMap((from) => FORMATS.filter((to) => to !== from).map((to) => [from, to] as const));

// Text that every format carries exactly: quotes, delimiters, line feeds, tabs, markup, unicode.
// (Excel stores CR LF as LF and XML cannot hold most control characters: fixtures cover those.)
const text = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    '0',
    ' ',
    ',',
    ';',
    '"',
    "'",
    '\n',
    '\t',
    '<',
    '&',
    '>',
    'é',
    '東',
    '🚀',
    '_',
    '|',
  ),
  maxLength: 12,
});
const name = fc
  .string({
    unit: fc.constantFrom('a', 'b', 'é', '東', ' ', '(', '€', '_', '1', '-', '.'),
    minLength: 1,
    maxLength: 8,
  })
  .filter((value) => value.trim() === value && value !== '');

/** A table: unique column names (`1` among them), records of text in column order, a first column never empty. */
const table = fc.uniqueArray(name, { minLength: 1, maxLength: 4 }).chain((columns) =>
  fc.tuple(
    fc.constant(columns),
    fc.array(
      fc
        .tuple(
          fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('x', 'y', '1', 'é') }),
          fc.array(text, { minLength: columns.length - 1, maxLength: columns.length - 1 }),
        )
        .map(
          ([first, rest]) =>
            new Map(
              columns.map((column, index) => [column, index === 0 ? first : (rest[index - 1] as string)]),
            ),
        ),
      { maxLength: 6 },
    ),
  ),
);

const optionsFor = (format: Format) => (format === 'csv' ? { delimiter: ',' } : {});

async function write(format: Format, records: OutputRecord[], columns: string[]): Promise<Buffer> {
  return bytesOf(writerFor(format)(records, columns));
}

async function readBack(format: Format, bytes: Buffer): Promise<OutputRecord[]> {
  const all: OutputRecord[] = [];
  for await (const record of recordsOf(readerFor(format)(chunks(bytes, 4096), optionsFor(format))))
    all.push(record);
  return all;
}

/** Each record's keys in their order. */
const keysOf = (records: readonly OutputRecord[]) =>
  records.map((record) => (record instanceof Map ? [...record.keys()] : Object.keys(record)));

async function converted(from: Format, to: Format, bytes: Buffer): Promise<Buffer> {
  return bytesOf(convert({ from, to, options: optionsFor(from), open: () => chunks(bytes, 997) }).output);
}

describe('round trips', () => {
  it.each(PAIRS)('%s → %s carries any table of text back exactly', async (from, to) => {
    await fc.assert(
      fc.asyncProperty(table, async ([columns, records]) => {
        const source = await write(from, records, columns);
        const output = await converted(from, to, source);
        const read = await readBack(to, output);
        // and back again to the first format
        const back = await readBack(from, await converted(to, from, output));
        expect(plain(read)).toEqual(plain(records));
        expect(plain(back)).toEqual(plain(records));
        // Excel rows are read as plain objects (excel-reader.ts), which put integer keys first.
        if (from !== 'excel' && to !== 'excel') {
          expect(keysOf(read)).toEqual(keysOf(records));
          expect(keysOf(back)).toEqual(keysOf(records));
        }
      }),
      { numRuns: from === 'excel' || to === 'excel' ? 8 : 25 },
    );
  });

  it('json ↔ jsonl carries any JSON records exactly, nesting and types included', async () => {
    const record = fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 5 }), async (records) => {
        const jsonl = await converted('json', 'jsonl', await write('json', records, []));
        expect(plain(await readBack('jsonl', jsonl))).toEqual(JSON.parse(JSON.stringify(records)));
        expect(plain(await readBack('json', await converted('jsonl', 'json', jsonl)))).toEqual(
          JSON.parse(JSON.stringify(records)),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('json → xml → json keeps nested objects and repeated values', async () => {
    const key = fc.constantFrom('title', 'author', 'Prix (€)', 'a b', 'x');
    const leaf = fc.oneof(text, fc.array(text, { minLength: 2, maxLength: 3 }));
    const nested = fc.dictionary(key, fc.oneof(leaf, fc.dictionary(key, leaf, { minKeys: 1, maxKeys: 2 })), {
      minKeys: 1,
      maxKeys: 3,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(nested, { maxLength: 4 }), async (records) => {
        const xml = await converted('json', 'xml', await write('json', records, []));
        expect(plain(await readBack('json', await converted('xml', 'json', xml)))).toEqual(records);
      }),
      { numRuns: 50 },
    );
  });
});
