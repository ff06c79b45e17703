import { detailsKey } from './record.ts';
import type { PageScheme } from './scheme.ts';

/** At one level of the scheme: pages parsed, pages its commonParent matched on, and per field the pages it matched on. */
export interface LevelMatches {
  pages: number;
  parents: number;
  fields: number[];
}

/** Per level of the scheme (`level.join('.')`, see `schemeAt`): plain JSON, saved with the frontier. */
export type SelectorMatches = Record<string, LevelMatches>;

/** What one page gave: its records (one per commonParent match) and, per field, whether it matched. */
export interface PageMatches {
  records: number;
  matched: readonly boolean[];
}

/** Warnings listed one by one; the others are counted in a last one (the task item stays small). */
const maxListed = 20;
const maxSelectorChars = 100;

export function countPage(counts: SelectorMatches, level: readonly number[], page: PageMatches): void {
  const key = level.join('.');
  const entry = counts[key] ?? { pages: 0, parents: 0, fields: [] };
  counts[key] = entry;
  entry.pages++;
  if (page.records > 0) entry.parents++;
  page.matched.forEach((matched, index) => {
    entry.fields[index] = (entry.fields[index] ?? 0) + (matched ? 1 : 0);
  });
}

/**
 * A warning for each selector that matched nothing on every page it ran on, level by level: a
 * commonParent, or a field (inside the commonParent's matches, when there is one). Fields under a
 * commonParent that never matched did not run, so only the commonParent is named.
 */
export function unmatchedSelectors(scheme: PageScheme, counts: SelectorMatches): string[] {
  const warnings: string[] = [];
  const levels: { scheme: PageScheme; level: number[]; path: string }[] = [{ scheme, level: [], path: '' }];
  for (let next = levels.shift(); next !== undefined; next = levels.shift()) {
    const { scheme: at, level, path } = next;
    const entry = counts[level.join('.')];
    if (entry === undefined) continue; // no page at this level was parsed
    const ranOn = at.commonParent === undefined ? entry.pages : entry.parents;
    if (at.commonParent !== undefined && ranOn === 0) {
      const of = path === '' ? '' : ` of ${path}`;
      warnings.push(`commonParent${of}: ${nothingOn(at.commonParent, entry.pages)}`);
      continue;
    }
    at.fields.forEach((field, index) => {
      const name = path === '' ? field.name : `${path}.${field.name}`;
      if ((entry.fields[index] ?? 0) === 0)
        warnings.push(`field ${name}: ${nothingOn(field.selector, ranOn)}`);
      if (field.details)
        levels.push({ scheme: field.details, level: [...level, index], path: detailsKey(name) });
    });
  }
  if (warnings.length <= maxListed) return warnings;
  const more = warnings.length - maxListed;
  return [
    ...warnings.slice(0, maxListed),
    `${more} more ${more === 1 ? 'selector' : 'selectors'} matched nothing`,
  ];
}

function nothingOn(selector: string, pages: number): string {
  const shown = selector.length > maxSelectorChars ? `${selector.slice(0, maxSelectorChars)}…` : selector;
  return `selector ${shown} matched nothing on ${pages} ${pages === 1 ? 'page' : 'pages'}`;
}
