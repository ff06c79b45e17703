import type { TaskStore } from './ports/store.ts';

/** Where a task's data lives: everything under its unguessable `storeID` prefix. */
export const storeKeys = {
  scheme: (storeID: string) => `${storeID}/scheme.json`,
  frontier: (storeID: string) => `${storeID}/frontier.json`,
  part: (storeID: string, batch: number) => `${storeID}/parts/${String(batch).padStart(6, '0')}.jsonl`,
  partsPrefix: (storeID: string) => `${storeID}/parts/`,
  result: (storeID: string, extension: string) => `${storeID}/results/results.${extension}`,
  /** A result with export options (`store?fields=…`), by the id of its format and options. */
  variant: (storeID: string, variant: string, extension: string) =>
    `${storeID}/results/${variant}/results.${extension}`,
  /** What that result holds (`VariantManifest`), written once the file is complete. */
  variantManifest: (storeID: string, variant: string) => `${storeID}/results/${variant}/manifest.json`,
  /** A conversion's input: what the client PUT through the presigned link. */
  upload: (storeID: string) => `${storeID}/input/upload`,
  /** A conversion's input: the file fetched from its URL. */
  download: (storeID: string) => `${storeID}/input/download`,
};

/**
 * A task's scheme as create validated and stored it (exactly as submitted). Not parsed again: its
 * checks (selectors under cheerio, patterns under RE2) are create's, and would put those engines in
 * every function that only reads the scheme.
 */
export async function storedScheme<T>(store: TaskStore, storeID: string): Promise<T> {
  const scheme = await store.getJson<T>(storeKeys.scheme(storeID));
  if (scheme === null) throw new Error(`The task's scheme is missing from its store (${storeID})`);
  return scheme;
}
