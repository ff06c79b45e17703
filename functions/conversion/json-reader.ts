import { MalformedInputError, nestedTooDeep } from './errors.ts';
import { END, JsonSyntaxError, JsonTokenizer } from './json-tokens.ts';
import { type JsonToken, JsonValues } from './json-values.ts';
import { asRecord } from './jsonl-reader.ts';
import type { RecordReader } from './reader.ts';
import type { OutputRecord } from './records.ts';
import { decodeText } from './text.ts';

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
 * object is one record). Tokenized by stream-json and each record built alone (JsonValues), so a
 * file of any size holds one record at a time; an error names its line and record.
 */
export const readJson: RecordReader = async function* (input, options) {
  const tokenizer = new JsonTokenizer();
  let line = 1;
  let count = 0;
  /** 'array' inside the top-level array, 'closed' after it, 'values' for top-level objects. */
  let mode: 'start' | 'array' | 'closed' | 'values' = 'start';
  const values = new JsonValues(() => {
    throw nestedTooDeep({ line, record: count + 1 });
  });
  let out: OutputRecord[] = [];

  const fail = (reason: string, cause?: unknown): never => {
    throw new MalformedInputError(
      `Invalid JSON on line ${line} (record ${count + 1}): ${reason}`,
      { line, record: count + 1 },
      { cause },
    );
  };
  const onToken = (token: JsonToken) => {
    if (!values.pending) {
      if (mode === 'start') {
        if (token.name === 'startArray') {
          mode = 'array';
          return;
        }
        if (token.name !== 'startObject') fail('the input is neither an array nor an object');
        mode = 'values';
      } else if (mode === 'array' && token.name === 'endArray') {
        mode = 'closed';
        return;
      } else if (mode === 'closed') fail('more data after the closing bracket of the array');
      else if (mode === 'values' && token.name !== 'startObject') fail('expected an object');
    }
    if (values.consume(token)) {
      count++;
      out.push(asRecord(values.value));
    }
  };
  const feed = (text: string | typeof END) => {
    try {
      tokenizer.feed(text, onToken);
    } catch (error) {
      if (error instanceof JsonSyntaxError) fail(error.message, error);
      throw error;
    }
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
  feed(END);
  if (out.length > 0) yield out;
  // (`mode` changes inside the callbacks above.)
  if (values.pending || (mode as string) === 'array') fail('the input ends before the JSON is closed');
};
