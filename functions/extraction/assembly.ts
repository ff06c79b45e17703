import { type CollectedDetails, collectedRecords, outputOf, schemeAt } from './details.ts';
import { type CachedDetails, DetailsCache, linkKey } from './details-cache.ts';
import type { ExtractedRecord } from './record.ts';
import type { ExtractionScheme } from './scheme.ts';

/** Where details records go: the pending entry waiting for them, its field, the link's position. */
export interface PendingParent {
  id: number;
  field: number;
  slot: number;
}

/** A details link being fetched: every record that links to it gets its records. */
export interface PendingLink {
  key: string;
  subscribers: PendingParent[];
}

/**
 * A record waiting for its details pages (root records also wait for their turn to be emitted);
 * or, with `link`, a details link waiting for its pages' records (gathered under field 0).
 */
export interface PendingRecord {
  id: number;
  level: number[];
  record: ExtractedRecord;
  parent: PendingParent | null;
  waiting: number;
  collected: CollectedDetails;
  /** Set once complete (root records only: the others move into their parent). */
  output?: ExtractedRecord[];
  link?: PendingLink;
}

/** What the assembly leaves for the next batch, saved in the frontier. */
export interface AssemblyState {
  pending: PendingRecord[];
  nextId: number;
  /** Absent from frontiers saved before details links were fetched once. */
  details?: CachedDetails | undefined;
}

/**
 * Records waiting for their details, merged into their parents as those come in, and emitted in
 * the order their pages listed them; each details link (a level and a URL) is fetched once, its
 * records given to every record that links to it. No I/O: the crawl says what arrived.
 */
export class RecordAssembly {
  readonly #scheme: ExtractionScheme;
  readonly #pending: Map<number, PendingRecord>;
  /** Links being fetched, by `linkKey`: their pending entry's id. */
  readonly #links = new Map<string, number>();
  readonly #details: DetailsCache;
  #nextId: number;
  readonly #onEmitted: (count: number) => void;
  /** Root records completed, in page order. */
  readonly emitted: ExtractedRecord[] = [];

  constructor(
    scheme: ExtractionScheme,
    saved: AssemblyState,
    onEmitted: (count: number) => void,
    maxCachedChars?: number,
  ) {
    this.#scheme = scheme;
    this.#onEmitted = onEmitted;
    // A Map iterates in insertion order: in id order, which is page order.
    const pending = [...saved.pending].sort((a, b) => a.id - b.id);
    this.#pending = new Map(pending.map((entry) => [entry.id, entry]));
    for (const entry of pending) if (entry.link) this.#links.set(entry.link.key, entry.id);
    this.#details = new DetailsCache(saved.details, maxCachedChars);
    this.#nextId = saved.nextId;
  }

  /** Records and links still waiting (or waiting for their turn), and the links done, for the frontier. */
  save(): AssemblyState {
    return { pending: [...this.#pending.values()], nextId: this.#nextId, details: this.#details.save() };
  }

  /** A page's records, at `level`; a details page's parent waits for each of them too. */
  add(level: number[], records: readonly ExtractedRecord[], parent: PendingParent | null): PendingRecord[] {
    const entries = records.map((record) => {
      const entry: PendingRecord = { id: this.#nextId++, level, record, parent, waiting: 0, collected: {} };
      this.#pending.set(entry.id, entry);
      return entry;
    });
    // Their own details may still be on the way.
    if (parent !== null) this.#entry(parent.id).waiting += entries.length;
    return entries;
  }

  /**
   * A record's details link at `level`: its records when the link is done, else the record waits
   * for it. Returns the id of the link's entry when its first page is to be fetched (by that owner).
   */
  link(level: number[], url: string, subscriber: PendingParent): number | null {
    const key = linkKey(level, url);
    const done = this.#details.get(key);
    if (done !== undefined) {
      this.#contribute(subscriber, done);
      return null;
    }
    this.expect(subscriber.id);
    const fetching = this.#links.get(key);
    if (fetching !== undefined) {
      this.#entry(fetching).link?.subscribers.push(subscriber);
      return null;
    }
    const entry: PendingRecord = {
      id: this.#nextId++,
      level,
      record: {},
      parent: null,
      waiting: 1, // its first page
      collected: {},
      link: { key, subscribers: [subscriber] },
    };
    this.#pending.set(entry.id, entry);
    this.#links.set(key, entry.id);
    return entry.id;
  }

  /** One more page the entry waits for: a details link of its own, or its details' next page. */
  expect(id: number): void {
    this.#entry(id).waiting++;
  }

  /** Completes those of a page's records that wait for no page. */
  release(entries: readonly PendingRecord[]): void {
    for (const entry of entries) if (entry.waiting === 0) this.#complete(entry);
  }

  /** A page the entry waited for is done: parsed, or given up on. */
  settle(id: number): void {
    const entry = this.#entry(id);
    entry.waiting--;
    if (entry.waiting <= 0 && entry.output === undefined) this.#complete(entry);
  }

  /** Root records go out in the order their pages listed them, each once it is complete. */
  emitReady(): void {
    const before = this.emitted.length;
    for (const entry of this.#pending.values()) {
      if (entry.parent !== null || entry.link) continue;
      if (entry.output === undefined) break;
      this.emitted.push(...entry.output);
      this.#pending.delete(entry.id);
    }
    this.#onEmitted(this.emitted.length - before);
  }

  /**
   * Completes every pending entry with the details it has, the deepest level first and its records
   * before its links: a record waits only for links a level deeper, a link for records of its level.
   */
  flush(): void {
    const order = [...this.#pending.values()].sort(
      (a, b) =>
        b.level.length - a.level.length || Number(a.link !== undefined) - Number(b.link !== undefined),
    );
    for (const entry of order) {
      if (!this.#pending.has(entry.id) || entry.output !== undefined) continue;
      entry.waiting = 0;
      this.#complete(entry);
    }
  }

  #entry(id: number): PendingRecord {
    const entry = this.#pending.get(id);
    if (entry === undefined) throw new Error(`Pending record ${id} is missing from the frontier`);
    return entry;
  }

  #complete(entry: PendingRecord): void {
    if (entry.link) {
      this.#completeLink(entry, entry.link);
      return;
    }
    const output = outputOf(schemeAt(this.#scheme, entry.level), entry.record, entry.collected);
    if (entry.parent === null) {
      entry.output = output;
      return;
    }
    this.#pending.delete(entry.id);
    this.#contribute(entry.parent, output, entry.id);
    this.settle(entry.parent.id);
  }

  #completeLink(entry: PendingRecord, link: PendingLink): void {
    const records = collectedRecords(entry.collected, 0);
    this.#pending.delete(entry.id);
    this.#links.delete(link.key);
    this.#details.keep(link.key, records);
    for (const subscriber of link.subscribers) {
      this.#contribute(subscriber, records);
      this.settle(subscriber.id);
    }
  }

  /** `id` orders the records of one link's pages; a link's records as a whole fill their slot alone. */
  #contribute(parent: PendingParent, records: ExtractedRecord[], id?: number): void {
    const entry = this.#entry(parent.id);
    const contributions = entry.collected[parent.field] ?? [];
    contributions.push({ slot: parent.slot, ...(id === undefined ? {} : { id }), records });
    entry.collected[parent.field] = contributions;
  }
}
