import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText } from '#conversion/excel-writer';
import type { OutputRecord } from '#conversion/records';
import { writerFor } from '#conversion/writers';
import { xmlSafe } from '#conversion/xml-text';
import { parseCsv } from './csv.ts';
import { bytesOf, expectedNodes, textOf as text, xlsxRows, xmlRecords } from './parse-back.ts';

const columns = ['a_text', 'b_href', 'c_details_d_text'];

const value = fc.oneof(fc.string(), fc.array(fc.string({ minLength: 1 }), { minLength: 2, maxLength: 3 }));
const record = fc.record({
  a_text: value,
  b_href: fc.string(),
  c_details: fc.oneof(fc.constant(''), fc.record({ d_text: fc.string() })),
});

// Any text, control characters and lone surrogates included (the XML formats drop what XML cannot carry).
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('a', '\r', '\n', '\u0000', '\u007F', '\uD800', '&', '<', ';', '"') }),
);
const anyValue = fc.oneof(anyText, fc.array(anyText, { minLength: 2, maxLength: 3 }));
const anyRecord = fc.record({
  a_text: anyValue,
  b_href: anyText,
  c_details: fc.oneof(
    fc.constant(''),
    fc.record({ d_text: anyText }),
    fc.array(fc.record({ d_text: anyText }), { minLength: 2, maxLength: 3 }),
  ),
});

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

  it('Excel gives every cell back, flattened, as exceljs reads it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyRecord, { maxLength: 10 }), async (records) => {
        // Act
        const file = await bytesOf(writerFor('excel')(records, columns));

        // Assess
        const joined = (value: string | string[]) => (Array.isArray(value) ? value.join(';') : value);
        const details = (value: '' | { d_text: string } | { d_text: string }[]) =>
          typeof value === 'string' ? value : joined([value].flat().map((inner) => inner.d_text));
        expect(await xlsxRows(file)).toEqual([
          columns,
          ...records.map((row) => [
            cellText(joined(row.a_text)),
            cellText(row.b_href),
            cellText(details(row.c_details)),
          ]),
        ]);
      }),
      { numRuns: 40 },
    );
  });

  it('XML gives every record back, nesting and arrays kept', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyRecord, { maxLength: 20 }), async (records) => {
        // Act
        const xml = await text(writerFor('xml')(records, columns));

        // Assess
        expect(xmlRecords(xml)).toEqual(records.map((record) => expectedNodes(record, xmlSafe)));
      }),
    );
  });

  it('XML gives any keys back', async () => {
    const key = fc.oneof(fc.string({ minLength: 1 }), fc.string({ unit: 'binary', minLength: 1 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.dictionary(key, fc.string()), { maxLength: 5 }), async (records) => {
        // Act
        const xml = await text(writerFor('xml')(records, []));

        // Assess
        expect(xmlRecords(xml)).toEqual(records.map((record) => expectedNodes(record, xmlSafe)));
      }),
    );
  });
});
