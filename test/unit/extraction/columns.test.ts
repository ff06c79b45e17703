import { describe, expect, it } from 'vitest';
import { flatRow } from '#conversion/flatten';
import { columnsFor } from '#extraction/columns';
import type { PageScheme } from '#extraction/scheme';

const scheme: PageScheme = {
  commonParent: 'article',
  fields: [
    {
      name: 'Title',
      selector: 'h3 a',
      type: 2,
      attrs: ['text', 'href'],
      details: {
        fields: [
          { name: 'Stock', selector: '.availability', type: 1, attrs: ['text'] },
          { name: 'Tag', selector: '.tag', type: 1, attrs: ['text'] },
        ],
      },
    },
    { name: 'Price', selector: '.price', type: 1, attrs: ['text'] },
    { name: 'Cover', selector: 'img', type: 0, attrs: ['src', 'alt'] },
  ],
};

describe('columnsFor', () => {
  it('follows the scheme: fields, their attrs, then their details', () => {
    // Act
    const columns = columnsFor(scheme);

    // Assess
    expect(columns).toEqual([
      'Title_text',
      'Title_href',
      'Title_details_Stock_text',
      'Title_details_Tag_text',
      'Price_text',
      'Cover_src',
      'Cover_alt',
    ]);
  });

  it('has only the details columns with path: true', () => {
    // Act
    const columns = columnsFor({ ...scheme, path: true });

    // Assess
    expect(columns).toEqual(['Stock_text', 'Tag_text']);
  });
});

describe('flatRow', () => {
  it('flattens details, joins arrays with ; and fills missing columns', () => {
    // Prepare
    const record = {
      Title_text: 'Sapiens',
      Title_href: 'https://example.com/sapiens',
      Title_details: [
        { Stock_text: 'In stock', Tag_text: ['history', 'science'] },
        { Stock_text: 'Out of stock', Tag_text: '' },
      ],
      Price_text: ['£54.23', '£50.00'],
    };

    // Act
    const row = flatRow(record, columnsFor(scheme));

    // Assess
    expect(row).toEqual({
      Title_text: 'Sapiens',
      Title_href: 'https://example.com/sapiens',
      Title_details_Stock_text: 'In stock;Out of stock',
      Title_details_Tag_text: 'history;science;',
      Price_text: '£54.23;£50.00',
      Cover_src: '',
      Cover_alt: '',
    });
  });

  it('reads one details record and an empty one', () => {
    // Act
    const one = flatRow({ Title_details: { Stock_text: 'In stock' } }, ['Title_details_Stock_text']);
    const none = flatRow({ Title_details: '' }, ['Title_details_Stock_text']);

    // Assess
    expect(one).toEqual({ Title_details_Stock_text: 'In stock' });
    expect(none).toEqual({ Title_details_Stock_text: '' });
  });
});
