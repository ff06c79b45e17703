import { describe, expect, it } from 'vitest';
import { formatInfo } from '#conversion/formats';
import type { OutputRecord } from '#conversion/records';
import { writerFor } from '#conversion/writers';
import { parseCsv } from './csv.ts';
import { textOf as text } from './parse-back.ts';

const records: OutputRecord[] = [
  {
    Title_text: 'Sapiens, "a brief history"',
    Title_details: { Stock_text: 'In stock\n(5 left)' },
    Price_text: ['£54.23', '£50.00'],
  },
  {
    Title_text: 'Soumission',
    Title_details: [{ Stock_text: 'Out' }, { Stock_text: 'Back soon' }],
    Price_text: '',
  },
  { Title_text: 'Émile ☃', Title_details: '', Price_text: '£1' },
];
const columns = ['Title_text', 'Title_details_Stock_text', 'Price_text'];

async function* slowly<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

describe('writerFor', () => {
  it('writes JSON as an array of the records, nesting kept', async () => {
    // Act
    const output = await text(writerFor('json')(slowly(records), columns));

    // Assess
    expect(JSON.parse(output)).toEqual(records);
    expect(output.split('\n')).toHaveLength(records.length + 3);
  });

  it('writes an empty JSON array for no records', async () => {
    // Act
    const output = await text(writerFor('json')([], columns));

    // Assess
    expect(JSON.parse(output)).toEqual([]);
  });

  it('writes JSON Lines, one record per line', async () => {
    // Act
    const output = await text(writerFor('jsonl')(slowly(records), columns));

    // Assess
    expect(output.endsWith('\n')).toBe(true);
    expect(
      output
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(records);
  });

  it('writes CSV with the columns as header, flattened and quoted', async () => {
    // Act
    const output = await text(writerFor('csv')(slowly(records), columns));

    // Assess
    expect(parseCsv(output)).toEqual([
      columns,
      ['Sapiens, "a brief history"', 'In stock\n(5 left)', '£54.23;£50.00'],
      ['Soumission', 'Out;Back soon', ''],
      ['Émile ☃', '', '£1'],
    ]);
  });

  it('writes only the header for no records', async () => {
    // Act
    const output = await text(writerFor('csv')([], columns));

    // Assess
    expect(parseCsv(output)).toEqual([columns]);
  });

  it.each(['json', 'jsonl', 'csv', 'excel', 'xml'] as const)(
    '%s pulls records as it writes, not all at once',
    async (format) => {
      // Prepare
      let produced = 0;
      async function* many(): AsyncIterable<OutputRecord> {
        for (let index = 0; index < 200_000; index++) {
          produced++;
          yield {
            Title_text: `Book ${index}`,
            Title_details_Stock_text: 'In stock',
            Price_text: String(index),
          };
        }
      }

      // Act
      const output = writerFor(format)(many(), columns)[Symbol.asyncIterator]();
      // The first chunks may be a file's own header (the xlsx's zip entries), written before any row.
      let chunks = 0;
      let first = await output.next();
      while (!first.done && produced === 0 && ++chunks < 10) first = await output.next();
      await output.return?.();

      // Assess
      expect(first.done).toBe(false);
      expect(produced).toBeGreaterThan(0);
      expect(produced).toBeLessThan(50_000);
    },
  );

  it.each(['csv', 'json', 'jsonl', 'excel', 'xml'] as const)('has a writer for %s', (format) => {
    // Act
    const writer = writerFor(format);

    // Assess
    expect(writer).toBeTypeOf('function');
  });

  it('names content types and extensions', () => {
    // Assess
    expect(formatInfo.csv).toEqual({ contentType: 'text/csv; charset=utf-8', extension: 'csv' });
    expect(formatInfo.excel.extension).toBe('xlsx');
    expect(formatInfo.jsonl.extension).toBe('jsonl');
  });
});
