import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert } from '#conversion/convert';
import { readCsv } from '#conversion/csv-reader';
import { writerFor } from '#conversion/writers';
import { chunks, recordsOf } from './input.ts';
import { textOf } from './parse-back.ts';

// CSV text as people make it: quoted or not, ragged, blank lines, escapes JSON must write.
const field = fc.string({
  unit: fc.constantFrom('a', '1', 'é', '🚀', ' ', '\\', '\t', '\u0001', '"', ',', '\n', '/'),
  maxLength: 6,
});
const quote = (value: string) =>
  /[",\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;
const csv = fc
  .tuple(
    fc.array(fc.oneof(field, fc.constantFrom('0', '7', 'id', '10')), { minLength: 1, maxLength: 4 }),
    fc.array(fc.array(field, { minLength: 0, maxLength: 5 }), { maxLength: 8 }),
    fc.boolean(),
  )
  .map(([header, rows, crlf]) =>
    [header, ...rows].map((row) => row.map(quote).join(',')).join(crlf ? '\r\n' : '\n'),
  );

async function generic(text: string, to: 'jsonl' | 'json', header: boolean) {
  return textOf(writerFor(to)(recordsOf(readCsv(chunks(text, 9), { delimiter: ',', header })), []));
}

async function direct(text: string, to: 'jsonl' | 'json', header: boolean) {
  return textOf(
    convert({ from: 'csv', to, options: { delimiter: ',', header }, open: () => chunks(text, 9) }).output,
  );
}

describe('csv → jsonl and json without record objects', () => {
  it.each(['jsonl', 'json'] as const)(
    'writes exactly what the %s writer writes for the reader’s records',
    async (to) => {
      await fc.assert(
        fc.asyncProperty(csv, fc.boolean(), async (text, header) => {
          expect(await direct(text, to, header)).toBe(await generic(text, to, header));
        }),
        { numRuns: 300 },
      );
    },
  );

  it('fails on a ragged row when strict, as the reader does', async () => {
    const text = 'a,b\n1,2\n3\n';
    await expect(
      textOf(
        convert({ from: 'csv', to: 'jsonl', options: { strict: true }, open: () => chunks(text) }).output,
      ),
    ).rejects.toThrow('Line 3 (record 2) has 1 fields where the header has 2');
  });
});
