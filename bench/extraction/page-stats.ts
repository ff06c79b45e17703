import { load } from 'cheerio/slim';

/** Size, element count and deepest nesting (elements on the path, `<html>` the first) of one page, as htmlparser2 (the engine's parser) parses it. */
export interface PageStats {
  bytes: number;
  elements: number;
  depth: number;
}

interface Walked {
  type: string;
  children?: Walked[];
}

export function pageStats(html: string): PageStats {
  const document = load(html, {
    xml: { xmlMode: false, decodeEntities: true },
  }).root()[0] as unknown as Walked;
  let elements = 0;
  let deepest = 0;
  const stack: [Walked, number][] = [[document, 0]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, depth] = entry;
    const isElement = node.type === 'tag' || node.type === 'script' || node.type === 'style';
    if (isElement) {
      elements++;
      deepest = Math.max(deepest, depth + 1);
    }
    for (const child of node.children ?? []) stack.push([child, isElement ? depth + 1 : depth]);
  }
  return { bytes: Buffer.byteLength(html), elements, depth: deepest };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

/** "min–median–max" of KB, elements and depth over a set of pages, for the bench's output. */
export function describePages(pages: string[]): string {
  const stats = pages.map(pageStats);
  const range = (values: number[], format: (value: number) => string) =>
    `${format(quantile(values, 0))}–${format(quantile(values, 0.5))}–${format(quantile(values, 1))}`;
  return (
    `${pages.length} pages, ${range(
      stats.map((s) => s.bytes / 1000),
      (v) => v.toFixed(1),
    )} KB, ` +
    `${range(
      stats.map((s) => s.elements),
      String,
    )} elements, depth ${range(
      stats.map((s) => s.depth),
      String,
    )} (min–median–max)`
  );
}
