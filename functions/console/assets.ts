import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file of the console, ready to send: as it is and gzipped, with its type and validator. */
export interface ConsoleAsset {
  body: Buffer;
  gzipped: Buffer;
  contentType: string;
  etag: string;
  /** Named by its content (`app-<hash>.js`): cached for good; the page itself is revalidated. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The console's files in a folder (the bundle's own copy), read once per container. */
export function readAssets(dir: string): ReadonlyMap<string, ConsoleAsset> {
  const assets = new Map<string, ConsoleAsset>();
  for (const name of readdirSync(dir)) {
    const contentType = TYPES[extname(name)];
    if (!contentType) continue;
    const body = readFileSync(join(dir, name));
    assets.set(name, {
      body,
      gzipped: gzipSync(body, { level: 9 }),
      contentType,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      immutable: name !== 'index.html',
    });
  }
  if (!assets.has('index.html')) throw new Error(`The console's page is missing from ${dir}`);
  return assets;
}
