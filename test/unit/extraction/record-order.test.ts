import { describe, expect, it } from 'vitest';
import type { Format } from '#conversion/formats';
import { writerFor } from '#conversion/writers';
import { columnsFor } from '#extraction/columns';
import { extractPage } from '#extraction/extract';
import type { PageScheme } from '#extraction/scheme';
import { bytesOf } from '../conversion/parse-back.ts';
import { entriesIn } from '../conversion/tools.ts';

const FORMATS: Format[] = ['csv', 'json', 'jsonl', 'xml', 'excel'];

describe('extraction records', () => {
  it('keep the scheme’s field order in every format, fields named like numbers included', async () => {
    const html = '<table><tr><td class="c">France</td><td class="n">1</td><td class="o">2</td></tr></table>';
    const scheme: PageScheme = {
      commonParent: 'tr',
      fields: [
        { name: 'country', selector: '.c', type: 1, attrs: ['text'] },
        { name: '2024', selector: '.n', type: 1, attrs: ['text'] },
        { name: '2023', selector: '.o', type: 1, attrs: ['text'] },
      ],
    };
    const { records } = extractPage(html, 'https://example.com/', scheme);
    // The batches store them as JSON Lines, which the export reads back line by line.
    const stored = records.map((record) => JSON.parse(JSON.stringify(record)) as Record<string, unknown>);
    const files = await Promise.all(
      FORMATS.map(async (format) => ({
        format,
        file: await bytesOf(writerFor(format)(stored, columnsFor(scheme))),
      })),
    );
    for (const [index, entries] of (await entriesIn(files)).entries()) {
      expect(entries, FORMATS[index]).toEqual([
        [
          ['country_text', 'France'],
          ['2024_text', '1'],
          ['2023_text', '2'],
        ],
      ]);
    }
  });
});
