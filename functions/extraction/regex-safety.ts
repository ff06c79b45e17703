import { checkSync } from 'recheck';

// recheck's default synchronous backend starts a worker from a file beside its module, which a bundled
// function does not ship; its pure-JS backend runs in this thread.
process.env.RECHECK_SYNC_BACKEND ??= 'pure';

/** Longest a check may take by default; a pattern that cannot be judged by then is refused. */
const defaultTimeoutMs = 2000;
/** Polynomial blow-ups from this degree on are refused: n³ on a 10,000-character value is 10¹² steps. */
const refusedDegree = 3;
// The wrapper below puts `(?:` before the pattern: hotspots are reported in the wrapped source.
const prefix = '(?:';

/**
 * Why a (compilable) regex risks catastrophic backtracking on V8's backtracking engine, or null.
 * It is checked by recheck as `(?:pattern)$`: a pattern blows up when what follows it fails to match,
 * so `(a+)+`, `(a|a)*` or `(.*)*` are refused although, alone, they always match; quadratic patterns
 * such as `[0-9]+\.[0-9]+` (every start position rescanned) are accepted.
 */
export function regexRisk(pattern: string, timeoutMs = defaultTimeoutMs): string | null {
  const result = checkSync(`${prefix}${pattern})$`, 'g', { timeout: timeoutMs, randomSeed: 0 });
  if (result.status === 'unknown') {
    if (result.error.kind === 'timeout')
      return `it could not be shown safe from catastrophic backtracking within ${timeoutMs} ms; simplify it (backreferences are the usual cause)`;
    return `it could not be checked for catastrophic backtracking: ${'message' in result.error ? result.error.message : result.error.kind}`;
  }
  if (result.status === 'safe') return null;
  const { complexity } = result;
  if (complexity.type === 'polynomial' && complexity.degree < refusedDegree) return null;
  const growth = complexity.type === 'exponential' ? 'exponential' : `O(n^${complexity.degree})`;
  const spots = hotspots(pattern, result.hotspot);
  return `it risks catastrophic backtracking (${growth} time on some inputs${spots}); avoid nested or overlapping quantifiers such as (a+)+ or (a|a)*`;
}

/** The stretch of the pattern that backtracks, quoted. */
function hotspots(pattern: string, spots: readonly { start: number; end: number }[]): string {
  if (spots.length === 0) return '';
  const start = Math.min(...spots.map((spot) => spot.start)) - prefix.length;
  const end = Math.max(...spots.map((spot) => spot.end)) - prefix.length;
  const part = pattern.slice(Math.max(0, start), end);
  return part === '' ? '' : `, near "${part}"`;
}
