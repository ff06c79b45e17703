// Files made and read by other tools than ours: Python's csv, json and xml.etree (expat), exceljs.
import { execFileSync } from 'node:child_process';
import type { Format } from '#conversion/formats';
import { keyOfXmlName } from '#conversion/xml-names';
import { xlsxRows } from './parse-back.ts';

/** What a Python 3 program writes on stdout, given `input` on stdin. */
export const python = (program: string, input: string | Uint8Array = ''): Buffer =>
  execFileSync('python3', ['-c', program], { input, maxBuffer: 256 * 1024 * 1024 });

/**
 * CSV files as Python's csv module writes `rows`, one per set of writer options (each a Python
 * dict's text), from one Python process.
 */
export function pythonCsv(rows: string[][], writers: readonly string[]): Buffer[] {
  const program = `import base64, csv, io, json, sys
def written(options):
    out = io.BytesIO()
    text = io.TextIOWrapper(out, encoding='utf-8', newline='')
    csv.writer(text, **options).writerows(rows)
    text.flush()
    return base64.b64encode(out.getvalue()).decode()
rows = json.load(sys.stdin)
print(json.dumps([written(options) for options in [${writers.join(', ')}]]))`;
  const files = JSON.parse(python(program, JSON.stringify(rows)).toString()) as string[];
  return files.map((file) => Buffer.from(file, 'base64'));
}

/** Each record as [key, text] pairs in file order, as those tools read it (numbers as written). */
export type Entries = [string, string][][];

// One Python process reads every file of a call: [[format, base64], …] on stdin.
const READ = `import base64, csv, io, json, sys, xml.etree.ElementTree as ET
def text(value):
    if value is None: return ''
    if isinstance(value, bool): return 'true' if value else 'false'
    if isinstance(value, (dict, list)): return json.dumps(value, ensure_ascii=False, separators=(',', ':'))
    return value
def record(value): return [[key, text(inner)] for key, inner in value.items()]
def parse(text): return json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
def entries(form, data):
    if form == 'json': return [record(r) for r in parse(data)]
    if form == 'jsonl': return [record(parse(l)) for l in data.decode().split('\\n') if l.strip()]
    if form == 'csv':
        rows = list(csv.reader(io.StringIO(data.decode(), newline='')))
        return [list(zip(rows[0], row)) for row in rows[1:]]
    return [[[child.tag, child.text or ''] for child in r] for r in ET.fromstring(data)]
print(json.dumps([entries(form, base64.b64decode(data)) for form, data in json.load(sys.stdin)]))`;

/** The records of each file as those tools read them: Python for text formats, exceljs for xlsx. */
export async function entriesIn(files: readonly { format: Format; file: Uint8Array }[]): Promise<Entries[]> {
  const text = files.filter(({ format }) => format !== 'excel');
  const read = JSON.parse(
    python(
      READ,
      JSON.stringify(text.map(({ format, file }) => [format, Buffer.from(file).toString('base64')])),
    ).toString(),
  ) as Entries[];
  let next = 0;
  const fromText = files.map(({ format }) => (format === 'excel' ? undefined : (read[next++] as Entries)));
  return Promise.all(
    files.map(async ({ format, file }, index) => {
      const entries = fromText[index];
      if (entries !== undefined) {
        return format === 'xml'
          ? entries.map((record) =>
              record.map(([name, value]): [string, string] => [keyOfXmlName(name), value]),
            )
          : entries;
      }
      const [header = [], ...rows] = await xlsxRows(Buffer.from(file));
      return rows.map((row) => header.map((column, i): [string, string] => [column, row[i] ?? '']));
    }),
  );
}
