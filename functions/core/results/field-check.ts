import type { ExportOptions } from '#conversion/export-options';
import type { FieldNames } from '#conversion/select';
import { badRequest, type FieldIssue } from '../errors.ts';

/** How many known names an error lists before it says how many more there are. */
const LISTED = 100;

function listed(names: readonly string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

/** A 400 naming each name of `fields` and `omit` the results do not have, with the ones they have. */
export function checkFieldNames(options: ExportOptions, known: FieldNames): void {
  if (!known.complete) return;
  const names = new Set(known.names);
  const issues: FieldIssue[] = [];
  for (const option of ['fields', 'omit'] as const) {
    const unknown = (options[option] ?? []).filter((name) => !names.has(name));
    if (unknown.length === 0) continue;
    const which = unknown.map((name) => JSON.stringify(name)).join(', ');
    const reason =
      known.names.length === 0
        ? `unknown field ${which}: the results have no fields`
        : `unknown field ${which}; the known fields are ${listed(known.names)}`;
    issues.push({ path: option, reason });
  }
  const first = issues[0];
  if (first) throw badRequest(`Invalid request: ${first.path}: ${first.reason}`, issues);
}
