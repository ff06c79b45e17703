import type * as z from 'zod';
import { badRequest, type FieldIssue } from './errors.ts';

/** Renders a zod issue path as `scheme.fields.0.selector`. */
export function formatPath(path: readonly PropertyKey[], prefix?: string): string {
  return [...(prefix ? [prefix] : []), ...path.map(String)].join('.') || '(body)';
}

export function issuesOf(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key], prefix), reason: 'unknown field' }))
      : [{ path: formatPath(issue.path, prefix), reason: issue.message }],
  );
}

/** Parses with a schema or throws a 400 that names every invalid field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = issuesOf(result.error, prefix);
  const first = details[0];
  const summary = first ? `${first.path}: ${first.reason}` : 'invalid input';
  throw badRequest(`Invalid request: ${summary}`, details);
}
