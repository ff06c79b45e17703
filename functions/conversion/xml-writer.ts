import { EXPORT_DEFAULTS } from './export-options.ts';
import { chunked, type RecordSource, type RecordWriter } from './records.ts';
import { entriesOf, type Fields, isFields, scalarText } from './values.ts';
import { xmlName } from './xml-names.ts';
import { escapeText } from './xml-text.ts';

/**
 * `<records><record>…</record></records>` (`xmlRoot`, `xmlRow`: XML names, checked by the caller):
 * each key an element (named by `xmlName`), nested details nested, an array as the element
 * repeated, text escaped. Written by hand: it is string templates around `escapeText` and
 * `xmlName`, which a builder library would not spare us (names must be mapped, not refused).
 */
export const writeXml: RecordWriter = (records, _columns, options = {}) =>
  chunked(
    xmlParts(records, options.xmlRoot ?? EXPORT_DEFAULTS.xmlRoot, options.xmlRow ?? EXPORT_DEFAULTS.xmlRow),
  );

async function* xmlParts(records: RecordSource, root: string, row: string): AsyncIterable<string> {
  const names = new NameCache();
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>\n`;
  for await (const record of records) yield `<${row}>${fields(record, names)}</${row}>\n`;
  yield `</${root}>\n`;
}

function fields(record: Fields, names: NameCache): string {
  let xml = '';
  for (const [key, value] of entriesOf(record)) xml += element(names.of(key), value, names);
  return xml;
}

function element(name: string, value: unknown, names: NameCache): string {
  if (Array.isArray(value)) return value.map((item) => element(name, item, names)).join('');
  if (isFields(value)) return `<${name}>${fields(value, names)}</${name}>`;
  return `<${name}>${escapeText(scalarText(value))}</${name}>`;
}

/** Record keys repeat on every record: each is mapped once (bounded, for converted files' odd keys). */
class NameCache {
  readonly #names = new Map<string, string>();
  of(key: string): string {
    let name = this.#names.get(key);
    if (name === undefined) {
      name = xmlName(key);
      if (this.#names.size < 10_000) this.#names.set(key, name);
    }
    return name;
  }
}
