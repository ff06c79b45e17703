import { MalformedInputError, nestedTooDeep } from './errors.ts';
import { END, JsonSyntaxError, JsonTokenizer } from './json-tokens.ts';
import { type JsonToken, JsonValues } from './json-values.ts';
import type { RecordReader } from './reader.ts';
import type { OutputRecord } from './records.ts';
import { decodeText } from './text.ts';

/** A JSON value as a record: an object as it is, anything else under `value`. */
export function asRecord(value: unknown): OutputRecord {
  return value instanceof Map ? value : new Map([['value', value]]);
}

/**
 * JSON Lines: one JSON value per line, blank lines skipped; a line that is not one JSON value
 * fails with its number. Each line is tokenized alone and ended (so nothing of it waits for the
 * next) by the JSON reader's tokenizer, and built by JsonValues: JSON.parse would put integer
 * keys first and round numbers.
 */
export const readJsonl: RecordReader = async function* (input, options) {
  let count = 0;
  let number = 0;
  let pending = '';
  const values = new JsonValues(() => {
    throw nestedTooDeep({ line: number, record: count });
  });
  const fail = (reason: string, cause?: unknown): never => {
    throw new MalformedInputError(
      `Line ${number} (record ${count}) is not valid JSON: ${reason}`,
      { line: number, record: count },
      { cause },
    );
  };
  const parse = (line: string, into: OutputRecord[]) => {
    number++;
    if (line.trim() === '') return;
    count++;
    let found = 0;
    const onToken = (token: JsonToken) => {
      if (values.consume(token) && ++found === 1) into.push(asRecord(values.value));
    };
    const tokenizer = new JsonTokenizer();
    try {
      tokenizer.feed(line, onToken);
      tokenizer.feed(END, onToken);
    } catch (error) {
      if (error instanceof JsonSyntaxError) fail(error.message, error);
      throw error;
    }
    if (found > 1) fail('more than one value on the line');
  };
  for await (const chunk of decodeText(input, options.encoding)) {
    const text = pending === '' ? chunk : pending + chunk;
    const batch: OutputRecord[] = [];
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      parse(text.slice(start, newline), batch);
      start = newline + 1;
    }
    pending = text.slice(start);
    if (batch.length > 0) yield batch;
  }
  const last: OutputRecord[] = [];
  if (pending !== '') parse(pending, last);
  if (last.length > 0) yield last;
};
