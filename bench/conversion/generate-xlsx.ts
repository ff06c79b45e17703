/**
 * The benchmark's records as an xlsx laid out as Excel saves one: text in the shared strings
 * table (one entry per text cell, never deduplicated: the table as large as all the text, the
 * reader's worst case for memory), stored after the sheet, numbers as numbers, `created` a
 * date-formatted serial, `active` a boolean, empty fields no cell. The same rows as the CSV of
 * that size (`generate.ts`).
 *
 *   node bench/conversion/generate-xlsx.ts <file> [megabytes of CSV=200]
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { HEADER, random, rowFields } from './generate.ts';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PARTS: Record<string, string> = {
  '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
  '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Records" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
};
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="22" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

const escaped = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const LETTERS = 'ABCDEFGHI';
const TEXT = new Set([1, 2, 7, 8]);

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function end(out: WriteStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

export async function generateXlsx(path: string, csvMegabytes: number, seed = 42): Promise<number> {
  const folder = await mkdtemp(join(tmpdir(), 'bench-xlsx-'));
  try {
    const sheetPath = join(folder, 'sheet1.xml');
    const stringsPath = join(folder, 'sharedStrings.xml');
    const sheet = createWriteStream(sheetPath);
    const strings = createWriteStream(stringsPath);
    let count = 0;
    const shared = (text: string) => {
      stringsBuffer += `<si><t xml:space="preserve">${escaped(text)}</t></si>`;
      return count++;
    };
    let stringsBuffer = '';
    let sheetBuffer = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}"><sheetData>`;
    const header = HEADER.trim().split(',');
    sheetBuffer += `<row r="1">${header.map((name, c) => `<c r="${LETTERS[c]}1" t="s"><v>${shared(name)}</v></c>`).join('')}</row>`;
    let csvBytes = Buffer.byteLength(HEADER);
    let rowNumber = 1;
    const target = csvMegabytes * 2 ** 20;
    for (const fields of rowFields(random(seed))) {
      const line = `${fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')}\n`;
      csvBytes += Buffer.byteLength(line);
      if (csvBytes > target) break;
      rowNumber++;
      let row = `<row r="${rowNumber}">`;
      fields.forEach((field, c) => {
        if (field === '') return;
        const ref = `${LETTERS[c]}${rowNumber}`;
        if (TEXT.has(c)) row += `<c r="${ref}" t="s"><v>${shared(field)}</v></c>`;
        else if (c === 5) row += `<c r="${ref}" t="b"><v>${field === 'true' ? 1 : 0}</v></c>`;
        else if (c === 6) row += `<c r="${ref}" s="1"><v>${Date.parse(field) / 86_400_000 + 25_569}</v></c>`;
        else row += `<c r="${ref}"><v>${field}</v></c>`;
      });
      sheetBuffer += `${row}</row>`;
      if (sheetBuffer.length > 1 << 20) {
        await write(sheet, sheetBuffer);
        sheetBuffer = '';
      }
      if (stringsBuffer.length > 1 << 20) {
        await write(strings, stringsBuffer);
        stringsBuffer = '';
      }
    }
    await write(sheet, `${sheetBuffer}</sheetData></worksheet>`);
    await end(sheet);
    await write(strings, `${stringsBuffer}</sst>`);
    await end(strings);
    // The table's head names its count, known only now.
    const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${NS}" count="${count}" uniqueCount="${count}">`;
    const zip = new yazl.ZipFile();
    for (const [name, text] of Object.entries(PARTS)) zip.addBuffer(Buffer.from(text), name);
    zip.addFile(sheetPath, 'xl/worksheets/sheet1.xml');
    zip.addBuffer(Buffer.from(STYLES), 'xl/styles.xml');
    zip.addReadStream(
      Readable.from(
        (async function* () {
          yield Buffer.from(head);
          yield* createReadStream(stringsPath);
        })(),
      ),
      'xl/sharedStrings.xml',
    );
    zip.end();
    const out = createWriteStream(path);
    zip.outputStream.pipe(out);
    await once(out, 'finish');
    return rowNumber - 1;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, megabytes = '200'] = process.argv.slice(2);
  if (!path) throw new Error('usage: generate-xlsx.ts <file> [megabytes of CSV]');
  console.log(`${path}: ${await generateXlsx(path, Number(megabytes))} records`);
}
