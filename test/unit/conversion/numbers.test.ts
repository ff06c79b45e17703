import { describe, expect, it } from 'vitest';
import type { Format } from '#conversion/formats';
import { converted } from './input.ts';
import { type Entries, entriesIn } from './tools.ts';

const OUTPUTS: Format[] = ['csv', 'json', 'jsonl', 'xml', 'excel'];

/** Each record's [key, text] pairs in every output format but `from`, read by other tools. */
async function inEveryFormat(from: Format, input: string, options = {}) {
  const outputs = OUTPUTS.filter((to) => to !== from);
  const files = await Promise.all(
    outputs.map(async (to) => ({ format: to, file: await converted(from, to, input, options) })),
  );
  const entries = await entriesIn(files);
  return outputs.map((to, index) => ({ to, entries: entries[index] as Entries }));
}

const NUMBERS = [
  '12345678901234567890',
  '9007199254740993',
  '0.1234567890123456789',
  '1E400',
  '-0',
  '1.50',
  '2e-7',
];

describe('JSON numbers', () => {
  const record = `{${NUMBERS.map((number, index) => `"n${index}":${number}`).join(',')}}`;
  const expected = [NUMBERS.map((number, index) => [`n${index}`, number])];

  it.each([
    ['json', `[${record}]`],
    ['jsonl', `${record}\n`],
  ] as const)('come out of %s as written, every digit, in every format', async (from, input) => {
    for (const { to, entries } of await inEveryFormat(from, input)) expect(entries, to).toEqual(expected);
  });

  it('are written as JSON numbers, not strings', async () => {
    expect((await converted('jsonl', 'json', `${record}\n`)).toString()).toBe(`[\n${record}\n]\n`);
    expect((await converted('json', 'jsonl', `[${record}]`)).toString()).toBe(`${record}\n`);
  });
});

describe('inferTypes', () => {
  const csv = [
    'plain,int15,int16,long,exp,lead,neg,zero',
    '1.50,123456789012345,1234567890123456,0.1234567890123456789,1e5,007,-0.5,0',
  ].join('\n');

  it('types plain decimals of at most 15 significant digits, written as they were; the rest stays text', async () => {
    const text = (await converted('csv', 'jsonl', csv, { inferTypes: true })).toString();
    expect(text).toBe(
      '{"plain":1.50,"int15":123456789012345,"int16":"1234567890123456","long":"0.1234567890123456789",' +
        '"exp":"1e5","lead":"007","neg":-0.5,"zero":0}\n',
    );
  });

  it('keeps each value’s text, every digit, in every format', async () => {
    const row = csv.split('\n')[1]?.split(',');
    for (const { to, entries } of await inEveryFormat('csv', csv, { inferTypes: true })) {
      expect(
        entries[0]?.map(([, value]) => value),
        to,
      ).toEqual(row);
    }
  });
});
