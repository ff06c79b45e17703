import { Readable } from 'node:stream';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { streamValues } from 'stream-json/streamers/stream-values.js';
import { MalformedInputError } from './errors.ts';
import { asRecord } from './jsonl-reader.ts';
import type { RecordReader } from './reader.ts';
import { decodeText } from './text.ts';

interface Token {
  name: string;
}

const SCALARS = new Set(['stringValue', 'numberValue', 'nullValue', 'trueValue', 'falseValue']);

/**
 * JSON: an array of records (each element one record), or one object, or several objects one
 * after another. Streamed with stream-json, so a file of any size holds one record at a time.
 * Its parser names no position, so errors say after which record the input broke.
 */
export const readJson: RecordReader = async function* (input, options) {
  const text = decodeText(input, options.encoding)[Symbol.asyncIterator]();
  let first = await text.next();
  while (!first.done && first.value.trim() === '') first = await text.next();
  if (first.done) return;
  const opening = first.value.trimStart()[0];
  if (opening !== '[' && opening !== '{') {
    await text.return?.();
    throw new MalformedInputError(
      `The input is not JSON: it starts with ${JSON.stringify(opening)} instead of [ or {`,
      { line: 1, record: 0 },
    );
  }
  const firstChunk = first.value;
  async function* all() {
    try {
      yield firstChunk;
      for (let next = await text.next(); !next.done; next = await text.next()) yield next.value;
    } finally {
      await text.return?.();
    }
  }
  // The parser accepts a truncated document without a word: depth tells whether it was closed.
  // It names no position either: `parsed` counts the records complete when it stopped.
  const recordDepth = opening === '[' ? 1 : 0;
  let depth = 0;
  let parsed = 0;
  const track = (token: Token) => {
    if (token.name === 'startArray' || token.name === 'startObject') depth++;
    else if (token.name === 'endArray' || token.name === 'endObject') {
      depth--;
      if (depth === recordDepth) parsed++;
    } else if (depth === recordDepth && SCALARS.has(token.name)) parsed++;
    return token;
  };
  const values = chain([
    Readable.from(all()),
    parser({ jsonStreaming: opening === '{' }),
    track,
    opening === '[' ? streamArray() : streamValues(),
  ] as unknown as Parameters<typeof chain>[0]);
  try {
    for await (const item of values as AsyncIterable<{ value: unknown }>) {
      yield asRecord(item.value);
    }
  } catch (error) {
    if (error instanceof MalformedInputError) throw error;
    throw new MalformedInputError(
      `Invalid JSON in record ${parsed + 1}: ${(error as Error).message.replace(/^Parser cannot parse input: /, '')}`,
      { record: parsed + 1 },
      { cause: error },
    );
  } finally {
    values.destroy();
  }
  if (depth !== 0) {
    throw new MalformedInputError(`The JSON ends in record ${parsed + 1}, before its closing bracket`, {
      record: parsed + 1,
    });
  }
};
