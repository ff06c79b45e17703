import { describe, expect, it } from 'vitest';
import type { OutputRecord } from '#conversion/records';
import { writerFor } from '#conversion/writers';
import { textOf, xmlRecords } from './parse-back.ts';

const columns = ['Title_text', 'Title_details_Stock_text', 'Price_text'];

describe('the XML writer', () => {
  it('writes records as elements, details nested, arrays repeated, text escaped', async () => {
    // Prepare
    const records: OutputRecord[] = [
      {
        Title_text: 'Sapiens <"a" & b>',
        Title_details: { Stock_text: 'In stock\r\n(5)' },
        Price_text: ['£54.23', '£50.00'],
      },
      {
        Title_text: 'Émile ☃',
        Title_details: [{ Stock_text: 'Out' }, { Stock_text: 'Soon' }],
        Price_text: '',
      },
    ];

    // Act
    const xml = await textOf(writerFor('xml')(records, columns));

    // Assess
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<records>\n' +
        '<record><Title_text>Sapiens &lt;"a" &amp; b&gt;</Title_text>' +
        '<Title_details><Stock_text>In stock&#13;\n(5)</Stock_text></Title_details>' +
        '<Price_text>£54.23</Price_text><Price_text>£50.00</Price_text></record>\n' +
        '<record><Title_text>Émile ☃</Title_text>' +
        '<Title_details><Stock_text>Out</Stock_text></Title_details>' +
        '<Title_details><Stock_text>Soon</Stock_text></Title_details><Price_text></Price_text></record>\n' +
        '</records>\n',
    );
  });

  it('writes an empty root for no records', async () => {
    // Act
    const xml = await textOf(writerFor('xml')([], columns));

    // Assess
    expect(xmlRecords(xml)).toEqual([]);
  });

  it('maps keys that are not XML names, and reads them back', async () => {
    // Prepare
    const record = { 'Prix (€)_text': '1', '1st_text': '2', xmlData_text: '3', 'a:b_x0041_': '4' };

    // Act
    const xml = await textOf(writerFor('xml')([record], []));

    // Assess
    expect(xml).toContain(
      '<Prix_x0020__x0028_€_x0029__text>1</Prix_x0020__x0028_€_x0029__text><_x0031_st_text>2</_x0031_st_text>' +
        '<_x0078_mlData_text>3</_x0078_mlData_text><a_x003A_b_x005F_x0041_>4</a_x003A_b_x005F_x0041_>',
    );
    expect(xmlRecords(xml)[0]?.map((node) => node.key)).toEqual(Object.keys(record));
  });

  it('drops characters XML 1.0 cannot carry', async () => {
    // Act
    const xml = await textOf(writerFor('xml')([{ a_text: 'x\u0000y\u001Fz\uD800\uFFFF😀' }], []));

    // Assess
    expect(xmlRecords(xml)[0]?.[0]?.text).toBe('xyz😀');
  });
});
