import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExtractionScheme } from '#extraction/scheme';

/** A books-like scheme: links with details, an image, an array field (as the records below). */
export const scheme: ExtractionScheme = {
  name: 'books',
  request: { url: 'http://127.0.0.1/catalogue/page-1.html' },
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
          { name: 'Description', selector: '#description', type: 1, attrs: ['text'] },
        ],
      },
    },
    { name: 'Price', selector: '.price', type: 1, attrs: ['text'] },
    { name: 'Cover', selector: 'img', type: 0, attrs: ['src', 'alt'] },
    { name: 'Tags', selector: '.tag', type: 1, attrs: ['text'] },
  ],
};

const words = [
  'alpha',
  'Émile',
  'naïve',
  'café',
  '東京',
  'Zürich',
  'data',
  'flow',
  '"quoted"',
  'a,b',
  '<&>',
  '😀',
];

/** Record i, as the extraction engine writes it: deterministic, about 450 bytes of JSON. */
export function record(index: number): Record<string, unknown> {
  const word = (offset: number) => words[(index + offset) % words.length] ?? '';
  const description = Array.from({ length: 40 }, (_, offset) => word(offset * 7)).join(' ');
  return {
    Title_text: `Book ${index}: ${word(1)} ${word(2)}`,
    Title_href: `http://127.0.0.1/catalogue/book-${index}/index.html`,
    Title_details: {
      Stock_text: index % 7 === 0 ? 'Out of stock' : `In stock (${index % 23} available)`,
      Description_text: index % 50 === 0 ? `${description}\nsecond line` : description,
    },
    Price_text: `£${(index % 9000) / 100}`,
    Cover_src: `http://127.0.0.1/media/${index}.jpg`,
    Cover_alt: word(3),
    Tags_text: index % 3 === 0 ? [word(4), word(5)] : word(6),
  };
}

/** Writes `count` records as the extract step does: numbered JSONL part files under `<dir>/<storeID>/parts/`. */
export async function writeParts(
  dir: string,
  storeID: string,
  count: number,
  perPart: number,
): Promise<void> {
  await mkdir(join(dir, storeID, 'parts'), { recursive: true });
  await writeFile(join(dir, storeID, 'scheme.json'), JSON.stringify(scheme));
  for (let part = 0, index = 0; index < count; part++) {
    const file = createWriteStream(join(dir, storeID, 'parts', `${String(part).padStart(6, '0')}.jsonl`));
    for (const end = Math.min(count, index + perPart); index < end; index++) {
      if (!file.write(`${JSON.stringify(record(index))}\n`)) await once(file, 'drain');
    }
    file.end();
    await once(file, 'finish');
  }
}
