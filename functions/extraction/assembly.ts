import { type CollectedDetails, outputOf, schemeAt } from './details.ts';
import type { ExtractedRecord } from './record.ts';
import type { ExtractionScheme } from './scheme.ts';

/** Where a details record goes: the pending record whose link it came from, the field, the link's position. */
export interface PendingParent {
  id: number;
  field: number;
  slot: number;
}

/** A record waiting for its details pages; root records also wait for their turn to be emitted. */
export interface PendingRecord {
  id: number;
  level: number[];
  record: ExtractedRecord;
  parent: PendingParent | null;
  waiting: number;
  collected: CollectedDetails;
  /** Set once complete (root records only: the others move into their parent). */
  output?: ExtractedRecord[];
}

/**
 * Records waiting for their details, merged into their parents as those come in, and emitted in
 * the order their pages listed them. No I/O: the crawl says what arrived.
 */
export class RecordAssembly {
  readonly #scheme: ExtractionScheme;
  readonly #pending: Map<number, PendingRecord>;
  #nextId: number;
  /** Root records completed, in page order. */
  readonly emitted: ExtractedRecord[] = [];

  constructor(scheme: ExtractionScheme, pending: readonly PendingRecord[], nextId: number) {
    this.#scheme = scheme;
    // A Map iterates in insertion order: in id order, which is page order.
    this.#pending = new Map([...pending].sort((a, b) => a.id - b.id).map((entry) => [entry.id, entry]));
    this.#nextId = nextId;
  }

  /** Records still waiting (or waiting for their turn), for the frontier. */
  get pending(): PendingRecord[] {
    return [...this.#pending.values()];
  }

  get nextId(): number {
    return this.#nextId;
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

  /** One more page the record waits for: a details link of its own, or its details' next page. */
  expect(id: number): void {
    this.#entry(id).waiting++;
  }

  /** Completes those of a page's records that wait for no page. */
  release(entries: readonly PendingRecord[]): void {
    for (const entry of entries) if (entry.waiting === 0) this.#complete(entry);
  }

  /** A page the record waited for is done: parsed, or given up on. */
  settle(id: number): void {
    const entry = this.#entry(id);
    entry.waiting--;
    if (entry.waiting <= 0 && entry.output === undefined) this.#complete(entry);
  }

  /** Root records go out in the order their pages listed them, each once it is complete. */
  emitReady(): void {
    for (const entry of this.#pending.values()) {
      if (entry.parent !== null) continue;
      if (entry.output === undefined) return;
      this.emitted.push(...entry.output);
      this.#pending.delete(entry.id);
    }
  }

  /** Completes every pending record with the details it has (children first: their ids are higher). */
  flush(): void {
    for (const entry of [...this.#pending.values()].reverse()) {
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
    const output = outputOf(schemeAt(this.#scheme, entry.level), entry.record, entry.collected);
    if (entry.parent === null) {
      entry.output = output;
      return;
    }
    this.#pending.delete(entry.id);
    const parent = this.#entry(entry.parent.id);
    const contributions = parent.collected[entry.parent.field] ?? [];
    contributions.push({ slot: entry.parent.slot, id: entry.id, records: output });
    parent.collected[entry.parent.field] = contributions;
    this.settle(parent.id);
  }
}
