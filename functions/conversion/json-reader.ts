import { getManyValues, isMany, none } from 'stream-chain/defs.js';
import Assembler from 'stream-json/assembler.js';
import { jsonParser } from 'stream-json/parser.js';
import { MalformedInputError } from './errors.ts';
import { asRecord } from './jsonl-reader.ts';
import type { RecordReader } from './reader.ts';
import type { OutputRecord } from './records.ts';
import { decodeText } from './text.ts';

interface Token {
  name: string;
  value?: unknown;
}

const SCALARS = new Set(['stringValue', 'numberValue', 'nullValue', 'trueValue', 'falseValue']);
/** Longest piece of a line handed to the tokenizer at once. */
const SLICE_CHARS = 16 * 1024;

/**
 * Pieces of text for the tokenizer, each ending at a line break or a `}` (or SLICE_CHARS long):
 * the tokenizer fails a whole piece at once, so short pieces place an error on its line and
 * record. Any cut is valid: the tokenizer carries a token over from one piece to the next.
 */
function* pieces(text: string): Generator<string> {
  let start = 0;
  let newline = text.indexOf('\n');
  let brace = text.indexOf('}');
  while (start < text.length) {
    if (newline !== -1 && newline < start) newline = text.indexOf('\n', start);
    if (brace !== -1 && brace < start) brace = text.indexOf('}', start);
    const next = Math.min(newline === -1 ? text.length : newline + 1, brace === -1 ? text.length : brace + 1);
    const end = Math.min(next, start + SLICE_CHARS);
    yield text.slice(start, end);
    start = end;
  }
}

/**
 * JSON: an array of records (each element one record), or objects one after another (a single
 * object is one record). Tokenized by stream-json's parser and each record assembled alone, so a
 * file of any size holds one record at a time; an error names its line and record.
 */
export const readJson: RecordReader = async function* (input, options) {
  const tokenize = jsonParser({ packValues: true, streamValues: false, jsonStreaming: true });
  let line = 1;
  let count = 0;
  /** 'array' inside the top-level array, 'closed' after it, 'values' for top-level objects. */
  let mode: 'start' | 'array' | 'closed' | 'values' = 'start';
  let assembler: Assembler | undefined;
  let out: OutputRecord[] = [];

  const fail = (reason: string, cause?: unknown): never => {
    throw new MalformedInputError(
      `Invalid JSON on line ${line} (record ${count + 1}): ${reason}`,
      { line, record: count + 1 },
      { cause },
    );
  };
  const take = (value: unknown) => {
    count++;
    out.push(asRecord(value));
  };
  const onToken = (token: Token) => {
    if (assembler !== undefined) {
      assembler.consume(token as never);
      if (assembler.done) {
        take(assembler.current);
        assembler = undefined;
      }
      return;
    }
    const starts = token.name === 'startObject' || token.name === 'startArray';
    if (mode === 'start') {
      if (token.name === 'startArray') mode = 'array';
      else if (token.name === 'startObject') mode = 'values';
      else fail('the input is neither an array nor an object');
      if (mode === 'array') return;
    }
    if (mode === 'array' && token.name === 'endArray') mode = 'closed';
    else if (mode === 'closed') fail('more data after the closing bracket of the array');
    else if (mode === 'values' && token.name !== 'startObject') fail('expected an object');
    else if (starts) {
      assembler = new Assembler();
      assembler.consume(token as never);
    } else if (SCALARS.has(token.name))
      take(token.name === 'numberValue' ? Number(token.value) : token.value);
  };
  const feed = (chunk: string | typeof none) => {
    let tokens: unknown;
    try {
      tokens = tokenize(chunk as never);
    } catch (error) {
      const message = (error as Error).message;
      // "Parser has expected …" comes only at the end of the input.
      if (message.startsWith('Parser has expected')) fail('the input ends before the JSON is closed', error);
      fail(message.replace(/^Parser cannot parse input: /, ''), error);
    }
    if (isMany(tokens)) for (const token of getManyValues(tokens) as Token[]) onToken(token);
    else if (tokens !== none) onToken(tokens as Token);
  };

  for await (const text of decodeText(input, options.encoding)) {
    for (const piece of pieces(text)) {
      feed(piece);
      if (piece.endsWith('\n')) line++;
    }
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  feed(none);
  if (out.length > 0) yield out;
  // (`mode` changes inside the callbacks above.)
  if (assembler !== undefined || (mode as string) === 'array')
    fail('the input ends before the JSON is closed');
};
