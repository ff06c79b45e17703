import { notXlsx, type XlsxPackage } from './xlsx-package.ts';
import { readPart, type XmlTag } from './xlsx-xml.ts';

/** A sheet as the workbook lists it, in tab order. */
export interface SheetEntry {
  name: string;
  /** Its part in the package, when its relationship points to a worksheet. */
  part: string | undefined;
  /** What the relationship points to: `worksheet`, or `chartsheet`, `dialogsheet`… */
  kind: string;
}

/** What reading a sheet needs from the rest of the package. */
export interface Workbook {
  sheets: SheetEntry[];
  /** `<workbookPr date1904="1"/>`: serial 0 is 1904-01-01 (old Mac Excel) instead of 1899-12-31. */
  date1904: boolean;
  sharedStrings: string | undefined;
  styles: string | undefined;
}

interface Relationship {
  /** The last segment of its type URI (transitional and strict OOXML differ only before it). */
  type: string;
  part: string;
}

/** The package's workbook: found through `_rels/.rels`, its sheets in tab order through its own rels. */
export async function readWorkbook(pkg: XlsxPackage): Promise<Workbook> {
  const root = pkg.has('_rels/.rels') ? await relationships(pkg, '_rels/.rels', '') : new Map();
  const workbookPart =
    [...root.values()].find((rel) => rel.type === 'officeDocument')?.part ??
    (pkg.has('xl/workbook.xml') ? 'xl/workbook.xml' : undefined);
  if (workbookPart === undefined || !pkg.has(workbookPart)) throw notXlsx('it has no workbook part');

  const listed: { name: string; id: string }[] = [];
  let date1904 = false;
  await readPart(workbookPart, pkg.text(workbookPart), {
    open(name, tag) {
      if (name === 'workbookPr') date1904 = isTrue(tag.attributes.date1904);
      else if (name === 'sheet') listed.push({ name: tag.attributes.name ?? '', id: relationshipId(tag) });
    },
    close() {},
  });

  const relsPart = relationshipsOf(workbookPart);
  const rels = pkg.has(relsPart) ? await relationships(pkg, relsPart, folderOf(workbookPart)) : new Map();
  const ofType = (type: string) => [...rels.values()].find((rel) => rel.type === type)?.part;
  return {
    sheets: listed.map(({ name, id }) => {
      const rel = rels.get(id);
      return { name, kind: rel?.type ?? 'missing', part: rel?.type === 'worksheet' ? rel.part : undefined };
    }),
    date1904,
    sharedStrings: ofType('sharedStrings'),
    styles: ofType('styles'),
  };
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

/** `r:id`, whatever the prefix of the relationships namespace is called. */
function relationshipId(tag: XmlTag): string {
  for (const [name, value] of Object.entries(tag.attributes)) if (name.endsWith(':id')) return value;
  return '';
}

async function relationships(
  pkg: XlsxPackage,
  part: string,
  folder: string,
): Promise<Map<string, Relationship>> {
  const found = new Map<string, Relationship>();
  await readPart(part, pkg.text(part), {
    open(name, tag) {
      const { Id, Type, Target, TargetMode } = tag.attributes;
      if (name !== 'Relationship' || Id === undefined || Type === undefined || Target === undefined) return;
      if (TargetMode === 'External') return;
      found.set(Id, { type: Type.slice(Type.lastIndexOf('/') + 1), part: resolvePart(folder, Target) });
    },
    close() {},
  });
  return found;
}

/** `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
function relationshipsOf(part: string): string {
  const folder = folderOf(part);
  return `${folder}_rels/${part.slice(folder.length)}.rels`;
}

function folderOf(part: string): string {
  return part.slice(0, part.lastIndexOf('/') + 1);
}

/** A relationship's target as a part name: relative to its source's folder, or from the root with `/`. */
export function resolvePart(folder: string, target: string): string {
  const segments = (target.startsWith('/') ? target : folder + target).split('/');
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === '..') resolved.pop();
    else if (segment !== '.' && segment !== '') resolved.push(segment);
  }
  return safeDecode(resolved.join('/'));
}

/** Targets are URIs: `%20` is a space in the part's name. */
function safeDecode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}
