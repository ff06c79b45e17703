import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writerFor } from '#conversion/formats';
import type { OutputRecord } from '#conversion/records';
import { parseCsv } from './csv.ts';

const columns = ['a_text', 'b_href', 'c_details_d_text'];

const value = fc.oneof(fc.string(), fc.array(fc.string({ minLength: 1 }), { minLength: 2, maxLength: 3 }));
const record = fc.record({
  a_text: value,
  b_href: fc.string(),
  c_details: fc.oneof(fc.constant(''), fc.record({ d_text: fc.string() })),
});

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

describe('writers on any records', () => {
  it('JSON and JSONL give the records back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 20 }), async (records: OutputRecord[]) => {
        // Act
        const json = await text(writerFor('json')(records, columns));
        const jsonl = await text(writerFor('jsonl')(records, columns));

        // Assess
        expect(JSON.parse(json)).toEqual(records);
        expect(
          jsonl === ''
            ? []
            : jsonl
                .trimEnd()
                .split('\n')
                .map((line) => JSON.parse(line)),
        ).toEqual(records);
      }),
    );
  });

  it('CSV gives every cell back, flattened', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 20 }), async (records) => {
        // Act
        const csv = await text(writerFor('csv')(records, columns));

        // Assess
        const cell = (cellValue: string | string[]) =>
          Array.isArray(cellValue) ? cellValue.join(';') : cellValue;
        expect(parseCsv(csv)).toEqual([
          columns,
          ...records.map((row) => [
            cell(row.a_text),
            row.b_href,
            typeof row.c_details === 'string' ? '' : row.c_details.d_text,
          ]),
        ]);
      }),
    );
  });
});
