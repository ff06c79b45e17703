import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFromBytes, formatFromContentType, formatFromName, inferFormat } from '#conversion/detect';
import { conversionIssues, conversionSchemeSchema } from '#conversion/scheme';

describe('conversionSchemeSchema', () => {
  it('takes exactly one source', () => {
    expect(conversionSchemeSchema.safeParse({ source: { upload: true }, to: 'csv' }).success).toBe(true);
    expect(
      conversionSchemeSchema.safeParse({ source: { url: 'https://x.org/a.csv' }, to: 'csv' }).success,
    ).toBe(true);
    expect(
      conversionSchemeSchema.safeParse({ source: { taskId: 'tCcB4hfFP6wvBRe2gwZv9aJp' }, to: 'csv' }).success,
    ).toBe(true);
    for (const source of [
      {},
      { upload: true, url: 'https://x.org/a.csv' },
      { upload: false },
      { url: 'ftp://x/a' },
    ]) {
      const result = conversionSchemeSchema.safeParse({ source, to: 'csv' });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe('source');
    }
  });

  it('refuses unknown options, charsets and formats on their path', () => {
    const paths = (input: unknown) =>
      conversionSchemeSchema.safeParse(input).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths({ source: { upload: true }, to: 'pdf' })).toEqual(['to']);
    expect(paths({ source: { upload: true }, to: 'csv', options: { encoding: 'klingon' } })).toEqual([
      'options.encoding',
    ]);
    expect(paths({ source: { upload: true }, to: 'csv', options: { delimiter: ';;' } })).toEqual([
      'options.delimiter',
    ]);
    expect(paths({ source: { upload: true }, to: 'csv', options: { sheet: 0 } })).toEqual(['options.sheet']);
  });

  it('takes any XML name as rootElement and recordElement, and nothing else', () => {
    const valid = (name: string) =>
      conversionSchemeSchema.safeParse({
        source: { upload: true },
        to: 'json',
        options: { rootElement: name, recordElement: name },
      }).success;
    for (const name of ['商品', 'x:item', 'entrée', '_a-b.c', 'Ωmega']) expect(valid(name), name).toBe(true);
    for (const name of ['1st', 'a b', '', '<x>', '-a']) expect(valid(name), name).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        conversionSchemeSchema.safeParse(input);
        conversionSchemeSchema.safeParse({ source: { upload: true }, to: 'csv', options: input });
      }),
    );
  });
});

describe('conversionIssues', () => {
  const scheme = (fields: Record<string, unknown>) =>
    conversionSchemeSchema.parse({ source: { upload: true }, to: 'csv', ...fields });

  it('accepts options for the input format', () => {
    expect(conversionIssues(scheme({ from: 'csv', options: { delimiter: ';', strict: true } }))).toEqual([]);
    expect(
      conversionIssues(scheme({ from: 'excel', options: { sheet: 2, header: false, inferTypes: true } })),
    ).toEqual([]);
    expect(conversionIssues(scheme({ from: 'xml', to: 'json', options: { recordElement: 'item' } }))).toEqual(
      [],
    );
    expect(conversionIssues(scheme({ from: 'json', options: { flatten: false } }))).toEqual([]);
  });

  it('names an option for another input format, and one that needs from', () => {
    expect(conversionIssues(scheme({ from: 'json', options: { sheet: 'A', inferTypes: true } }))).toEqual([
      { path: 'options.sheet', reason: 'sheet applies to excel input, not json' },
      { path: 'options.inferTypes', reason: 'inferTypes applies to csv, excel, xml input, not json' },
    ]);
    expect(conversionIssues(scheme({ options: { delimiter: ';' } }))).toEqual([
      { path: 'options.delimiter', reason: 'delimiter depends on the input format: set from (csv)' },
    ]);
    expect(conversionIssues(scheme({ options: { delimiter: ';' } }), 'csv')).toEqual([]);
  });

  it('refuses a format to itself, but csv to csv (another dialect or charset)', () => {
    expect(conversionIssues(scheme({ from: 'json', to: 'json' }))).toEqual([
      { path: 'to', reason: 'from and to are both json: there is nothing to convert' },
    ]);
    expect(conversionIssues(scheme({ from: 'csv', to: 'csv', options: { delimiter: ';' } }))).toEqual([]);
  });
});

describe('format inference', () => {
  it('reads the extension of a name or a URL path', () => {
    expect(formatFromName('data.CSV')).toBe('csv');
    expect(formatFromName('https://x.org/export/rows.jsonl?token=1')).toBe('jsonl');
    expect(formatFromName('https://x.org/a.ndjson')).toBe('jsonl');
    expect(formatFromName('https://x.org/book.xlsx#sheet')).toBe('excel');
    expect(formatFromName('https://x.org/download')).toBeUndefined();
    expect(formatFromName('notes.txt')).toBeUndefined();
  });

  it('reads specific content types and ignores generic ones', () => {
    expect(formatFromContentType('text/csv; charset=utf-8')).toBe('csv');
    expect(formatFromContentType('application/x-ndjson')).toBe('jsonl');
    expect(formatFromContentType('application/atom+xml')).toBe('xml');
    expect(formatFromContentType('application/octet-stream')).toBeUndefined();
    expect(formatFromContentType('text/plain')).toBeUndefined();
  });

  it('recognises the first bytes', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(formatFromBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('excel');
    expect(formatFromBytes(bytes('\uFEFF <?xml version="1.0"?><a/>'))).toBe('xml');
    expect(formatFromBytes(bytes('\n [{"a":1}]'))).toBe('json');
    expect(formatFromBytes(bytes('{"a":1}\n{"a":2}\n'))).toBe('jsonl');
    expect(formatFromBytes(bytes('{\n  "a": 1\n}'))).toBe('json');
    expect(formatFromBytes(bytes('{"a":1}'))).toBe('json');
    expect(formatFromBytes(bytes('id,name\n1,x\n'))).toBe('csv');
  });

  it('prefers the name, then the content type, then the bytes', () => {
    const head = new TextEncoder().encode('[1]');
    expect(inferFormat({ name: 'a.xml', contentType: 'text/csv', head })).toBe('xml');
    expect(inferFormat({ name: 'download', contentType: 'text/csv', head })).toBe('csv');
    expect(inferFormat({ contentType: 'application/octet-stream', head })).toBe('json');
    expect(inferFormat({})).toBeUndefined();
  });
});
