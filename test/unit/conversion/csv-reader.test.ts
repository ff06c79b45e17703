import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser } from '#conversion/csv-parser';
import { detectDelimiter, readCsv } from '#conversion/csv-reader';
import { MalformedInputError } from '#conversion/errors';
import { fixture, read, readError } from './input.ts';

describe('readCsv', () => {
  it('reads a BOM, CRLF, quoted line breaks, doubled quotes, unicode and empty fields', async () => {
    // Act
    const { records, columns } = await read(readCsv, fixture('bom-crlf.csv'));

    // Assess
    expect(columns).toEqual(['id', 'name', 'note', 'empty']);
    expect(records).toEqual([
      { id: '1', name: 'Émile "the great"', note: 'plain', empty: '' },
      { id: '2', name: '東京 🚀', note: 'two\r\nlines, and a comma', empty: '' },
      { id: '3', name: '', note: '', empty: '' },
    ]);
  });

  it('gives the same records whatever the chunk size', async () => {
    const bytes = fixture('bom-crlf.csv');
    const whole = await read(readCsv, bytes, {}, bytes.length);
    for (const size of [1, 2, 3, 5, 64])
      expect((await read(readCsv, bytes, {}, size)).records).toEqual(whole.records);
  });

  it('reads a wide file (300 columns)', async () => {
    const { records, columns } = await read(readCsv, fixture('wide.csv'), {}, 1000);
    expect(columns).toHaveLength(300);
    expect(records).toHaveLength(3);
    expect(records[2]?.c299).toBe('r2c299');
  });

  it('detects the delimiter from the header line, outside quotes', async () => {
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a\tb')).toBe('\t');
    expect(detectDelimiter('"x,y";b;c')).toBe(';');
    expect(detectDelimiter('single')).toBe(',');
    expect((await read(readCsv, fixture('semicolon.csv'))).records).toEqual([{ a: 'x;1', b: 'y', c: 'z' }]);
  });

  it('takes delimiter, quote and header from the options', async () => {
    const { records, columns } = await read(readCsv, "1|'a|b'|\n2|'it''s'|x\n", {
      delimiter: '|',
      quote: "'",
      header: false,
    });
    expect(columns).toEqual(['column1', 'column2', 'column3']);
    expect(records).toEqual([
      { column1: '1', column2: 'a|b', column3: '' },
      { column1: '2', column2: "it's", column3: 'x' },
    ]);
  });

  it('decodes the charset it is told, and UTF-16 by its BOM', async () => {
    expect((await read(readCsv, fixture('latin1.csv'), { encoding: 'windows-1252' })).records).toEqual([
      { name: 'José', city: 'Zürich' },
    ]);
    expect((await read(readCsv, fixture('utf16.csv'))).records).toEqual([{ name: 'José', city: '東京' }]);
  });

  it('fails on bytes that are not text in the charset, naming the charset', async () => {
    const error = await readError(readCsv, fixture('latin1.csv'));
    expect(error.message).toMatch(/not valid utf-8 text .*set options.encoding/);
  });

  it('names unnamed and repeated columns so no value is lost', async () => {
    const { columns } = await read(readCsv, 'a,,a,a\n1,2,3,4\n');
    expect(columns).toEqual(['a', 'column2', 'a_2', 'a_3']);
  });

  it('pads short rows and keeps extra fields unless strict', async () => {
    expect((await read(readCsv, 'a,b\n1\n2,3,4\n')).records).toEqual([
      { a: '1', b: '' },
      { a: '2', b: '3', _extra1: '4' },
    ]);
    const error = await readError(readCsv, 'a,b\n1,2\n\n3,4,5\n', { strict: true });
    expect(error).toBeInstanceOf(MalformedInputError);
    expect(error.message).toBe('Line 4 (record 2) has 3 fields where the header has 2');
    expect(error).toMatchObject({ line: 4, record: 2 });
  });

  it('skips blank lines, except in a one-column file where they are empty values', async () => {
    expect((await read(readCsv, 'a,b\n\n1,2\n\n')).records).toEqual([{ a: '1', b: '2' }]);
    expect((await read(readCsv, 'a\nx\n\ny\n')).records).toEqual([{ a: 'x' }, { a: '' }, { a: 'y' }]);
  });

  it('fails on an unterminated quote with the line it opened on', async () => {
    const error = await readError(readCsv, 'a,b\n1,"two\nlines"\n3,"open\n4,5\n6,7\n');
    expect(error.message).toBe('Unterminated quoted field (opened on line 4)');
    expect(error).toMatchObject({ line: 4 });
  });

  it('fails on text after a closing quote with its line', async () => {
    const error = await readError(readCsv, 'a,b\n1,2\n"x"y,3\n');
    expect(error.message).toBe('Unexpected "y" after a closing quote on line 3');
  });

  it('keeps a quote inside an unquoted field as text', async () => {
    expect((await read(readCsv, 'a,b\n5" tall,x\n')).records).toEqual([{ a: '5" tall', b: 'x' }]);
  });

  it('reads a header alone as no records, and nothing as nothing', async () => {
    expect(await read(readCsv, 'a,b\n')).toMatchObject({ records: [], columns: ['a', 'b'] });
    expect(await read(readCsv, '')).toMatchObject({ records: [], columns: undefined });
  });
});

describe('CsvParser', () => {
  // Rows of any text, written as RFC 4180 with quoting where needed, parse back to the same rows.
  const field = fc.string({ unit: fc.constantFrom('a', 'é', '東', '🚀', ',', '"', '\n', '\r\n', ' ', ';') });
  const rows = fc
    .integer({ min: 2, max: 5 })
    .chain((width) =>
      fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
    );
  const quote = (value: string) =>
    /[",\r\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;

  it('parses any RFC 4180 text back to its rows, however it is split', () => {
    fc.assert(
      fc.property(rows, fc.array(fc.nat(), { maxLength: 6 }), (table, cuts) => {
        const text = table.map((row) => row.map(quote).join(',')).join('\r\n');
        const parsed: string[][] = [];
        const parser = new CsvParser({ delimiter: ',', quote: '"', lineBreak: '\n' }, (fields) =>
          parsed.push(fields),
        );
        let start = 0;
        for (const cut of [...cuts.map((at) => at % (text.length + 1))].sort((a, b) => a - b)) {
          parser.push(text.slice(start, Math.max(start, cut)));
          start = Math.max(start, cut);
        }
        parser.push(text.slice(start));
        parser.end();
        expect(parsed).toEqual(table);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers each row by the line it starts on', () => {
    const lines: number[] = [];
    const parser = new CsvParser({ delimiter: ',', quote: '"', lineBreak: '\n' }, (_, line) =>
      lines.push(line),
    );
    parser.push('a,b\n"1\n2",x\n3,y\r\n"4","5\n\n6"\n7,z');
    parser.end();
    expect(lines).toEqual([1, 2, 4, 5, 8]);
  });
});
