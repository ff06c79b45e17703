import { compileRegex, joinMatches } from './regex.ts';

export const filterNames = [
  'trim',
  'normal',
  'uppercase',
  'lowercase',
  'capitalize',
  'concatenate',
  'concatinate',
  'regex',
] as const;

export type FilterName = (typeof filterNames)[number];

export interface FilterSpec {
  name: FilterName;
  param?: string | undefined;
}

type Transform = (value: string) => string;

const capitalize: Transform = (value) =>
  value.replace(/(^|\s)(\S)/gu, (_match, space: string, letter: string) => space + letter.toUpperCase());

function transformFor(filter: FilterSpec): Transform | null {
  switch (filter.name) {
    case 'trim':
      return (value) => value.trim();
    case 'normal':
      return (value) => value.replace(/\s+/gu, ' ').trim();
    case 'uppercase':
      return (value) => value.toUpperCase();
    case 'lowercase':
      return (value) => value.toLowerCase();
    case 'capitalize':
      return capitalize;
    case 'regex': {
      const regex = compileRegex(filter.param ?? '');
      return (value) => joinMatches(regex, value);
    }
    case 'concatenate':
    case 'concatinate':
      return null;
  }
}

export type CompiledFilters = (values: readonly string[]) => string[];

/**
 * Compiles a field's filters, applied in order to the values it found in one record: every filter but
 * concatenate works on each value; concatenate joins the values into one, without a separator.
 */
export function compileFilters(filters: readonly FilterSpec[] = []): CompiledFilters {
  const transforms = filters.map(transformFor);
  return (values) => {
    let current = [...values];
    for (const transform of transforms) {
      current = transform ? current.map(transform) : current.length === 0 ? current : [current.join('')];
    }
    return current;
  };
}

export function applyFilters(values: readonly string[], filters: readonly FilterSpec[] = []): string[] {
  return compileFilters(filters)(values);
}
