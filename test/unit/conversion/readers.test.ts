import { describe, expect, it } from 'vitest';
import { readJson } from '#conversion/json-reader';
import { readJsonl } from '#conversion/jsonl-reader';
import { readXml } from '#conversion/xml-reader';
import { fixture, read, readError } from './input.ts';

describe('readJson', () => {
  it('reads an array of records, nesting and types kept, from any chunking', async () => {
    const expected = [
      { id: 1, name: 'Émile', tags: ['a', 'b'], meta: { ok: true, score: 1.5 } },
      { id: 2, name: '東京', tags: [], meta: { ok: false, score: null } },
    ];
    for (const size of [1, 5, 1000]) {
      expect((await read(readJson, fixture('nested.json'), {}, size)).records).toEqual(expected);
    }
  });

  it('reads one object, objects one after another, and scalars under value', async () => {
    expect((await read(readJson, '{"a":1}')).records).toEqual([{ a: 1 }]);
    expect((await read(readJson, '{"a":1}\n{"a":2}')).records).toEqual([{ a: 1 }, { a: 2 }]);
    expect((await read(readJson, '[1,"x",null,[2]]')).records).toEqual([
      { value: 1 },
      { value: 'x' },
      { value: null },
      { value: [2] },
    ]);
  });

  it('reads an empty array and whitespace as no records', async () => {
    expect((await read(readJson, ' [ \n ] ')).records).toEqual([]);
    expect((await read(readJson, ' \n ')).records).toEqual([]);
  });

  it.each([
    ['[{"a":1},{"a":2},{"a":}]', 'Invalid JSON on line 1 (record 3): expected a value'],
    ['[\n {"a": 1},\n {"a": 2,\n  "b": }\n]', 'Invalid JSON on line 4 (record 2): expected a value'],
    ['[{"a":1}] [2]', 'Invalid JSON on line 1 (record 2): more data after the closing bracket of the array'],
    ['[{"a":1},{"a":', 'Invalid JSON on line 1 (record 2): the input ends before the JSON is closed'],
    ['"just text"', 'Invalid JSON on line 1 (record 1): the input is neither an array nor an object'],
    ['{"a":1} [2]', 'Invalid JSON on line 1 (record 2): expected an object'],
  ])('fails on %j with the line and record', async (input, message) => {
    expect((await readError(readJson, input)).message).toBe(message);
  });
});

describe('readJsonl', () => {
  it('reads one value per line, CRLF and blank lines included', async () => {
    expect((await read(readJsonl, fixture('crlf.jsonl'), {}, 3)).records).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b\nc' },
    ]);
  });

  it('reads a last line without its line break, and a non-object under value', async () => {
    expect((await read(readJsonl, '{"a":1}\n[1,2]')).records).toEqual([{ a: 1 }, { value: [1, 2] }]);
  });

  it.each([
    ['{"a":1}\nnot json\n{"a":2}\n', 2, 'expected a value'],
    ['{"a":1} nonsense\n{"a":2}\n', 1, 'expected a value'],
    ['{"a":1}\n{"a": nope}\n', 2, 'expected a value'],
    ['{"a":1}\n{"a":2} {"a":3}\n', 2, 'more than one value on the line'],
    ['{"a":1}\n{"a":\n2}\n', 2, 'the input ends before the JSON is closed'],
  ])('fails on %j at the line that is not one JSON value', async (input, line, reason) => {
    const error = await readError(readJsonl, input);
    expect(error.message).toBe(`Line ${line} (record ${line}) is not valid JSON: ${reason}`);
  });

  it('fails on a line that is not JSON, naming the line and the record', async () => {
    const error = await readError(readJsonl, '{"a":1}\n\n{"a":2}\n{"a":\n');
    expect(error.message).toMatch(/^Line 4 \(record 3\) is not valid JSON: /);
    expect(error).toMatchObject({ line: 4, record: 3 });
  });
});

describe('readXml', () => {
  it('reads the children of the root: attributes and elements as fields, repeats as arrays, nesting kept', async () => {
    const { records } = await read(readXml, fixture('books.xml'), {}, 5);
    expect(records).toEqual([
      {
        id: '1',
        lang: 'en',
        title: 'Sapiens & co',
        author: ['Yuval', 'Noah'],
        price: { currency: 'EUR', '#text': '12.50' },
        stock: { warehouse: 'A', count: '3' },
        blurb: '<b>bold</b> claims',
      },
      {
        id: '2',
        lang: 'fr',
        title: 'Soumission',
        author: 'Michel',
        price: { currency: 'EUR', '#text': '9' },
        'x:note': 'namespaced',
        empty: '',
      },
    ]);
  });

  it('takes the records from recordElement at any depth, or from the children of rootElement', async () => {
    const items = [
      { title: 'One', link: 'https://example.com/1' },
      { title: 'Two', link: 'https://example.com/2' },
    ];
    expect((await read(readXml, fixture('feed.xml'), { recordElement: 'item' })).records).toEqual(items);
    expect(
      (await read(readXml, fixture('feed.xml'), { rootElement: 'channel', recordElement: 'item' })).records,
    ).toEqual(items);
    expect((await read(readXml, fixture('feed.xml'), { rootElement: 'channel' })).records).toEqual([
      { '#text': 'Feed' },
      ...items,
    ]);
  });

  it('reads names as the XML writer escapes them', async () => {
    const xml =
      '<records><record><Prix_x0020__x0028_€_x0029_>3</Prix_x0020__x0028_€_x0029_></record></records>';
    expect((await read(readXml, xml)).records).toEqual([{ 'Prix (€)': '3' }]);
  });

  it('reads an empty document (or only a prolog) as no records', async () => {
    expect((await read(readXml, '')).records).toEqual([]);
    expect((await read(readXml, '<?xml version="1.0"?>\n<records/>\n')).records).toEqual([]);
  });

  it.each([
    [
      '<rows>\n<row><a>1</a></row>\n<row><a>2</b></row>\n</rows>',
      /^XML is not well formed at line 3, column \d+: /,
    ],
    ['<rows><row>1</row>', /^XML is not well formed at line 1/],
    ['<rows><row a="1" a="2"/></rows>', /^XML is not well formed at line 1/],
    ['plain text', /^XML is not well formed at line 1/],
  ])('fails on %j with its line', async (input, message) => {
    expect((await readError(readXml, input)).message).toMatch(message);
  });
});
