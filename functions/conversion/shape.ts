import { flattenRecord, isNested } from './flatten.ts';
import type { Format } from './formats.ts';
import { TABULAR } from './readers.ts';
import type { OutputRecord } from './records.ts';
import type { ConversionOptions } from './scheme.ts';

/** How the records read are made into the records written. */
export interface Shaping {
  /** Whether nested values become `a_b` columns (the default for a table output). */
  flatten: boolean;
  shape: (raw: OutputRecord) => OutputRecord;
}

export function shapingFor(from: Format, to: Format, options: ConversionOptions): Shaping {
  const tabularOut = TABULAR.has(to);
  const flatten = options.flatten ?? tabularOut;
  const infer = options.inferTypes === true && from !== 'excel'; // the Excel reader keeps cell types itself
  const shape = (raw: OutputRecord): OutputRecord => {
    const record = infer ? (inferValue(raw) as OutputRecord) : raw;
    if (tabularOut && !flatten) return stringifyNested(record);
    if (!tabularOut && flatten) return flattenRecord(record);
    return record;
  };
  return { flatten, shape };
}

const NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** `inferTypes`: "" → null, "true"/"false" → booleans, plain decimal numbers → numbers; else the text. */
export function inferValue(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value === '') return null;
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (NUMBER.test(value)) {
      const number = Number(value);
      if (Number.isFinite(number)) return number;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(inferValue);
  if (isNested(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, inferValue(inner)]));
  }
  return value;
}

/** Nested values as JSON text, for a tabular output that is not to flatten them. */
function stringifyNested(record: OutputRecord): OutputRecord {
  const out: OutputRecord = {};
  for (const [key, value] of Object.entries(record))
    out[key] = isNested(value) ? JSON.stringify(value) : value;
  return out;
}
