// zod's core: classic and zod/mini schemas alike (GetStore's query is a mini schema, for its bundle).
import { type $ZodError, type $ZodType, type output, safeParse } from 'zod/v4/core';
import { badRequest, type FieldIssue } from './errors.ts';

/** Renders a zod issue path as `scheme.fields.0.selector`. */
export function formatPath(path: readonly PropertyKey[], prefix?: string): string {
  return [...(prefix ? [prefix] : []), ...path.map(String)].join('.') || '(body)';
}

export function issuesOf(error: $ZodError, prefix?: string): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key], prefix), reason: 'unknown field' }))
      : [{ path: formatPath(issue.path, prefix), reason: issue.message }],
  );
}

/** Parses with a schema or throws a 400 that names every invalid field. */
export function parseOrThrow<S extends $ZodType>(schema: S, value: unknown, prefix?: string): output<S> {
  const result = safeParse(schema, value);
  if (result.success) return result.data;
  const details = issuesOf(result.error, prefix);
  const first = details[0];
  const summary = first ? `${first.path}: ${first.reason}` : 'invalid input';
  throw badRequest(`Invalid request: ${summary}`, details);
}
