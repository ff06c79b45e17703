// Records as table cells: columns in the scheme's order, values as text.

interface SchemeField {
  name?: unknown;
  attrs?: unknown;
  details?: unknown;
}

/** The record keys an extraction scheme gives, in its order: `<field>_<attr>`, then `<field>_details`. */
export function schemeColumns(scheme: unknown): string[] {
  const fields = (scheme as { fields?: unknown } | null)?.fields;
  if (!Array.isArray(fields)) return [];
  return (fields as SchemeField[]).flatMap((field) => {
    if (typeof field?.name !== 'string') return [];
    const attrs = Array.isArray(field.attrs) ? field.attrs.filter((a) => typeof a === 'string') : [];
    const columns = attrs.map((attr) => `${field.name}_${attr}`);
    return field.details ? [...columns, `${field.name}_details`] : columns;
  });
}

/** The scheme's columns that the records have, then any other key, in the order first seen. */
export function columnsOf(records: Record<string, unknown>[], preferred: string[]): string[] {
  const seen = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) seen.add(key);
  const first = preferred.filter((column) => seen.has(column));
  return [...first, ...[...seen].filter((key) => !first.includes(key))];
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The first `limit` records of a JSON Lines file, read only as far as needed. */
export async function firstRecords(
  url: string,
  limit: number,
): Promise<{ records: Record<string, unknown>[]; more: boolean }> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`The results answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const records: Record<string, unknown>[] = [];
  let buffer = '';
  let more = false;
  for (;;) {
    const { done, value } = await reader.read();
    buffer += value ?? '';
    const lines = done ? [buffer] : buffer.split('\n');
    buffer = done ? '' : (lines.pop() ?? '');
    for (const line of lines) {
      if (line.trim() === '') continue;
      if (records.length === limit) {
        more = true;
        break;
      }
      records.push(JSON.parse(line) as Record<string, unknown>);
    }
    if (more || done) break;
  }
  if (more) await reader.cancel();
  return { records, more };
}
