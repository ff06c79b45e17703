import { describe, expect, it } from 'vitest';
import type { PageScheme } from '#extraction/scheme';
import { countPage, type SelectorMatches, unmatchedSelectors } from '#extraction/selector-matches';

const scheme: PageScheme = {
  commonParent: 'article',
  fields: [
    {
      name: 'Title',
      selector: 'h3 a',
      type: 2,
      attrs: ['text'],
      details: {
        fields: [
          { name: 'Stock', selector: '.availability', type: 1, attrs: ['text'] },
          {
            name: 'Seller',
            selector: 'a.seller',
            type: 2,
            attrs: ['text'],
            details: {
              commonParent: 'div.profile',
              fields: [{ name: 'Name', selector: 'h1', type: 1, attrs: ['text'] }],
            },
          },
        ],
      },
    },
    { name: 'Price', selector: '.price', type: 1, attrs: ['text'] },
  ],
};

function counted(pages: [number[], { records: number; matched: boolean[] }][]): SelectorMatches {
  const counts: SelectorMatches = {};
  for (const [level, page] of pages) countPage(counts, level, page);
  return counts;
}

describe('unmatchedSelectors', () => {
  it('names each field that matched on no page it ran on, with the path of its details level', () => {
    // Prepare: Price never matches, Title matches on one page of two; Stock never on its 3 pages.
    const counts = counted([
      [[], { records: 2, matched: [false, false] }],
      [[], { records: 1, matched: [true, false] }],
      [[0], { records: 1, matched: [false, true] }],
      [[0], { records: 1, matched: [false, false] }],
      [[0], { records: 1, matched: [false, true] }],
      [[0, 1], { records: 1, matched: [true] }],
    ]);

    // Act
    const warnings = unmatchedSelectors(scheme, counts);

    // Assess
    expect(warnings).toEqual([
      'field Price: selector .price matched nothing on 2 pages',
      'field Title_details.Stock: selector .availability matched nothing on 3 pages',
    ]);
  });

  it('names a commonParent that matched nothing instead of the fields that never ran', () => {
    // Prepare: the sellers' pages never have div.profile; the listing's article matched on one page of two.
    const counts = counted([
      [[], { records: 0, matched: [false, false] }],
      [[], { records: 1, matched: [true, true] }],
      [[0], { records: 1, matched: [true, true] }],
      [[0, 1], { records: 0, matched: [false] }],
    ]);

    // Act
    const warnings = unmatchedSelectors(scheme, counts);

    // Assess
    expect(warnings).toEqual([
      'commonParent of Title_details.Seller_details: selector div.profile matched nothing on 1 page',
    ]);
  });

  it('counts fields under a commonParent on the pages it matched on', () => {
    // Prepare
    const counts = counted([
      [[], { records: 0, matched: [false, false] }],
      [[], { records: 3, matched: [true, false] }],
    ]);

    // Act
    const warnings = unmatchedSelectors(scheme, counts);

    // Assess
    expect(warnings).toEqual(['field Price: selector .price matched nothing on 1 page']);
  });

  it('lists 20 warnings and counts the others, each selector cut at 100 characters', () => {
    // Prepare
    const wide: PageScheme = {
      fields: Array.from({ length: 23 }, (_, index) => ({
        name: `F${index}`,
        selector: `.x${index}${'y'.repeat(200)}`,
        type: 1 as const,
        attrs: ['text'],
      })),
    };
    const counts = counted([[[], { records: 0, matched: wide.fields.map(() => false) }]]);

    // Act
    const warnings = unmatchedSelectors(wide, counts);

    // Assess
    expect(warnings).toHaveLength(21);
    expect(warnings[0]).toBe(`field F0: selector .x0${'y'.repeat(97)}… matched nothing on 1 page`);
    expect(warnings[20]).toBe('3 more selectors matched nothing');
  });

  it('warns of nothing at a level no page was parsed at', () => {
    expect(unmatchedSelectors(scheme, {})).toEqual([]);
  });
});
