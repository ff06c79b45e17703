import { describe, expect, it } from 'vitest';
import { convert } from '#conversion/convert';
import { excelWriter, MAX_SHEET_ROWS, maxCellChars } from '#conversion/excel-writer';
import type { OutputRecord } from '#conversion/records';
import { writerFor } from '#conversion/writers';
import { chunks } from './input.ts';
import { bytesOf, textOf, xlsxRows, xlsxSheets } from './parse-back.ts';
import { partText } from './xlsx-build.ts';

const columns = ['Title_text', 'Title_details_Stock_text', 'Price_text'];
/** The record that ends a zip: an archive without it was never finished. */
const endOfCentralDirectory = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

describe('the Excel writer', () => {
  it('writes a header and flattened rows, read back by exceljs', async () => {
    // Prepare
    const records: OutputRecord[] = [
      {
        Title_text: 'Sapiens, "a brief history" <&>',
        Title_details: { Stock_text: 'In stock\r\n(5 left)' },
        Price_text: ['£54.23', '£50.00'],
      },
      { Title_text: '=1+1', Title_details: [{ Stock_text: 'Out' }, { Stock_text: 'Soon' }], Price_text: '' },
      { Title_text: 'Émile ☃ 😀', Title_details: '', Price_text: '0012' },
    ];

    // Act
    const file = await bytesOf(writerFor('excel')(records, columns));

    // Assess
    expect(file.subarray(0, 2).toString()).toBe('PK');
    expect(await xlsxRows(file)).toEqual([
      columns,
      ['Sapiens, "a brief history" <&>', 'In stock\n(5 left)', '£54.23;£50.00'],
      ['=1+1', 'Out;Soon', ''],
      ['Émile ☃ 😀', '', '0012'],
    ]);
  });

  it('writes only the header for no records', async () => {
    // Act
    const file = await bytesOf(writerFor('excel')([], columns));

    // Assess
    expect(await xlsxRows(file)).toEqual([columns]);
  });

  it('writes inline strings that keep leading and trailing spaces and _xHHHH_ look-alikes', async () => {
    // Prepare
    const csv = 'padded,escape\n"  both  ",_x000D_ and _x005F_\n\tTab,x\n';

    // Act
    const file = await bytesOf(convert({ from: 'csv', to: 'excel', open: () => chunks(csv) }).output);

    // Assess
    const sheet = await partText(file, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t xml:space="preserve">  both  </t></is></c>');
    expect(sheet).toContain('<t>_x005F_x000D_ and _x005F_x005F_</t>');
    expect(sheet).not.toContain('t="str"');
    const back = await textOf(convert({ from: 'excel', to: 'json', open: () => chunks(file, 1000) }).output);
    expect(JSON.parse(back)).toEqual([
      { padded: '  both  ', escape: '_x000D_ and _x005F_' },
      { padded: '\tTab', escape: 'x' },
    ]);
    // exceljs keeps the spaces too (it does not decode _xHHHH_ escapes at all).
    expect((await xlsxRows(file)).map((row) => row[0])).toEqual(['padded', '  both  ', '\tTab']);
  });

  it("cuts a cell at Excel's limit and drops characters XML cannot carry", async () => {
    // Act
    const file = await bytesOf(
      writerFor('excel')(
        [{ a_text: 'y'.repeat(maxCellChars + 10), b_text: 'x\u0000y\uD800z\u007F' }],
        ['a_text', 'b_text'],
      ),
    );

    // Assess
    const rows = await xlsxRows(file);
    expect(rows[1]?.[0]).toHaveLength(maxCellChars);
    expect(rows[1]?.[1]).toBe('xyz\u007F');
  });

  it("goes on to another sheet past Excel's last row, each with the header, none empty", async () => {
    // Prepare: three rows a sheet stand for Excel's 1,048,576.
    const titles = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ Title_text: `t${index + 1}` }));
    const write = async (count: number) => bytesOf(excelWriter(3)(titles(count), ['Title_text']));

    // Act
    const seven = await write(7);
    const four = await write(4);

    // Assess
    expect(MAX_SHEET_ROWS).toBe(1_048_576);
    expect(await xlsxSheets(seven)).toEqual([
      { name: 'Sheet1', rows: [['Title_text'], ['t1'], ['t2']] },
      { name: 'Sheet2', rows: [['Title_text'], ['t3'], ['t4']] },
      { name: 'Sheet3', rows: [['Title_text'], ['t5'], ['t6']] },
      { name: 'Sheet4', rows: [['Title_text'], ['t7']] },
    ]);
    expect((await xlsxSheets(four)).map((sheet) => sheet.rows)).toEqual([
      [['Title_text'], ['t1'], ['t2']],
      [['Title_text'], ['t3'], ['t4']],
    ]);
    // Our own reader finds the later sheets by position and by name.
    const sheet = async (wanted: number | string) =>
      textOf(
        convert({ from: 'excel', to: 'csv', options: { sheet: wanted }, open: () => chunks(seven, 4096) })
          .output,
      );
    expect(await sheet(2)).toBe('Title_text\nt3\nt4\n');
    expect(await sheet('Sheet4')).toBe('Title_text\nt7\n');
    // As the service reads its own output back: every sheet, one header.
    const whole = convert({ from: 'excel', to: 'csv', allSheets: true, open: () => chunks(seven, 4096) });
    expect(await textOf(whole.output)).toBe('Title_text\nt1\nt2\nt3\nt4\nt5\nt6\nt7\n');
  });

  it('leaves no half-written file behind when the records fail', async () => {
    // Prepare
    async function* failing(): AsyncIterable<OutputRecord> {
      for (let index = 0; index < 1000; index++) yield { Title_text: String(index) };
      throw new Error('part file unreadable');
    }
    const handedOn: Buffer[] = [];

    // Act
    const act = (async () => {
      for await (const chunk of writerFor('excel')(failing(), columns)) handedOn.push(chunk as Buffer);
    })();

    // Assess
    await expect(act).rejects.toThrow('part file unreadable');
    const partial = Buffer.concat(handedOn);
    expect(partial.includes(endOfCentralDirectory)).toBe(false);
    await expect(xlsxRows(partial)).rejects.toThrow();
  });
});
