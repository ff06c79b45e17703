import { Flattener } from './flatten.ts';
import type { Format } from './formats.ts';
import { jsonText } from './json-text.ts';
import { TABULAR } from './readers.ts';
import type { OutputRecord } from './records.ts';
import type { ConversionOptions } from './scheme.ts';
import { entriesOf, isFields, isNested, rawNumber } from './values.ts';

/**
 * How the records read are made into the records written, for one conversion: types inferred
 * (`inferTypes`), nested input flattened (`flatten`, the default for a table output) by one
 * Flattener for both passes (arrays joined with `arrayJoin`), or its nested values as JSON text in
 * a table. CSV and Excel rows are flat already.
 */
export function shapingFor(from: Format, to: Format, options: ConversionOptions, arrayJoin?: string) {
  const tabularOut = TABULAR.has(to);
  const nested = !TABULAR.has(from);
  const flattener = nested && (options.flatten ?? tabularOut) ? new Flattener(arrayJoin) : undefined;
  const infer = options.inferTypes === true && from !== 'excel'; // the Excel reader keeps cell types itself
  return (raw: OutputRecord): OutputRecord => {
    const record = infer ? (inferValue(raw) as OutputRecord) : raw;
    if (flattener) return flattener.flatten(record);
    if (tabularOut && nested) return stringifyNested(record);
    return record;
  };
}

/** A plain decimal: no sign but `-`, no leading zero (`007` is a code), no exponent (`1e5` is text). */
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
/** Digits a double always holds exactly (DBL_DIG): longer numbers stay text, as written. */
const MAX_DIGITS = 15;

const significantDigits = (text: string) => text.replace(/^-?[0.]*/, '').replace('.', '').length;

/**
 * `inferTypes`: "" → null, "true"/"false" → booleans, a plain decimal of at most 15 significant
 * digits → a number, written as it was (`1.50` stays `1.50`); anything else stays text.
 */
export function inferValue(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value === '') return null;
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (DECIMAL.test(value) && significantDigits(value) <= MAX_DIGITS) return rawNumber(value);
    return value;
  }
  if (Array.isArray(value)) return value.map(inferValue);
  if (isFields(value)) {
    const out = new Map<string, unknown>();
    for (const [key, inner] of entriesOf(value)) out.set(key, inferValue(inner));
    return out;
  }
  return value;
}

/** Nested values as JSON text, for a table output that is not to flatten them. */
export function stringifyNested(record: OutputRecord): OutputRecord {
  const out = new Map<string, unknown>();
  for (const [key, value] of entriesOf(record)) out.set(key, isNested(value) ? jsonText(value) : value);
  return out;
}
