/**
 * `store`'s export options (Apify's names) and the one canonical form of a set of them. Nothing
 * here but the option values: GetStore imports it without any writer.
 */
import type { Format } from './formats.ts';

export interface ExportOptions {
  /** These fields (columns), in this order. */
  fields?: string[] | undefined;
  /** Every field but these. */
  omit?: string[] | undefined;
  /** False: a table (csv, excel) gets nested values as JSON text in a cell instead of `a_b` columns. */
  flatten?: boolean | undefined;
  /** CSV: a UTF-8 byte order mark first. */
  bom?: boolean | undefined;
  /** CSV: the field separator. */
  delimiter?: string | undefined;
  /** XML: the document element's name. */
  xmlRoot?: string | undefined;
  /** XML: each record's element name. */
  xmlRow?: string | undefined;
  /** CSV and Excel: what joins the values of an array in one cell. */
  arrayJoin?: string | undefined;
}

export type ExportOption = keyof ExportOptions;

/** What each option is when it is not given: the file `store` makes without options. */
export const EXPORT_DEFAULTS = {
  flatten: true,
  bom: false,
  delimiter: ',',
  xmlRoot: 'records',
  xmlRow: 'record',
  arrayJoin: ';',
} as const satisfies ExportOptions;

/** The formats an option changes; for any other it is ignored, as Apify ignores it. */
export const EXPORT_OPTION_FORMATS: Record<ExportOption, readonly Format[]> = {
  fields: ['csv', 'json', 'jsonl', 'excel', 'xml'],
  omit: ['csv', 'json', 'jsonl', 'excel', 'xml'],
  flatten: ['csv', 'excel'],
  bom: ['csv'],
  delimiter: ['csv'],
  xmlRoot: ['xml'],
  xmlRow: ['xml'],
  arrayJoin: ['csv', 'excel'],
};

/** A CSV delimiter: one character that is not the quote or a line break. */
export const isDelimiter = (value: string) =>
  [...value].length === 1 && value !== '"' && value !== '\r' && value !== '\n';

const unique = (names: readonly string[]) => [...new Set(names)];

/**
 * The options that change this format's file, canonical: those that do not apply and those equal to
 * their default left out, `fields` without repeats (in its order), `omit` sorted, `arrayJoin` only
 * while arrays are joined (not with `flatten: false`, which writes them as JSON). Two sets that make
 * the same file give the same object, keys in one order.
 */
export function exportOptionsFor(format: Format, given: ExportOptions): ExportOptions {
  const applies = (option: ExportOption) =>
    given[option] !== undefined && EXPORT_OPTION_FORMATS[option].includes(format);
  const differs = (option: keyof typeof EXPORT_DEFAULTS) =>
    applies(option) && given[option] !== EXPORT_DEFAULTS[option];
  const options: ExportOptions = {};
  if (applies('fields') && given.fields?.length) options.fields = unique(given.fields);
  if (applies('omit') && given.omit?.length) options.omit = unique(given.omit).sort();
  if (differs('flatten')) options.flatten = false;
  if (differs('bom')) options.bom = true;
  if (differs('delimiter')) options.delimiter = given.delimiter;
  if (differs('xmlRoot')) options.xmlRoot = given.xmlRoot;
  if (differs('xmlRow')) options.xmlRow = given.xmlRow;
  if (differs('arrayJoin') && options.flatten !== false) options.arrayJoin = given.arrayJoin;
  return options;
}

export const hasExportOptions = (options: ExportOptions) => Object.keys(options).length > 0;
