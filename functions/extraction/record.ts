/**
 * One record as extracted: `<field>_<attr>` keys, arrays for several matches, `<field>_details`
 * nested. A plain object keeps its keys in scheme order in every writer: with the `_` they are
 * never array indexes (which objects put first), even for a field named `2024`.
 */
export interface ExtractedRecord {
  [key: string]: RecordValue;
}

export type RecordValue = string | string[] | ExtractedRecord | ExtractedRecord[];

export const valueKey = (field: string, attr: string) => `${field}_${attr}`;
export const detailsKey = (field: string) => `${field}_details`;

/** The contract's shape of a value: none gives "", one a string, several an array. */
export function collapse<T>(values: readonly T[]): '' | T | T[] {
  if (values.length === 0) return '';
  if (values.length === 1) return values[0] as T;
  return [...values];
}
