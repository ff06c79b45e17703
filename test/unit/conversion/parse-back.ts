import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import { keyOfXmlName } from '#conversion/xml-names';

/** A writer's whole output as bytes. */
export async function bytesOf(chunks: AsyncIterable<string | Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(parts);
}

export async function textOf(chunks: AsyncIterable<string | Buffer>): Promise<string> {
  return (await bytesOf(chunks)).toString('utf8');
}

/** Every row of the first sheet as read by exceljs's own reader; an empty cell reads as "". */
export async function xlsxRows(file: Buffer): Promise<string[][]> {
  const [first] = await xlsxSheets(file);
  if (first === undefined) throw new Error('No sheet');
  return first.rows;
}

/** Every sheet of a workbook as exceljs reads it: its name and its rows of text. */
export async function xlsxSheets(file: Buffer): Promise<{ name: string; rows: string[][] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      for (let column = 1; column <= sheet.columnCount; column++) {
        const value = row.getCell(column).value;
        cells.push(value === null || value === undefined ? '' : String(value));
      }
      rows.push(cells);
    });
    return { name: sheet.name, rows };
  });
}

/** An element read back: its key (the name decoded), its text, its child elements. */
export interface XmlNode {
  key: string;
  text: string;
  children: XmlNode[];
}

/** The children of each `<record>` of an XML export, read back with saxes (a conforming parser). */
export function xmlRecords(xml: string): XmlNode[][] {
  const parser = new SaxesParser();
  const stack: XmlNode[] = [{ key: '', text: '', children: [] }];
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const node: XmlNode = { key: keyOfXmlName(tag.name), text: '', children: [] };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => stack.pop());
  parser.write(xml).close();
  const root = stack[0]?.children[0];
  if (root?.key !== 'records') throw new Error('No <records> root');
  return root.children.map((record) => {
    if (record.key !== 'record') throw new Error(`Unexpected <${record.key}>`);
    return record.children;
  });
}

/** The elements a record should give, as the contract says: arrays repeat, objects nest. */
export function expectedNodes(record: object, clean: (text: string) => string): XmlNode[] {
  return Object.entries(record).flatMap(([key, value]) => nodesOf(key, value, clean));
}

function nodesOf(key: string, value: unknown, clean: (text: string) => string): XmlNode[] {
  if (Array.isArray(value)) return value.flatMap((item) => nodesOf(key, item, clean));
  if (value !== null && typeof value === 'object')
    return [{ key, text: '', children: expectedNodes(value, clean) }];
  return [{ key, text: clean(value === null || value === undefined ? '' : String(value)), children: [] }];
}
