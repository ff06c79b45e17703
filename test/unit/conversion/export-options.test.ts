import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { convert } from '#conversion/convert';
import { writeExport } from '#conversion/export';
import { exportOptionsFor, isDelimiter } from '#conversion/export-options';
import { fieldNamesOf } from '#conversion/field-names';
import { jsonText } from '#conversion/json-text';
import type { OutputRecord } from '#conversion/records';
import { Selector } from '#conversion/select';
import { writerFor } from '#conversion/writers';
import { columnsFor, fieldNamesFor, recordKeysFor } from '#extraction/columns';
import type { PageScheme } from '#extraction/scheme';
import { bytesOf, textOf, xlsxRows } from './parse-back.ts';

describe('exportOptionsFor', () => {
  it('keeps only the options that change the format, without their defaults', () => {
    // Act
    const csv = exportOptionsFor('csv', {
      delimiter: ',',
      bom: false,
      flatten: true,
      arrayJoin: ';',
      xmlRoot: 'items',
      fields: [],
    });
    const json = exportOptionsFor('json', { delimiter: ';', bom: true, flatten: false, xmlRow: 'item' });

    // Assess
    expect(csv).toEqual({});
    expect(json).toEqual({});
  });

  it('gives one object for the same options in another order, fields deduplicated in order and omit sorted', () => {
    // Act
    const one = exportOptionsFor('csv', { omit: ['b', 'a', 'b'], bom: true, fields: ['y', 'x', 'y'] });
    const other = exportOptionsFor('csv', {
      fields: ['y', 'x'],
      bom: true,
      omit: ['a', 'b'],
      delimiter: ',',
    });

    // Assess
    expect(one).toEqual({ fields: ['y', 'x'], omit: ['a', 'b'], bom: true });
    expect(JSON.stringify(one)).toBe(JSON.stringify(other));
  });

  it('drops arrayJoin when flatten=false writes arrays as JSON', () => {
    // Act
    const options = exportOptionsFor('excel', { flatten: false, arrayJoin: '|' });

    // Assess
    expect(options).toEqual({ flatten: false });
  });

  it('keeps xmlRoot and xmlRow for xml only', () => {
    // Act
    const xml = exportOptionsFor('xml', { xmlRoot: 'books', xmlRow: 'record', arrayJoin: '|' });

    // Assess
    expect(xml).toEqual({ xmlRoot: 'books' });
  });
});

describe('isDelimiter', () => {
  it('takes one character but the quote and line breaks', () => {
    // Assess
    expect([';', '\t', '|', '😀'].map(isDelimiter)).toEqual([true, true, true, true]);
    expect(['"', '\r', '\n', '', ';;'].map(isDelimiter)).toEqual([false, false, false, false, false]);
  });

  it('is written as csv-stringify takes it, a field holding it quoted', async () => {
    // Act
    const output = await textOf(
      writeExport(
        'csv',
        [{ a: 'x😀y', b: '2' }],
        { columns: ['a', 'b'], groups: new Set() },
        { delimiter: '😀' },
      ),
    );

    // Assess
    expect(output).toBe('a😀b\n"x😀y"😀2\n');
  });
});

const scheme: PageScheme = {
  fields: [
    {
      name: 'Title',
      selector: 'a',
      type: 2,
      attrs: ['text', 'href'],
      details: { fields: [{ name: 'Stock', selector: 'p', type: 1, attrs: ['text'] }] },
    },
    { name: 'Price', selector: 'b', type: 1, attrs: ['text'] },
  ],
} as PageScheme;

const records: OutputRecord[] = [
  {
    Title_text: 'Sapiens',
    Title_href: 'https://e.x/1',
    Title_details: { Stock_text: 'In stock' },
    Price_text: ['£54.23', '£50.00'],
  },
  {
    Title_text: 'Soumission',
    Title_href: 'https://e.x/2',
    Title_details: [{ Stock_text: 'Out' }, { Stock_text: 'Back soon' }],
    Price_text: '£1',
  },
];

const table = () => ({ columns: columnsFor(scheme), groups: fieldNamesFor(scheme).groups });

describe('fieldNamesFor', () => {
  it('names every column and the details group above its columns', () => {
    // Act
    const names = fieldNamesFor(scheme);

    // Assess
    expect(names.names).toEqual([
      'Title_text',
      'Title_href',
      'Title_details',
      'Title_details_Stock_text',
      'Price_text',
    ]);
    expect([...names.groups]).toEqual(['Title_details']);
    expect(recordKeysFor(scheme)).toEqual(['Title_text', 'Title_href', 'Title_details', 'Price_text']);
  });
});

describe('Selector', () => {
  it('keeps the fields given, in their order, at every level', () => {
    // Prepare
    const selector = new Selector(
      { fields: ['Price_text', 'Title_details_Stock_text', 'Title_text'] },
      new Set(),
    );

    // Act
    const picked = records.map((record) => jsonText(selector.record(record)));

    // Assess
    expect(picked).toEqual([
      '{"Price_text":["£54.23","£50.00"],"Title_details":{"Stock_text":"In stock"},"Title_text":"Sapiens"}',
      '{"Price_text":"£1","Title_details":[{"Stock_text":"Out"},{"Stock_text":"Back soon"}],"Title_text":"Soumission"}',
    ]);
  });

  it('omits a group with everything under it, and a column alone', () => {
    // Prepare
    const selector = new Selector({ omit: ['Title_details', 'Title_href'] }, new Set(['Title_details']));

    // Act
    const picked = [...selector.record(records[0] as OutputRecord).keys()];
    const columns = selector.columns(columnsFor(scheme));

    // Assess
    expect(picked).toEqual(['Title_text', 'Price_text']);
    expect(columns).toEqual(['Title_text', 'Price_text']);
  });

  it('selects the columns under a group, but a flat column by its own name only', () => {
    // Prepare
    const grouped = new Selector({ fields: ['Price_text', 'Title_details'] }, new Set(['Title_details']));
    const flat = new Selector({ fields: ['a'] }, new Set());

    // Act
    const columns = grouped.columns(columnsFor(scheme));
    const flatColumns = flat.columns(['a_b', 'a']);

    // Assess
    expect(columns).toEqual(['Price_text', 'Title_details_Stock_text']);
    expect(flatColumns).toEqual(['a']);
  });
});

describe('writeExport', () => {
  it('writes CSV with the fields in order, the delimiter, a BOM and arrays joined with arrayJoin', async () => {
    // Act
    const output = await bytesOf(
      writeExport('csv', records, table(), {
        fields: ['Price_text', 'Title_details_Stock_text', 'Title_text'],
        delimiter: ';',
        bom: true,
        arrayJoin: ' | ',
      }),
    );

    // Assess
    expect(output.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(output.subarray(3).toString()).toBe(
      'Price_text;Title_details_Stock_text;Title_text\n£54.23 | £50.00;In stock;Sapiens\n£1;Out | Back soon;Soumission\n',
    );
  });

  it('writes CSV with nested values as JSON in a cell with flatten=false', async () => {
    // Act
    const output = await textOf(
      writeExport(
        'csv',
        records,
        { columns: recordKeysFor(scheme), groups: fieldNamesFor(scheme).groups },
        { flatten: false, omit: ['Title_href'] },
      ),
    );

    // Assess
    expect(output).toBe(
      'Title_text,Title_details,Price_text\n' +
        'Sapiens,"{""Stock_text"":""In stock""}","[""£54.23"",""£50.00""]"\n' +
        'Soumission,"[{""Stock_text"":""Out""},{""Stock_text"":""Back soon""}]",£1\n',
    );
  });

  it('writes JSON Lines with the fields in order and nesting kept', async () => {
    // Act
    const output = await textOf(
      writeExport('jsonl', records, table(), { fields: ['Title_details_Stock_text', 'Title_text'] }),
    );

    // Assess
    expect(output).toBe(
      '{"Title_details":{"Stock_text":"In stock"},"Title_text":"Sapiens"}\n' +
        '{"Title_details":[{"Stock_text":"Out"},{"Stock_text":"Back soon"}],"Title_text":"Soumission"}\n',
    );
  });

  it('writes XML under xmlRoot and xmlRow', async () => {
    // Act
    const output = await textOf(
      writeExport('xml', records.slice(0, 1), table(), {
        xmlRoot: 'books',
        xmlRow: 'book',
        fields: ['Title_text'],
      }),
    );

    // Assess
    expect(output).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<books>\n<book><Title_text>Sapiens</Title_text></book>\n</books>\n',
    );
  });

  it('writes Excel with arrayJoin and flatten=false cells', async () => {
    // Act
    const joined = await bytesOf(
      writeExport('excel', records, table(), { arrayJoin: '|', omit: ['Title_href'] }),
    );
    const json = await bytesOf(
      writeExport(
        'excel',
        records.slice(0, 1),
        { columns: recordKeysFor(scheme), groups: new Set(['Title_details']) },
        { flatten: false, fields: ['Title_details'] },
      ),
    );

    // Assess
    expect(await xlsxRows(joined)).toEqual([
      ['Title_text', 'Title_details_Stock_text', 'Price_text'],
      ['Sapiens', 'In stock', '£54.23|£50.00'],
      ['Soumission', 'Out|Back soon', '£1'],
    ]);
    expect(await xlsxRows(json)).toEqual([['Title_details'], ['{"Stock_text":"In stock"}']]);
  });

  it('leaves a writer without options as it was', async () => {
    // Act
    const plain = await textOf(writerFor('csv')(records, columnsFor(scheme)));
    const exported = await textOf(writeExport('csv', records, table(), {}));

    // Assess
    expect(exported).toBe(plain);
    expect(plain.split('\n')[1]).toBe('Sapiens,https://e.x/1,In stock,£54.23;£50.00');
  });
});

describe('export options on a converted file', () => {
  const json =
    '[{"id":1,"who":{"name":"Ada","langs":["en","fr"]},"city":"London"},{"id":2,"who":{"name":"Alan"}}]';
  const open = () => Readable.from([Buffer.from(json)]);

  it('knows every path of the records, and the columns flattening makes', async () => {
    // Act
    const names = await fieldNamesOf({ from: 'json', to: 'csv', open });

    // Assess
    expect(names.names).toEqual(['id', 'who', 'who_name', 'who_langs', 'city']);
    expect([...names.groups]).toEqual(['who']);
    expect(names.complete).toBe(true);
  });

  it('knows a table by its header alone', async () => {
    // Act
    const names = await fieldNamesOf({
      from: 'csv',
      to: 'json',
      options: { delimiter: ',' },
      open: () => Readable.from([Buffer.from('a,b_c\n1,2\n')]),
    });

    // Assess
    expect(names).toEqual({ names: ['a', 'b_c'], groups: new Set(), complete: true });
  });

  it('converts with the fields in order, a group standing for its columns, arrays joined with arrayJoin', async () => {
    // Prepare
    const { groups } = await fieldNamesOf({ from: 'json', to: 'csv', open });

    // Act
    const csv = convert({
      from: 'json',
      to: 'csv',
      open,
      export: { options: { fields: ['city', 'who'], arrayJoin: '|', delimiter: ';' }, groups },
    });
    const jsonl = convert({
      from: 'json',
      to: 'jsonl',
      open,
      export: { options: { omit: ['who_langs', 'id'] }, groups },
    });

    // Assess
    expect(await textOf(csv.output)).toBe('city;who_name;who_langs\nLondon;Ada;en|fr\n;Alan;\n');
    expect(await textOf(jsonl.output)).toBe(
      '{"who":{"name":"Ada"},"city":"London"}\n{"who":{"name":"Alan"}}\n',
    );
  });
});
