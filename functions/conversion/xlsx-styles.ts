import { builtinKind, formatKind, NumberKind } from './xlsx-dates.ts';
import type { XlsxPackage } from './xlsx-package.ts';
import { readPart } from './xlsx-xml.ts';

/** The kind of number each cell style (a cell's `s`, an index into `cellXfs`) shows. */
export type StyleKinds = (style: number) => NumberKind;

const allPlain: StyleKinds = () => NumberKind.Plain;

/** Reads `cellXfs` and the custom `numFmts` of the styles part: which styles show dates or durations. */
export async function readStyles(pkg: XlsxPackage, part: string | undefined): Promise<StyleKinds> {
  if (part === undefined || !pkg.has(part)) return allPlain;
  const custom = new Map<number, NumberKind>();
  const formats: number[] = [];
  let inCellXfs = false;
  await readPart(part, pkg.text(part), {
    open(name, tag) {
      if (name === 'numFmt')
        custom.set(Number(tag.attributes.numFmtId), formatKind(tag.attributes.formatCode ?? ''));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formats.push(Number(tag.attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  const kinds = Uint8Array.from(formats, (id) => custom.get(id) ?? builtinKind(id));
  return (style) => (kinds[style] ?? NumberKind.Plain) as NumberKind;
}
