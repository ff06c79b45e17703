import { describe, expect, it } from 'vitest';
import { storeQuery } from '#api/store-query';
import { parseOrThrow } from '#core/validation';

const parse = (query: Record<string, string>) => parseOrThrow(storeQuery, query);
const refusal = (query: Record<string, string>) => {
  try {
    parse(query);
  } catch (error) {
    return (error as { extra: { details: unknown } }).extra.details;
  }
  throw new Error('accepted');
};

describe('storeQuery', () => {
  it('reads the export options of a query, lists split on commas', () => {
    // Act
    const options = parse({
      api_key: 'k',
      format: 'csv',
      fields: 'Title_text,Price_text,,',
      omit: 'a',
      flatten: 'false',
      bom: '1',
      delimiter: '\t',
      xmlRoot: '商品',
      xmlRow: 'x:item',
      arrayJoin: ' | ',
    });

    // Assess
    expect(options).toEqual({
      format: 'csv',
      fields: ['Title_text', 'Price_text'],
      omit: ['a'],
      flatten: false,
      bom: true,
      delimiter: '\t',
      xmlRoot: '商品',
      xmlRow: 'x:item',
      arrayJoin: ' | ',
    });
  });

  it.each([
    [{ flatten: 'no' }, 'flatten', 'flatten is true or false'],
    [{ bom: 'yes' }, 'bom', 'bom is true or false'],
    [{ delimiter: ';;' }, 'delimiter', 'delimiter is one character, not a quote (") or a line break'],
    [{ delimiter: '"' }, 'delimiter', 'delimiter is one character, not a quote (") or a line break'],
    [{ delimiter: '\n' }, 'delimiter', 'delimiter is one character, not a quote (") or a line break'],
    [{ delimiter: '\r' }, 'delimiter', 'delimiter is one character, not a quote (") or a line break'],
    [{ xmlRoot: '1st' }, 'xmlRoot', 'xmlRoot must be an XML element name (a letter or _ first, no spaces)'],
    [{ xmlRow: 'a b' }, 'xmlRow', 'xmlRow must be an XML element name (a letter or _ first, no spaces)'],
    [{ arrayJoin: '' }, 'arrayJoin', 'arrayJoin is 1 to 16 characters'],
    [{ arrayJoin: 'x'.repeat(17) }, 'arrayJoin', 'arrayJoin is 1 to 16 characters'],
  ])('refuses %o naming the field and the reason', (query, path, reason) => {
    // Act
    const details = refusal(query);

    // Assess
    expect(details).toEqual([{ path, reason }]);
  });
});
