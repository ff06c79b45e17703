// store's export options on the local stack over real HTTP: the bytes of each option set, the file
// kept per distinct set, and the 400s (issue 14).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { useTestRuntime } from '#test/helpers/runtime';
import { download, storedObjects } from '#test/helpers/tasks';

const stack = useTestRuntime();
let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite({ pages: 1, perPage: 2 });
});

afterAll(async () => {
  await site.close();
});

interface StoreLink {
  url: string;
  format: string;
  size: number;
  md5: string;
  md5sum: string;
  options: Record<string, unknown>;
}
interface ErrorBody {
  error: { code: string; message: string; details: { path: string; reason: string }[] };
}

/** Titles with a details page each, two links to it (an array), and a price. */
const scheme = () => ({
  name: 'export',
  request: { url: site.startUrl },
  commonParent: 'article.product_pod',
  fields: [
    {
      name: 'Title',
      selector: 'h3 a',
      type: 2,
      attrs: ['text'],
      filters: [{ name: 'trim' }],
      details: { fields: [{ name: 'Stock', selector: '.availability', type: 1, attrs: ['text'] }] },
    },
    { name: 'Links', selector: 'a', type: 2, attrs: ['href'] },
    { name: 'Price', selector: '.price_color', type: 1, attrs: ['text'] },
  ],
  format: 'json',
});

const md5Of = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

async function store(id: string, query: Record<string, string>) {
  return stack.api<StoreLink>('GET', `/tasks/${id}/store`, undefined, { query });
}

/** The file of `store` with these options, its bytes checked against the answer's size and md5. */
async function exported(id: string, query: Record<string, string>) {
  const link = await store(id, query);
  expect(link.status, link.text).toBe(200);
  const file = await download(link.body.url);
  expect(file.status).toBe(200);
  expect(link.body.size).toBe(file.bytes.length);
  expect(link.body.md5).toBe(md5Of(file.bytes));
  expect(link.body.md5sum).toBe(link.body.md5);
  return { link: link.body, bytes: file.bytes, text: file.bytes.toString('utf8') };
}

const keyOf = (url: string) => new URL(url).pathname;

describe('store with export options, on an extraction', () => {
  let task: TaskView;
  const book = (n: number) => ({
    title: `Book ${n} — “Ünïcode” & co`,
    href: `${site.baseUrl}/catalogue/book-${n}.html`,
    stock: `In stock (${n} available)`,
    price: `£${(n * 1.25).toFixed(2)}`,
  });

  beforeAll(async () => {
    const created = await stack.api<TaskView>('POST', '/tasks/create', {
      scheme: scheme(),
      run: true,
      wait: 25,
    });
    expect(created.body.status).toBe('completed');
    task = created.body;
  });

  it('writes CSV with the fields in their order, the delimiter and a BOM', async () => {
    const { link, bytes } = await exported(task.id, {
      format: 'csv',
      fields: 'Price_text,Title_details_Stock_text,Title_text',
      delimiter: ';',
      bom: 'true',
    });
    expect(link.options).toEqual({
      fields: ['Price_text', 'Title_details_Stock_text', 'Title_text'],
      bom: true,
      delimiter: ';',
    });
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'Price_text;Title_details_Stock_text;Title_text\n' +
        `${book(1).price};${book(1).stock};${book(1).title}\n` +
        `${book(2).price};${book(2).stock};${book(2).title}\n`,
    );
  });

  it('writes nested values as JSON in a cell with flatten=false, and omits a field', async () => {
    const { link, text } = await exported(task.id, { format: 'csv', flatten: 'false', omit: 'Links_href' });
    expect(link.options).toEqual({ omit: ['Links_href'], flatten: false });
    const cell = (n: number) => `"{""Stock_text"":""${book(n).stock}""}"`;
    expect(text).toBe(
      'Title_text,Title_details,Price_text\n' +
        `${book(1).title},${cell(1)},${book(1).price}\n` +
        `${book(2).title},${cell(2)},${book(2).price}\n`,
    );
  });

  it('joins an array with arrayJoin', async () => {
    const { text } = await exported(task.id, { format: 'csv', fields: 'Links_href', arrayJoin: ' | ' });
    expect(text).toBe(`Links_href\n${book(1).href} | ${book(1).href}\n${book(2).href} | ${book(2).href}\n`);
  });

  it('keeps the structure of JSON Lines, in the order of fields', async () => {
    const { link, text } = await exported(task.id, {
      format: 'jsonl',
      fields: 'Title_details_Stock_text,Price_text',
      delimiter: ';',
    });
    expect(link.options).toEqual({ fields: ['Title_details_Stock_text', 'Price_text'] });
    expect(text).toBe(
      `{"Title_details":{"Stock_text":"${book(1).stock}"},"Price_text":"${book(1).price}"}\n` +
        `{"Title_details":{"Stock_text":"${book(2).stock}"},"Price_text":"${book(2).price}"}\n`,
    );
  });

  it('names the XML elements with xmlRoot and xmlRow', async () => {
    const { text } = await exported(task.id, {
      format: 'xml',
      xmlRoot: 'books',
      xmlRow: 'book',
      omit: 'Title_details,Links_href,Title_text',
    });
    expect(text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<books>\n' +
        `<book><Price_text>${book(1).price}</Price_text></book>\n` +
        `<book><Price_text>${book(2).price}</Price_text></book>\n</books>\n`,
    );
  });

  it('makes one file per distinct set: the same options in another order, or with defaults spelled out, reuse it', async () => {
    const first = await exported(task.id, {
      format: 'csv',
      fields: 'Price_text,Title_text',
      bom: '1',
      delimiter: '|',
    });
    const results = `${task.storeID}/results/`;
    const before = await storedObjects(stack.runtime, results);
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const again = await exported(task.id, {
      delimiter: '|',
      xmlRoot: 'ignored',
      flatten: 'true',
      arrayJoin: ';',
      bom: 'true',
      fields: 'Price_text,Title_text,Price_text',
      format: 'csv',
    });
    expect(keyOf(again.link.url)).toBe(keyOf(first.link.url));
    expect(again.link).toMatchObject({ md5: first.link.md5, options: first.link.options });
    // Nothing written again: the same objects, written when they were.
    expect(await storedObjects(stack.runtime, results)).toEqual(before);

    const plain = await exported(task.id, { format: 'csv', delimiter: ',', bom: 'false' });
    expect(plain.link.options).toEqual({});
    expect(keyOf(plain.link.url)).toMatch(/\/results\/results\.csv$/);
    expect(keyOf(first.link.url)).toMatch(/\/results\/[0-9a-f]{32}\/results\.csv$/);
  });

  it('answers an unknown field with a 400 that lists the known ones', async () => {
    const unknown = await stack.api<ErrorBody>('GET', `/tasks/${task.id}/store`, undefined, {
      query: { format: 'csv', fields: 'Title_text,Author', omit: 'Stock' },
    });
    expect(unknown.status).toBe(400);
    const known = 'Title_text, Title_details, Title_details_Stock_text, Links_href, Price_text';
    expect(unknown.body.error).toMatchObject({
      code: 'bad_request',
      details: [
        { path: 'fields', reason: `unknown field "Author"; the known fields are ${known}` },
        { path: 'omit', reason: `unknown field "Stock"; the known fields are ${known}` },
      ],
    });
  });

  it('answers a bad option value with a 400 naming it and why', async () => {
    for (const [query, path] of [
      [{ delimiter: '"' }, 'delimiter'],
      [{ delimiter: ';;' }, 'delimiter'],
      [{ xmlRoot: '1books' }, 'xmlRoot'],
      [{ xmlRow: 'a b' }, 'xmlRow'],
      [{ bom: 'yes' }, 'bom'],
      [{ flatten: 'no' }, 'flatten'],
      [{ arrayJoin: '' }, 'arrayJoin'],
    ] as const) {
      const refused = await stack.api<ErrorBody>('GET', `/tasks/${task.id}/store`, undefined, { query });
      expect(refused.status, JSON.stringify(query)).toBe(400);
      expect(refused.body.error.details).toEqual([{ path, reason: expect.stringContaining(path) }]);
    }
  });
});

describe('store with export options, on a conversion', () => {
  it('picks and orders a converted file’s columns, and knows them from its header', async () => {
    const created = await stack.api<TaskView & { upload: { url: string } }>('POST', '/tasks/create', {
      type: 'conversion',
      scheme: { source: { upload: true }, from: 'csv', to: 'csv' },
    });
    const put = await fetch(created.body.upload.url, {
      method: 'PUT',
      body: 'name;city;tags\nAda;London;a\nAlan;Wilmslow;b\n',
    });
    expect(put.status).toBe(200);
    const ran = await stack.api<TaskView>('POST', `/tasks/${created.body.id}/run`, undefined, {
      query: { wait: '25' },
    });
    expect(ran.body.status).toBe('completed');

    const { link, text } = await exported(created.body.id, { format: 'json', fields: 'city,name' });
    expect(link.options).toEqual({ fields: ['city', 'name'] });
    expect(text).toBe('[\n{"city":"London","name":"Ada"},\n{"city":"Wilmslow","name":"Alan"}\n]\n');

    const tsv = await exported(created.body.id, { delimiter: '\t', omit: 'tags' });
    expect(tsv.text).toBe('name\tcity\nAda\tLondon\nAlan\tWilmslow\n');

    const unknown = await stack.api<ErrorBody>('GET', `/tasks/${created.body.id}/store`, undefined, {
      query: { format: 'xml', fields: 'town' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([
      { path: 'fields', reason: 'unknown field "town"; the known fields are name, city, tags' },
    ]);
  });
});
