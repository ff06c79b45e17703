import { describe, expect, it } from 'vitest';
import { DetailsCache, linkKey } from '#extraction/details-cache';

const record = { Stock_text: 'x'.repeat(10) };
const size = JSON.stringify([record]).length;

describe('DetailsCache', () => {
  it('keeps records within its budget of JSON characters, counting what a saved cache held', () => {
    // Prepare
    const first = new DetailsCache({}, size * 2);
    first.keep(linkKey([0], 'https://a.example/1'), [record]);

    // Act
    const resumed = new DetailsCache(first.save(), size * 2);
    resumed.keep(linkKey([0], 'https://a.example/2'), [record]);
    resumed.keep(linkKey([0], 'https://a.example/3'), [record]);

    // Assess
    expect(Object.keys(resumed.save())).toEqual([
      linkKey([0], 'https://a.example/1'),
      linkKey([0], 'https://a.example/2'),
    ]);
    expect(resumed.get(linkKey([0], 'https://a.example/3'))).toBeUndefined();
  });

  it('tells a URL at one level from the same URL at another', () => {
    // Prepare
    const cache = new DetailsCache();

    // Act
    cache.keep(linkKey([0], 'https://a.example/1'), [record]);

    // Assess
    expect(cache.get(linkKey([0], 'https://a.example/1'))).toEqual([record]);
    expect(cache.get(linkKey([0, 1], 'https://a.example/1'))).toBeUndefined();
  });
});
