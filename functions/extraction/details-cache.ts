import type { ExtractedRecord } from './record.ts';

/** The records of details links already complete, by `linkKey`: plain JSON, saved with the frontier. */
export type CachedDetails = Record<string, ExtractedRecord[]>;

/**
 * What the cache may hold in all, in characters of JSON: 32 Mi (at most one entry per distinct
 * link, so at most `maxRequests` entries, and ~64 MB in memory per copy).
 */
export const maxCachedDetailsChars = 32 * 2 ** 20;

/** A details link is one URL at one level: the same URL under another sub-scheme gives other records. */
export const linkKey = (level: readonly number[], url: string) => `${level.join('.')} ${url}`;

/**
 * Details records of the links a task has completed, each link fetched once for all the records
 * that link to it. Within `maxCachedDetailsChars`: past it a link's records are not kept, so a
 * record that links to it later has it fetched again.
 */
export class DetailsCache {
  readonly #entries: Map<string, ExtractedRecord[]>;
  readonly #maxChars: number;
  #chars = 0;

  constructor(saved: CachedDetails = {}, maxChars = maxCachedDetailsChars) {
    this.#entries = new Map(Object.entries(saved));
    this.#maxChars = maxChars;
    for (const records of this.#entries.values()) this.#chars += JSON.stringify(records).length;
  }

  get(key: string): ExtractedRecord[] | undefined {
    return this.#entries.get(key);
  }

  keep(key: string, records: ExtractedRecord[]): void {
    const chars = JSON.stringify(records).length;
    if (this.#chars + chars > this.#maxChars) return;
    this.#entries.set(key, records);
    this.#chars += chars;
  }

  save(): CachedDetails {
    return Object.fromEntries(this.#entries);
  }
}
