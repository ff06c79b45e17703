import { once } from 'node:events';
import yauzl from 'yauzl';
import yazl from 'yazl';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A zip of the given parts, in the given order, as bytes (the parts' text as written). */
export async function zipOf(parts: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(parts)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await once(zip.outputStream, 'end');
  return Buffer.concat(chunks);
}

export interface MinimalBook {
  /** Sheets in tab order: name and sheet XML inside `<sheetData>` (or the whole part with `part`). */
  sheets: { name: string; rows?: string; part?: string; file?: string }[];
  sharedStrings?: string[];
  /** `<workbookPr …/>` attributes, such as `date1904="1"`. */
  workbookPr?: string;
  /** `cellXfs` number formats (index = style) and custom formats by id. */
  cellFormats?: number[];
  numFmts?: Record<number, string>;
}

/**
 * A hand-written minimal xlsx, for what real writers do that openpyxl and LibreOffice do not:
 * cells without `r`, `t="d"`, 1904 dates, tab order unlike the parts' order. Sheets are stored
 * as `file` (default sheetN.xml in tab order), after the workbook unless asked otherwise.
 */
export function minimalXlsx(book: MinimalBook): Promise<Buffer> {
  const parts: Record<string, string> = {};
  const files = book.sheets.map((sheet, index) => sheet.file ?? `sheet${index + 1}.xml`);
  parts['[Content_Types].xml'] =
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`;
  parts['_rels/.rels'] =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  parts['xl/workbook.xml'] =
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">` +
    (book.workbookPr ? `<workbookPr ${book.workbookPr}/>` : '') +
    `<sheets>${book.sheets.map((sheet, index) => `<sheet name="${sheet.name}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`).join('')}</sheets></workbook>`;
  parts['xl/_rels/workbook.xml.rels'] =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PACKAGE_REL}">` +
    files
      .map(
        (file, index) =>
          `<Relationship Id="rId${index + 1}" Type="${REL}/worksheet" Target="worksheets/${file}"/>`,
      )
      .join('') +
    `<Relationship Id="rS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rY" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
  const sheetParts = book.sheets
    .map((sheet, index) => [
      `xl/worksheets/${files[index]}`,
      sheet.part ??
        `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${sheet.rows ?? ''}</sheetData></worksheet>`,
    ])
    .sort(([a], [b]) => (a as string).localeCompare(b as string));
  for (const [name, text] of sheetParts) parts[name as string] = text as string;
  if (book.sharedStrings)
    parts['xl/sharedStrings.xml'] =
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${book.sharedStrings.length}">${book.sharedStrings.join('')}</sst>`;
  if (book.cellFormats)
    parts['xl/styles.xml'] =
      `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}">` +
      `<numFmts>${Object.entries(book.numFmts ?? {})
        .map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code.replaceAll('"', '&quot;')}"/>`)
        .join('')}</numFmts>` +
      `<cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs>` +
      `<cellXfs>${book.cellFormats.map((id) => `<xf numFmtId="${id}" xfId="0"/>`).join('')}</cellXfs></styleSheet>`;
  return zipOf(parts);
}

/** One part of a zip, as text. */
export async function partText(zip: Buffer, name: string): Promise<string> {
  const archive = await yauzl.fromBufferPromise(zip);
  for await (const entry of archive.eachEntry()) {
    if (entry.fileName !== name) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of await archive.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    archive.close();
    return Buffer.concat(chunks).toString('utf8');
  }
  throw new Error(`No part ${name}`);
}
