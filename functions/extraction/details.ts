import { collapse, detailsKey, type ExtractedRecord, type RecordValue, valueKey } from './record.ts';
import type { PageScheme } from './scheme.ts';

/**
 * The page scheme at a level: [] is the scheme itself, [i] the details of its field i,
 * [i, j] the details of field j inside those, and so on.
 */
export function schemeAt(root: PageScheme, level: readonly number[]): PageScheme {
  let current = root;
  for (const index of level) {
    const details = current.fields[index]?.details;
    if (details === undefined) throw new Error(`No details at level ${level.join('.')}`);
    current = details;
  }
  return current;
}

/**
 * What each link (`slot`) contributed, per field index, in completion order: a link's records as a
 * whole, or one details record (`id`) at a time.
 */
export type CollectedDetails = Record<string, { slot: number; id?: number; records: ExtractedRecord[] }[]>;

/** Records in link order, then in the order their pages listed them (ids grow in page order). */
export function collectedRecords(collected: CollectedDetails, field: number): ExtractedRecord[] {
  return [...(collected[field] ?? [])]
    .sort((a, b) => a.slot - b.slot || (a.id ?? 0) - (b.id ?? 0))
    .flatMap((entry) => entry.records);
}

/**
 * What a record of this level contributes: itself with `<field>_details` after the field's own
 * values; or, with `path: true`, only the records of its details pages.
 */
export function outputOf(
  scheme: PageScheme,
  record: ExtractedRecord,
  collected: CollectedDetails,
): ExtractedRecord[] {
  if (scheme.path) {
    return scheme.fields.flatMap((field, index) => (field.details ? collectedRecords(collected, index) : []));
  }
  const merged: ExtractedRecord = {};
  scheme.fields.forEach((field, index) => {
    for (const attr of field.attrs) {
      const key = valueKey(field.name, attr);
      merged[key] = record[key] ?? '';
    }
    if (field.details)
      merged[detailsKey(field.name)] = collapse(collectedRecords(collected, index)) as RecordValue;
  });
  return [merged];
}
