import { MalformedInputError } from './errors.ts';
import type { RecordReader } from './reader.ts';
import type { OutputRecord } from './records.ts';
import { decodeText } from './text.ts';

/** A JSON value as a record: objects as they are, anything else under `value`. */
export function asRecord(value: unknown): OutputRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as OutputRecord)
    : { value };
}

/** JSON Lines: one JSON value per line, blank lines skipped; a line that is not JSON fails with its number. */
export const readJsonl: RecordReader = async function* (input, options) {
  let count = 0;
  let number = 0;
  let pending = '';
  const parse = (line: string, into: OutputRecord[]) => {
    number++;
    if (line.trim() === '') return;
    count++;
    try {
      into.push(asRecord(JSON.parse(line)));
    } catch (error) {
      throw new MalformedInputError(
        `Line ${number} (record ${count}) is not valid JSON: ${(error as Error).message}`,
        { line: number, record: count },
      );
    }
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
