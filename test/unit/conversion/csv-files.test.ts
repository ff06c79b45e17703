import { describe, expect, it } from 'vitest';
import type { Format } from '#conversion/formats';
import { converted } from './input.ts';
import { type Entries, entriesIn, pythonCsv } from './tools.ts';

const OUTPUTS: Format[] = ['csv', 'json', 'jsonl', 'xml', 'excel'];
const TABLES: ReadonlySet<Format> = new Set(['csv', 'excel']);

/**
 * The records of `input` converted to each format, as other tools read each file; `sizes` adds
 * JSON Lines made from chunks of those sizes.
 */
async function inEveryFormat(from: Format, input: string | Uint8Array, options = {}, sizes: number[] = []) {
  const outputs = OUTPUTS.filter((to) => to !== from || to === 'csv');
  const made = [
    ...outputs.map((to) => ({ to, size: 7 })),
    ...sizes.map((size) => ({ to: 'jsonl' as const, size })),
  ];
  const files = await Promise.all(
    made.map(async ({ to, size }) => ({ format: to, file: await converted(from, to, input, options, size) })),
  );
  const entries = await entriesIn(files);
  return made.map(({ to, size }, index) => ({
    to: `${to} (chunks of ${size})`,
    table: TABLES.has(to),
    entries: entries[index] as Entries,
  }));
}

const recordsOf = (header: string[], rows: string[][]): Entries =>
  rows.map((row) => header.map((column, index): [string, string] => [column, row[index] ?? '']));

describe('CSV extra fields', () => {
  it('go to _extra1, _extra2… in every format, after the header’s columns and never over one of them', async () => {
    const input = 'a,column3,_extra1\n1,2,3,4\n5,6,7\n';
    const records: Entries = [
      [
        ['a', '1'],
        ['column3', '2'],
        ['_extra1', '3'],
        ['_extra1_2', '4'],
      ],
      [
        ['a', '5'],
        ['column3', '6'],
        ['_extra1', '7'],
      ],
    ];
    // A table has the column in every row, empty where a row has no such field.
    const table = recordsOf(
      ['a', 'column3', '_extra1', '_extra1_2'],
      [
        ['1', '2', '3', '4'],
        ['5', '6', '7'],
      ],
    );
    for (const { to, table: isTable, entries } of await inEveryFormat('csv', input)) {
      expect(entries, to).toEqual(isTable ? table : records);
    }
  });

  it('continue column1…N in a file without a header', async () => {
    for (const { to, entries } of await inEveryFormat('csv', '1,2\n3,4,5\n', { header: false })) {
      expect(entries.at(-1), to).toEqual([
        ['column1', '3'],
        ['column2', '4'],
        ['column3', '5'],
      ]);
    }
  });

  it('fail with the line and record when strict', async () => {
    for (const to of OUTPUTS) {
      await expect(converted('csv', to, 'a,b\n1,2\n3,4,5\n', { strict: true }), to).rejects.toThrow(
        'Line 3 (record 2) has 3 fields where the header has 2',
      );
    }
  });
});

describe('CSV column names', () => {
  it.each([{}, { inferTypes: true }])(
    'keep __proto__ and constructor as columns in every format (%j)',
    async (options) => {
      for (const { to, entries } of await inEveryFormat('csv', '__proto__,constructor,a\nx,y,1\n', options)) {
        expect(entries, to).toEqual([
          [
            ['__proto__', 'x'],
            ['constructor', 'y'],
            ['a', '1'],
          ],
        ]);
      }
    },
  );

  it('keep the input’s order in every format, integer-like names included', async () => {
    const expected = [
      [
        ['country', 'France'],
        ['2024', '1'],
        ['2023', '2'],
        ['10', '3'],
      ],
    ];
    const json = '[{"country":"France","2024":"1","2023":"2","10":"3"}]';
    const xml =
      '<rows><row><country>France</country><_x0032_024>1</_x0032_024><_x0032_023>2</_x0032_023><_x0031_0>3</_x0031_0></row></rows>';
    const inputs: [Format, string][] = [
      ['csv', 'country,2024,2023,10\nFrance,1,2,3\n'],
      ['json', json],
      ['jsonl', `${json.slice(1, -1)}\n`],
      ['xml', xml],
    ];
    for (const [from, input] of inputs) {
      for (const { to, entries } of await inEveryFormat(from, input))
        expect(entries, `${from} → ${to}`).toEqual(expected);
    }
  });
});

describe('CSV line endings, in files Python’s csv module writes', () => {
  const rows = [
    ['country', '2024', 'note'],
    ['France', '1,5', 'two\nlines'],
    ['Ísland', '"q"', ''],
    ['Perú', '2', 'end'],
  ];
  const [header, ...body] = rows as [string[], ...string[][]];
  const expected = recordsOf(header, body);
  const writers = {
    'CR alone (Excel’s “CSV (Macintosh)”)': "{'lineterminator': '\\r'}",
    'CR alone, every field quoted: the file ends "end"\\r':
      "{'lineterminator': '\\r', 'quoting': csv.QUOTE_ALL}",
    'CR LF': '{}',
    'CR LF, every field quoted': "{'quoting': csv.QUOTE_ALL}",
    'LF, every field quoted': "{'lineterminator': '\\n', 'quoting': csv.QUOTE_ALL}",
  };
  const files = pythonCsv(rows, Object.values(writers));

  it.each(Object.keys(writers).map((name, index) => [name, index] as const))(
    'reads %s in every format, a CR at the end of every chunk or not',
    async (_name, index) => {
      const file = files[index] as Buffer;
      for (const { to, entries } of await inEveryFormat('csv', file, {}, [1, file.length])) {
        expect(entries, to).toEqual(expected);
      }
    },
  );

  it('reads a CR LF file whose last line ends in CR alone ("end"\\r)', async () => {
    const crlf = files[3] as Buffer;
    const cut = crlf.subarray(0, crlf.length - 1);
    expect(cut.toString().endsWith('"end"\r')).toBe(true);
    for (const { to, entries } of await inEveryFormat('csv', cut, {}, [1]))
      expect(entries, to).toEqual(expected);
  });

  it('numbers the lines of a CR-only file in its errors', async () => {
    await expect(converted('csv', 'json', 'a,b\r1,2\r"x"y,3\r')).rejects.toThrow(
      'Unexpected "y" after a closing quote on line 3',
    );
  });
});
