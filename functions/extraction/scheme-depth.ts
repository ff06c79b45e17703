/** How deep `details` may nest (a field's details is level 1): Dataflow Kit schemes rarely pass 3. */
export const maxDetailsDepth = 10;

type Path = (string | number)[];

/**
 * The path, from a scheme's `fields`, of the first `details` nested deeper than
 * `maxDetailsDepth`; null when none is. Found without recursion, before zod recurses into it:
 * 500 levels overflowed its stack.
 */
export function tooDeepDetails(fields: unknown): Path | null {
  const pending: { fields: unknown; path: Path; depth: number }[] = [{ fields, path: [], depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (!Array.isArray(next.fields)) continue;
    for (const [index, field] of next.fields.entries()) {
      const details = isObject(field) ? field.details : undefined;
      if (!isObject(details)) continue;
      const path = [...next.path, index, 'details'];
      if (next.depth >= maxDetailsDepth) return path;
      pending.push({ fields: details.fields, path: [...path, 'fields'], depth: next.depth + 1 });
    }
  }
  return null;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
