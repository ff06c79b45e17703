import { describe, expect, it } from 'vitest';
import { ConversionStopped, convert } from '#conversion/convert';
import { readerFor } from '#conversion/readers';
import type { Format } from '#conversion/scheme';
import { inferValue } from '#conversion/shape';
import { chunks, plain, recordsOf } from './input.ts';
import { textOf } from './parse-back.ts';

async function run(from: Format, to: Format, input: string, options = {}): Promise<string> {
  return textOf(convert({ from, to, options, open: () => chunks(input, 5) }).output);
}

async function records(format: Format, text: string) {
  const all = [];
  for await (const record of recordsOf(readerFor(format)(chunks(text, 100), { delimiter: ',' })))
    all.push(plain(record));
  return all;
}

const NESTED = JSON.stringify([
  { id: 1, name: { first: 'Émile', last: 'Z' }, tags: ['a', 'b'] },
  { id: 2, name: { first: '東京' }, extra: true },
]);

describe('convert', () => {
  it('flattens nested input for a table, with every column from a first pass in order of appearance', async () => {
    const csv = await run('json', 'csv', NESTED);
    expect(csv.split('\n')[0]).toBe('id,name_first,name_last,tags,extra');
    expect(await records('csv', csv)).toEqual([
      { id: '1', name_first: 'Émile', name_last: 'Z', tags: 'a;b', extra: '' },
      { id: '2', name_first: '東京', name_last: '', tags: '', extra: 'true' },
    ]);
  });

  it('keeps nested values as JSON text in a table with flatten: false', async () => {
    expect(await records('csv', await run('json', 'csv', NESTED, { flatten: false }))).toEqual([
      { id: '1', name: '{"first":"Émile","last":"Z"}', tags: '["a","b"]', extra: '' },
      { id: '2', name: '{"first":"東京"}', tags: '', extra: 'true' },
    ]);
  });

  it('flattens for a nested format only when asked', async () => {
    expect(
      JSON.parse(await run('json', 'jsonl', NESTED, {}).then((text) => text.split('\n')[0] as string)),
    ).toEqual({
      id: 1,
      name: { first: 'Émile', last: 'Z' },
      tags: ['a', 'b'],
    });
    expect(JSON.parse(await run('jsonl', 'json', '{"a":{"b":1,"c":[1,2]}}', { flatten: true }))).toEqual([
      { a_b: 1, a_c: '1;2' },
    ]);
  });

  it('keeps text as text, and infers numbers, booleans and empties with inferTypes', async () => {
    const csv = 'a,b,c,d,e,f,g\n007,1.5e3,true,,-2,12345678901234567890,1.50\n';
    expect(JSON.parse(await run('csv', 'json', csv))).toEqual([
      { a: '007', b: '1.5e3', c: 'true', d: '', e: '-2', f: '12345678901234567890', g: '1.50' },
    ]);
    expect(await run('csv', 'json', csv, { inferTypes: true })).toBe(
      '[\n{"a":"007","b":"1.5e3","c":true,"d":null,"e":-2,"f":"12345678901234567890","g":1.50}\n]\n',
    );
    expect(plain(inferValue(new Map([['x', ['1', 'no']]])))).toEqual({ x: [1, 'no'] });
  });

  it('writes each format’s empty file for an empty input', async () => {
    expect(JSON.parse(await run('csv', 'json', ''))).toEqual([]);
    expect(await run('json', 'jsonl', '')).toBe('');
    expect(await run('xml', 'json', '')).toBe('[]\n');
    expect(await run('jsonl', 'json', '\n\n')).toBe('[]\n');
  });

  it('counts the records it reads', async () => {
    const conversion = convert({ from: 'csv', to: 'jsonl', open: () => chunks('a\n1\n2\n3\n') });
    await textOf(conversion.output);
    expect(conversion.progress.records).toBe(3);
  });

  it.each([
    ['csv → json as text', {}],
    ['records', { inferTypes: true }],
  ])('stops (%s) once its signal is aborted, and closes its input', async (_path, options) => {
    const stop = new AbortController();
    let closed = false;
    let abortedAt = Number.POSITIVE_INFINITY;
    async function* endless() {
      try {
        yield Buffer.from('a,b\n');
        for (;;) {
          if (conversion.progress.records >= 5000 && !stop.signal.aborted) {
            abortedAt = conversion.progress.records;
            stop.abort();
          }
          yield Buffer.from('1,2\n'.repeat(1000));
        }
      } finally {
        closed = true;
      }
    }
    const conversion = convert({ from: 'csv', to: 'json', options, open: endless, signal: stop.signal });
    await expect(textOf(conversion.output)).rejects.toBeInstanceOf(ConversionStopped);
    expect(conversion.progress.records).toBeGreaterThanOrEqual(5000);
    // noticed within the input chunk or two already on their way
    expect(conversion.progress.records).toBeLessThanOrEqual(abortedAt + 2000);
    expect(closed).toBe(true);
  });

  it('stops in the first pass over nested input to a table, and closes its input', async () => {
    const stop = new AbortController();
    let closed = false;
    async function* endless() {
      try {
        for (let chunk = 0; ; chunk++) {
          if (chunk === 10) stop.abort();
          yield Buffer.from('{"a":{"b":1}}\n'.repeat(100));
        }
      } finally {
        closed = true;
      }
    }
    const conversion = convert({ from: 'jsonl', to: 'csv', open: endless, signal: stop.signal });
    await expect(textOf(conversion.output)).rejects.toBeInstanceOf(ConversionStopped);
    expect(closed).toBe(true);
  });

  it('lets a timer abort its signal while it converts an input held in memory', async () => {
    const rows = Array.from({ length: 200_000 }, (_, index) => `${index},x\n`).join('');
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), 0);
    const conversion = convert({
      from: 'csv',
      to: 'xml',
      open: async function* () {
        yield Buffer.from(`a,b\n${rows}`);
      },
      signal: stop.signal,
    });
    await expect(textOf(conversion.output).finally(() => clearTimeout(timer))).rejects.toBeInstanceOf(
      ConversionStopped,
    );
    expect(conversion.progress.records).toBeLessThan(200_000);
  });

  it('closes its input when the input turns out malformed', async () => {
    let closed = false;
    async function* input() {
      try {
        yield Buffer.from('a\n"open\n');
        for (;;) yield Buffer.from('x\n');
      } finally {
        closed = true;
      }
    }
    // An endless input without a closing quote: the reader fails once the quoted text passes 0 bytes left.
    const limited = async function* () {
      let n = 0;
      for await (const chunk of input()) {
        yield chunk;
        if (++n > 100) return;
      }
    };
    await expect(textOf(convert({ from: 'csv', to: 'json', open: limited }).output)).rejects.toThrow(
      'Unterminated quoted field (opened on line 2)',
    );
    expect(closed).toBe(true);
  });
});
