import { expect, it } from 'vitest';
import { nextCursor, pages } from '#client/pages';

it('reads the cursor of the rel="next" link, wherever it stands in the header', () => {
  expect(nextCursor('</v1/tasks?limit=2&cursor=abc%2B1>; rel="next"')).toBe('abc+1');
  expect(
    nextCursor('<https://x/v1/tasks?cursor=p>; rel="prev", <https://x/v1/tasks?cursor=n>; rel=next'),
  ).toBe('n');
  expect(nextCursor('</v1/tasks?cursor=p>; rel="prev"')).toBeUndefined();
  expect(nextCursor(null)).toBeUndefined();
});

it('yields page after page until a page has no next link', async () => {
  const book: Record<string, { items: number[]; link: string | null }> = {
    start: { items: [1, 2], link: '</v1/tasks?cursor=b>; rel="next"' },
    b: { items: [3], link: '</v1/tasks?cursor=c>; rel="next"' },
    c: { items: [], link: null },
  };
  const asked: (string | undefined)[] = [];
  const items: number[] = [];
  for await (const item of pages(undefined, async (cursor) => {
    asked.push(cursor);
    return book[cursor ?? 'start']!;
  }))
    items.push(item);
  expect(items).toEqual([1, 2, 3]);
  expect(asked).toEqual([undefined, 'b', 'c']);
});
