import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellText, columnsOf, firstRecords, schemeColumns } from '../../../functions/console/ui/cells.ts';
import { booksScheme } from '../../helpers/books.ts';

describe('schemeColumns', () => {
  it('names the record keys of a scheme in its order, details after their field’s attrs', () => {
    const books = booksScheme({ startUrl: 'http://127.0.0.1/' });
    const [title, ...others] = books.fields;
    const scheme = { ...books, fields: [{ ...title, details: { fields: [] } }, ...others] };

    expect(schemeColumns(scheme)).toEqual([
      'Title_text',
      'Title_href',
      'Title_details',
      'Price_text',
      'Cover_src',
      'Cover_alt',
    ]);
  });

  it('gives no columns for a conversion’s settings or nothing', () => {
    expect(schemeColumns({ source: { upload: true }, to: 'json' })).toEqual([]);
    expect(schemeColumns(null)).toEqual([]);
  });
});

describe('columnsOf', () => {
  it('puts the scheme’s columns the records have first, then other keys as first seen', () => {
    const records = [{ b: 1, extra: 2, a: 3 }, { late: 4 }];

    expect(columnsOf(records, ['a', 'missing', 'b'])).toEqual(['a', 'b', 'extra', 'late']);
  });
});

describe('cellText', () => {
  it('shows strings as they are, string arrays joined, objects as JSON, nothing as empty', () => {
    expect(cellText('x')).toBe('x');
    expect(cellText(['a', 'b'])).toBe('a; b');
    expect(cellText([{ Stock: 'in' }])).toBe('[{"Stock":"in"}]');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
  });
});

describe('firstRecords', () => {
  let server: Server;
  let base = '';
  const lines = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ n: i + 1 })).join('\n');

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/many') {
        // Written in small pieces, so lines arrive split across chunks.
        const text = `${lines(150)}\n`;
        for (let i = 0; i < text.length; i += 7) response.write(text.slice(i, i + 7));
        response.end();
      } else if (request.url === '/few') response.end(lines(3));
      else response.writeHead(403).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the first records of a longer file and says there are more', async () => {
    const { records, more } = await firstRecords(`${base}/many`, 100);

    expect(records).toEqual(Array.from({ length: 100 }, (_, i) => ({ n: i + 1 })));
    expect(more).toBe(true);
  });

  it('reads a whole short file, its last line without a newline included', async () => {
    expect(await firstRecords(`${base}/few`, 100)).toEqual({
      records: [{ n: 1 }, { n: 2 }, { n: 3 }],
      more: false,
    });
  });

  it('fails with the status of a refused link', async () => {
    await expect(firstRecords(`${base}/gone`, 100)).rejects.toThrow('The results answered 403');
  });
});
