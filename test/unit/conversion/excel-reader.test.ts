import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { convert } from '#conversion/convert';
import type { ConversionOptions } from '#conversion/scheme';
import { chunks, fixture } from './input.ts';
import { textOf } from './parse-back.ts';
import { minimalXlsx, zipOf } from './xlsx-build.ts';

/** The records of a workbook through the engine, as JSON gives them back. */
async function records(bytes: Buffer, options: ConversionOptions = {}): Promise<Record<string, unknown>[]> {
  const conversion = convert({ from: 'excel', to: 'json', options, open: () => chunks(bytes, 4096) });
  return JSON.parse(await textOf(conversion.output));
}

async function failure(bytes: Buffer | string, options: ConversionOptions = {}): Promise<string> {
  const input = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  try {
    await records(input, options);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('The workbook was read');
}

const excel = (name: string) => fixture(`excel/${name}`);
const inline = (text: string) => `t="inlineStr"><is><t>${text}</t></is>`;

describe('Excel input: text', () => {
  it('decodes multi-byte characters across chunk boundaries (a LibreOffice workbook)', async () => {
    const rows = await records(excel('libreoffice.xlsx'), { sheet: 'Guillemets' });
    expect(rows).toHaveLength(3000);
    rows.forEach((row, index) => {
      const n = index + 1;
      expect(row).toEqual({ n: String(n), text: `«${'é'.repeat(n % 7)} ${n} »${' ✓'.repeat(n % 3)}` });
    });
  });

  it('decodes a shared strings part whose every inflated chunk ends inside a character', async () => {
    // 'a«' is 3 bytes, 2 of them inside « : any chunk size splits characters somewhere in 300 kB.
    const texts = Array.from({ length: 2000 }, (_, index) => `${index} ${'a«'.repeat(50)}`);
    const bytes = await minimalXlsx({
      sheets: [
        { name: 'S', rows: texts.map((_, index) => `<row><c t="s"><v>${index}</v></c></row>`).join('') },
      ],
      sharedStrings: ['<si><t>text</t></si>', ...texts.slice(1).map((text) => `<si><t>${text}</t></si>`)],
    });
    expect((await records(bytes)).map((row) => row.text)).toEqual(texts.slice(1));
  });

  it('decodes _xHHHH_ escapes in shared and inline strings, joins rich text, leaves out phonetic guides', async () => {
    const bytes = await minimalXlsx({
      sheets: [
        {
          name: 'S',
          rows:
            '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>' +
            `<row><c t="s"><v>4</v></c><c t="s"><v>5</v></c><c t="s"><v>6</v></c><c ${inline('c_x000A_d')}</c></row>`,
        },
      ],
      sharedStrings: [
        '<si><t>crlf</t></si>',
        '<si><t>literal</t></si>',
        '<si><t>rich</t></si>',
        '<si><t>inline</t></si>',
        '<si><t>a_x000D__x000A_b</t></si>',
        '<si><t>_x005F_x000D_</t></si>',
        '<si><r><t>東</t></r><r><rPr><b/></rPr><t>京</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>',
      ],
    });
    expect(await records(bytes)).toEqual([
      { crlf: 'a\r\nb', literal: '_x000D_', rich: '東京', inline: 'c\nd' },
    ]);
  });
});

describe('Excel input: cached formula results (LibreOffice)', () => {
  it('gives 0, FALSE, errors, dates, text and numbers as Excel shows them', async () => {
    expect(await records(excel('libreoffice.xlsx'))).toEqual([
      {
        zero: '0',
        false: 'false',
        error: '#DIV/0!',
        date: '2024-03-15',
        text: 'xy',
        number: '6',
        padded: '  both ends  ',
      },
    ]);
  });

  it('keeps their types with inferTypes', async () => {
    expect(await records(excel('libreoffice.xlsx'), { inferTypes: true })).toEqual([
      {
        zero: 0,
        false: false,
        error: '#DIV/0!',
        date: '2024-03-15',
        text: 'xy',
        number: 6,
        padded: '  both ends  ',
      },
    ]);
  });

  it('gives a t="d" cell as its ISO 8601 text, and a formula without a cached result as empty', async () => {
    const bytes = await minimalXlsx({
      sheets: [
        {
          name: 'S',
          rows:
            `<row><c ${inline('stamp')}</c><c ${inline('pending')}</c><c ${inline('day')}</c></row>` +
            '<row><c t="d"><v>2024-03-15T10:00:00Z</v></c><c><f>A1*2</f></c><c t="d"><v>2024-03-15</v></c></row>',
        },
      ],
    });
    expect(await records(bytes)).toEqual([{ stamp: '2024-03-15T10:00:00Z', pending: '', day: '2024-03-15' }]);
    expect(await records(bytes, { inferTypes: true })).toEqual([
      { stamp: '2024-03-15T10:00:00Z', pending: null, day: '2024-03-15' },
    ]);
  });
});

describe('Excel input: dates and times', () => {
  const openpyxlDates = {
    text: '«guillemets»',
    when: '2024-03-15T10:00:00',
    time: '12:30:00',
    day: '2024-03-15',
    elapsed: '36:30:00',
    'serial 1': '1900-01-01',
    'serial 59': '1900-02-28',
    'serial 60': '1900-02-29',
    'serial 61': '1900-03-01',
    padded: '  spaced  ',
  };

  it('gives dates, times of day and elapsed times as ISO 8601 text (an openpyxl workbook)', async () => {
    expect(await records(excel('openpyxl.xlsx'), { sheet: 'Données' })).toEqual([openpyxlDates]);
  });

  it('gives the same text with inferTypes: JSON has no date type', async () => {
    expect(await records(excel('openpyxl.xlsx'), { sheet: 'Données', inferTypes: true })).toEqual([
      openpyxlDates,
    ]);
  });

  it('reads a 1904-date workbook (openpyxl, epoch 1904)', async () => {
    expect(await records(excel('openpyxl-1904.xlsx'))).toEqual([
      { when: '2024-03-15T10:00:00', time: '12:30:00', 'serial 0': '1904-01-01' },
    ]);
  });

  it('reads date1904="true", milliseconds, a custom format, and numbers no date can be', async () => {
    const bytes = await minimalXlsx({
      workbookPr: 'date1904="true"',
      cellFormats: [0, 164, 165],
      numFmts: { 164: '[$-409]d\\-mmm\\-yy;@', 165: '"days: "0.0' },
      sheets: [
        {
          name: 'S',
          rows:
            `<row><c ${inline('a')}</c><c ${inline('b')}</c><c ${inline('c')}</c><c ${inline('d')}</c></row>` +
            '<row><c s="1"><v>43904.5000057870</v></c><c s="1"><v>-1</v></c><c s="2"><v>1.5</v></c><c s="1"><v>1E+20</v></c></row>',
        },
      ],
    });
    expect(await records(bytes)).toEqual([
      { a: '2024-03-15T12:00:00.500', b: '-1', c: '1.5', d: '100000000000000000000' },
    ]);
  });
});

describe('Excel input: sheets', () => {
  it('finds a sheet by name in an openpyxl workbook, whose parts come before workbook.xml', async () => {
    expect(await records(excel('openpyxl.xlsx'))).toEqual([{ name: 'first', value: '1' }]);
    expect((await records(excel('openpyxl.xlsx'), { sheet: 'Données' }))[0]?.text).toBe('«guillemets»');
    expect((await records(excel('openpyxl.xlsx'), { sheet: 2 }))[0]?.text).toBe('«guillemets»');
    expect(await failure(excel('openpyxl.xlsx'), { sheet: 'Sheet1' })).toBe(
      'The workbook has no sheet "Sheet1" (its sheets: Summary, Données)',
    );
  });

  it('follows the tab order, not the order or names of the parts', async () => {
    const bytes = await minimalXlsx({
      sheets: [
        {
          name: 'First tab',
          file: 'sheet2.xml',
          rows: `<row><c ${inline('tab')}</c></row><row><c ${inline('1')}</c></row>`,
        },
        {
          name: 'Second tab',
          file: 'sheet1.xml',
          rows: `<row><c ${inline('tab')}</c></row><row><c ${inline('2')}</c></row>`,
        },
      ],
    });
    expect(await records(bytes)).toEqual([{ tab: '1' }]);
    expect(await records(bytes, { sheet: 2 })).toEqual([{ tab: '2' }]);
    expect(await records(bytes, { sheet: 'second TAB' })).toEqual([{ tab: '2' }]);
    expect(await failure(bytes, { sheet: 3 })).toBe(
      'The workbook has no sheet number 3 (its sheets: First tab, Second tab)',
    );
  });

  it('keeps the columns in the sheet’s order, integer-like names and __proto__ included', async () => {
    const bytes = await minimalXlsx({
      sheets: [
        {
          name: 'S',
          rows:
            `<row><c ${inline('country')}</c><c ${inline('2024')}</c><c ${inline('__proto__')}</c></row>` +
            `<row><c ${inline('FR')}</c><c><v>1</v></c><c ${inline('p')}</c></row>`,
        },
      ],
    });
    const text = await textOf(
      convert({ from: 'excel', to: 'jsonl', open: () => chunks(bytes, 4096) }).output,
    );
    expect(text).toBe('{"country":"FR","2024":"1","__proto__":"p"}\n');
  });

  it('reads cells and rows without r, following the one before, and prefixed element names', async () => {
    const bytes = await minimalXlsx({
      sheets: [
        {
          name: 'S',
          part:
            '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
            '<x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c>' +
            '<x:c r="D1" t="inlineStr"><x:is><x:t>d</x:t></x:is></x:c></x:row>' +
            '<x:row><x:c><x:v>1</x:v></x:c><x:c/><x:c><x:v>3</x:v></x:c><x:c><x:v>4</x:v></x:c><x:c><x:v>5</x:v></x:c></x:row>' +
            '</x:sheetData></x:worksheet>',
        },
      ],
    });
    expect(await records(bytes)).toEqual([{ a: '1', b: '', column3: '3', d: '4', _extra1: '5' }]);
  });

  describe('values past the header', () => {
    const sheetPart = (dimension: string | undefined) =>
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      (dimension ? `<dimension ref="${dimension}"/>` : '') +
      `<sheetData><row r="1"><c r="A1" ${inline('a')}</c><c r="B1" ${inline('_extra1')}</c></row>` +
      '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c><c r="C2"><v>3</v></c><c r="D2"><v>4</v></c></row>' +
      '</sheetData></worksheet>';
    const book = (dimension?: string) =>
      minimalXlsx({ sheets: [{ name: 'Notes', part: sheetPart(dimension) }] });
    const text = async (bytes: Buffer, to: 'csv' | 'jsonl') =>
      textOf(convert({ from: 'excel', to, open: () => chunks(bytes, 4096) }).output);

    it('get the extra names CSV gives them, never one the header already has', async () => {
      expect(await records(await book('A1:D2'))).toEqual([
        { a: '1', _extra1: '2', _extra1_2: '3', _extra2: '4' },
      ]);
      expect(await text(await book(), 'jsonl')).toBe(
        '{"a":"1","_extra1":"2","_extra1_2":"3","_extra2":"4"}\n',
      );
    });

    it('are columns of a table output, up to the range the sheet declares', async () => {
      expect(await text(await book('A1:D2'), 'csv')).toBe('a,_extra1,_extra1_2,_extra2\n1,2,3,4\n');
      // A range wider than the values (a formatted empty cell) gives an empty column, not a lost one.
      expect(await text(await book('A1:E9'), 'csv')).toBe('a,_extra1,_extra1_2,_extra2,_extra3\n1,2,3,4,\n');
    });

    it('fail a table output when the sheet declares no range, or one they are past', async () => {
      await expect(text(await book(), 'csv')).rejects.toThrow(
        'Record 1 of sheet "Notes" has a value in column C, past its header (it declares no range): a CSV or Excel output',
      );
      await expect(text(await book('A1:C2'), 'csv')).rejects.toThrow(
        'Record 1 of sheet "Notes" has a value in column D, past its declared range A1:C2',
      );
    });
  });

  it('refuses a chartsheet, naming it', async () => {
    const bytes = await minimalXlsx({ sheets: [{ name: 'Data', rows: '' }] });
    const chart = await zipOf({
      'xl/workbook.xml':
        '<workbook xmlns:r="r"><sheets><sheet name="Data" r:id="rId1"/><sheet name="Chart" r:id="rId2"/></sheets></workbook>',
      'xl/_rels/workbook.xml.rels':
        '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="x/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>',
      'xl/worksheets/sheet1.xml': '<worksheet><sheetData/></worksheet>',
    });
    expect(await records(bytes)).toEqual([]);
    expect(await failure(chart, { sheet: 2 })).toBe(
      'Sheet number 2 of the workbook ("Chart") is a chartsheet, not a worksheet of cells',
    );
  });
});

describe('Excel input: malformed workbooks', () => {
  it.each([
    [
      'a CSV file',
      'name,city\nJosé,Zürich\n',
      /^The input is not an xlsx \(Excel\) workbook: it is not a zip archive/,
    ],
    [
      'a zip without a workbook',
      'zip',
      /^The input is not an xlsx \(Excel\) workbook: it has no workbook part$/,
    ],
    [
      'an .xls file (an OLE compound file)',
      '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and then some',
      /^The input is not an xlsx \(Excel\) workbook: it is an Excel 97–2003 \(\.xls\) or a password-protected workbook/,
    ],
  ])('fails on %s', async (_, input, message) => {
    const bytes = input === 'zip' ? await zipOf({ 'readme.txt': 'hello' }) : Buffer.from(input, 'latin1');
    expect(await failure(bytes)).toMatch(message);
  });

  it.each([
    [
      '<c r="B2" t="s"><v>7</v></c>',
      'Cell B2 of sheet "S" refers to shared string 7, but the workbook has 0',
    ],
    ['<c r="B2" t="x"><v>1</v></c>', 'Cell B2 of sheet "S" has an unknown type t="x"'],
    ['<c r="B2"><v>twelve</v></c>', 'Cell B2 of sheet "S" holds "twelve", not a number'],
    ['<c r="XFE2"><v>1</v></c>', `Cell XFE2 of sheet "S" is beyond Excel's last column (XFD)`],
    ['<c r="B2"><v>1</v></c', /^The workbook's part xl\/worksheets\/sheet1.xml is not well-formed XML: /],
  ])('fails on the cell %s, naming it', async (cell, message) => {
    const bytes = await minimalXlsx({
      sheets: [{ name: 'S', rows: `<row r="1"><c ${inline('a')}</c></row><row r="2">${cell}</row>` }],
    });
    expect(await failure(bytes)).toMatch(message);
  });
});

/** A workbook of several sheets with the cell types Excel has, as exceljs writes it. */
async function exceljsWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const people = book.addWorksheet('People');
  people.addRow(['name', 'born', 'score', 'member', 'formula', 'rich']);
  people.addRow([
    'Émile',
    new Date(Date.UTC(1990, 4, 17)),
    12.5,
    true,
    { formula: 'C2*2', result: 25 },
    { richText: [{ text: 'bo' }, { text: 'ld', font: { bold: true } }] },
  ]);
  people.addRow(['東京', null, 3, false, { formula: 'C3*2', result: 6 }, 'plain']);
  people.addRow([]);
  people.addRow(['last']);
  const cities = book.addWorksheet('Cities');
  cities.addRow(['city']);
  cities.addRow(['Zürich']);
  book.addWorksheet('Empty');
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('Excel input: an exceljs workbook', () => {
  it('reads the first sheet by default: header row, then rows as strings', async () => {
    expect(await records(await exceljsWorkbook())).toEqual([
      { name: 'Émile', born: '1990-05-17', score: '12.5', member: 'true', formula: '25', rich: 'bold' },
      { name: '東京', born: '', score: '3', member: 'false', formula: '6', rich: 'plain' },
      { name: 'last', born: '', score: '', member: '', formula: '', rich: '' },
    ]);
  });

  it('keeps the cells’ own types with inferTypes, an empty cell null', async () => {
    const [first, second] = await records(await exceljsWorkbook(), { inferTypes: true });
    expect(first).toEqual({
      name: 'Émile',
      born: '1990-05-17',
      score: 12.5,
      member: true,
      formula: 25,
      rich: 'bold',
    });
    expect(second?.born).toBeNull();
  });

  it('reads another sheet by name or position, and generates names without a header row', async () => {
    const bytes = await exceljsWorkbook();
    expect(await records(bytes, { sheet: 'Cities' })).toEqual([{ city: 'Zürich' }]);
    expect(await records(bytes, { sheet: 2 })).toEqual([{ city: 'Zürich' }]);
    expect(await records(bytes, { sheet: 3 })).toEqual([]);
    expect(await records(bytes, { sheet: 'Cities', header: false })).toEqual([
      { column1: 'city' },
      { column1: 'Zürich' },
    ]);
    expect(await failure(bytes, { sheet: 'Nope' })).toBe(
      'The workbook has no sheet "Nope" (its sheets: People, Cities, Empty)',
    );
  });
});
