/**
 * Whether a parsed JSON value nests deeper than `limit` arrays and objects, found without
 * recursion: a body nested 100,000 deep parses, but would overflow the stack of whatever walks it
 * recursively next (zod, canonical JSON, JSON.stringify).
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const inner of Object.values(item)) {
      if (inner !== null && typeof inner === 'object') pending.push([inner, depth + 1]);
    }
  }
  return false;
}
