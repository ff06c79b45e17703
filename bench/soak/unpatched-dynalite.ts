/**
 * `node --import ./bench/soak/unpatched-dynalite.ts infra/local/main.ts`: the local runtime on
 * dynalite as published, without `patches/dynalite+4.0.0.patch`, which is what `npm start` ran
 * before the patch: the soak's comparison. The patch's hunks are undone in memory as dynalite's
 * files load (a module hook, for `require` and `import` alike); node_modules is left as it is.
 */
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

export const DYNALITE_PATCH = fileURLToPath(new URL('../../patches/dynalite+4.0.0.patch', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What this hook says on stderr once it has undone the patch in a file, for the bench to check. */
export const UNPATCHED_MARK = 'soak: dynalite loaded as published';

export interface Hunk {
  /** The lines of the hunk as the patch leaves them (context and `+`). */
  patched: string;
  /** As published (context and `-`). */
  published: string;
}

/** The hunks of a unified diff (as patch-package writes it), by file path from the repository root. */
export function parseHunks(diff: string): Map<string, Hunk[]> {
  const files = new Map<string, Hunk[]>();
  let hunks: Hunk[] | undefined;
  let patched: string[] = [];
  let published: string[] = [];
  const flush = () => {
    if (hunks && (patched.length > 0 || published.length > 0)) {
      hunks.push({ patched: patched.join('\n'), published: published.join('\n') });
    }
    patched = [];
    published = [];
  };
  let inHunk = false;
  for (const line of diff.split('\n')) {
    const file = /^diff --git a\/(\S+) b\/\S+$/.exec(line);
    if (file?.[1]) {
      flush();
      inHunk = false;
      hunks = [];
      files.set(file[1], hunks);
    } else if (line.startsWith('@@')) {
      flush();
      inHunk = hunks !== undefined;
    } else if (inHunk) {
      if (line.startsWith('+')) patched.push(line.slice(1));
      else if (line.startsWith('-')) published.push(line.slice(1));
      else if (line.startsWith(' ') || line === '') {
        patched.push(line.slice(1));
        published.push(line.slice(1));
      }
    }
  }
  flush();
  return files;
}

/** The source with every hunk undone; a hunk not found (the file is not patched) is left alone. */
export function undo(source: string, hunks: Hunk[]): { source: string; undone: number } {
  let undone = 0;
  for (const hunk of hunks) {
    // A diff's last context line may be a blank that the split above made empty: match without it.
    const patched = hunk.patched.replace(/\n$/, '');
    const published = hunk.published.replace(/\n$/, '');
    if (!source.includes(patched)) continue;
    source = source.replace(patched, published);
    undone++;
  }
  return { source, undone };
}

const byFile = new Map(
  [...parseHunks(readFileSync(DYNALITE_PATCH, 'utf8'))].map(([path, hunks]) => [
    `${REPO_ROOT}${path}`,
    hunks,
  ]),
);

registerHooks({
  load(url, context, nextLoad) {
    const result = nextLoad(url, context);
    if (!url.startsWith('file:')) return result;
    const hunks = byFile.get(fileURLToPath(url));
    if (!hunks || result.source === undefined) return result;
    const { source, undone } = undo(String(result.source), hunks);
    process.stderr.write(
      `${UNPATCHED_MARK}: ${undone} of ${hunks.length} hunks undone in ${fileURLToPath(url)}\n`,
    );
    return { ...result, source };
  },
});
