import { MalformedInputError } from './errors.ts';
import type { RecordReader } from './reader.ts';
import type { OutputRecord } from './records.ts';
import { decodeText, textLines } from './text.ts';

/** A JSON value as a record: objects as they are, anything else under `value`. */
export function asRecord(value: unknown): OutputRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as OutputRecord)
    : { value };
}

/** JSON Lines: one JSON value per line, blank lines skipped; a line that is not JSON fails with its number. */
export const readJsonl: RecordReader = async function* (input, options) {
  let count = 0;
  for await (const [line, number] of textLines(decodeText(input, options.encoding))) {
    if (line.trim() === '') continue;
    count++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new MalformedInputError(
        `Line ${number} (record ${count}) is not valid JSON: ${(error as Error).message}`,
        { line: number, record: count },
      );
    }
    yield asRecord(value);
  }
};
