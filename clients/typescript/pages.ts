/** The `cursor` of the page a `Link: <…>; rel="next"` header announces, or undefined on the last page. */
export function nextCursor(link: string | null): string | undefined {
  for (const part of link?.split(',') ?? []) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match?.[1] || !/(^|;)\s*rel="?next"?\s*(;|$)/.test(match[2] ?? '')) continue;
    return new URL(match[1], 'http://link.invalid').searchParams.get('cursor') ?? undefined;
  }
  return undefined;
}

/** Yields the items of page after page, from `cursor` on, until a page announces no next one. */
export async function* pages<T>(
  cursor: string | undefined,
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; link: string | null }>,
): AsyncGenerator<T> {
  let next = cursor;
  do {
    const { items, link } = await fetchPage(next);
    yield* items;
    next = nextCursor(link);
  } while (next !== undefined);
}
