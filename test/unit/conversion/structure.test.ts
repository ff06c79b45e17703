import { describe, expect, it } from 'vitest';
import { MAX_DEPTH } from '#conversion/errors';
import type { Format } from '#conversion/formats';
import { converted } from './input.ts';
import { entriesIn } from './tools.ts';

const OUTPUTS: Format[] = ['csv', 'json', 'jsonl', 'xml', 'excel'];

/** One record whose `a` holds `levels` levels in all (the record itself the first). */
const deepJson = (levels: number) => `{"a":${'{"a":'.repeat(levels - 2)}"x"${'}'.repeat(levels - 1)}`;
const deepXml = (levels: number) =>
  `<rows><row>${'<a>'.repeat(levels - 1)}x${'</a>'.repeat(levels - 1)}</row></rows>`;

describe('deeply nested input', () => {
  it.each([10_000, 20_000])(
    'fails %i levels deep with an error that names the limit, in every pair',
    async (levels) => {
      const inputs: [Format, string][] = [
        ['json', `[${deepJson(levels)}]`],
        ['jsonl', `${deepJson(levels)}\n`],
        ['xml', deepXml(levels)],
      ];
      for (const [from, input] of inputs) {
        for (const to of OUTPUTS.filter((format) => format !== from)) {
          await expect(converted(from, to, input, {}, 64 * 1024), `${from} → ${to}`).rejects.toThrow(
            `Record 1 (line 1) is nested more than ${MAX_DEPTH} levels deep, the most this service converts`,
          );
        }
      }
    },
  );

  it(`converts a record ${MAX_DEPTH} levels deep to every format`, async () => {
    const column = Array.from({ length: MAX_DEPTH - 1 }, () => 'a').join('_');
    const inputs: [Format, string][] = [
      ['json', `[${deepJson(MAX_DEPTH)}]`],
      ['jsonl', `${deepJson(MAX_DEPTH)}\n`],
      ['xml', deepXml(MAX_DEPTH)],
    ];
    for (const [from, input] of inputs) {
      for (const to of OUTPUTS.filter((format) => format !== from)) {
        const file = await converted(from, to, input, {}, 64 * 1024);
        if (to === 'csv') expect(file.toString(), `${from} → csv`).toBe(`${column}\nx\n`);
        else expect(file.length, `${from} → ${to}`).toBeGreaterThan(MAX_DEPTH);
      }
    }
  });
});

describe('flattening', () => {
  const input = '[{"a_b":"x","a":{"b":"y"}},{"a":{"b":"z"}},{"a_b":"w","a_b_2":"v"}]';

  it('never puts two values in one cell: a later path to a taken name gets _2, _3…, in every record', async () => {
    const table = [
      ['a_b', 'a_b_2', 'a_b_2_2'],
      ['x', 'y', ''],
      ['', 'z', ''],
      ['w', '', 'v'],
    ];
    const [header, ...rows] = table as [string[], ...string[][]];
    const expected = rows.map((row) => header.map((column, index) => [column, row[index]]));
    const files = await Promise.all(
      (['csv', 'excel'] as const).map(async (to) => ({
        format: to,
        file: await converted('json', to, input),
      })),
    );
    for (const entries of await entriesIn(files)) expect(entries).toEqual(expected);
  });

  it('names the columns the same way with flatten: true for a nested format', async () => {
    const [entries] = await entriesIn([
      { format: 'jsonl', file: await converted('json', 'jsonl', input, { flatten: true }) },
    ]);
    expect(entries).toEqual([
      [
        ['a_b', 'x'],
        ['a_b_2', 'y'],
      ],
      [['a_b_2', 'z']],
      [
        ['a_b', 'w'],
        ['a_b_2_2', 'v'],
      ],
    ]);
  });

  it('still joins the items of one array in one cell, as extraction exports do', async () => {
    const csv = (await converted('json', 'csv', '[{"tags":["a","b"],"n":{"m":[1,2]}}]')).toString();
    expect(csv).toBe('tags,n_m\na;b,1;2\n');
  });
});
