import { ConversionStopped } from './errors.ts';
import type { OutputRecord } from './records.ts';

/** Records read so far, readable while the conversion runs. */
export interface ConversionProgress {
  records: number;
}

/**
 * The reader's batches as single records for the writer, shaped, counted, and stopped at the next
 * record once the signal is aborted: one cheap step per record instead of a generator per stage.
 * Whoever stops reading it (the writer, an error) closes the reader, and with it the input.
 */
export class RecordStream implements AsyncIterable<OutputRecord>, AsyncIterator<OutputRecord> {
  private readonly batches: AsyncIterator<OutputRecord[]>;
  private readonly shape: (record: OutputRecord) => OutputRecord;
  private readonly progress: ConversionProgress;
  private readonly signal: AbortSignal | undefined;
  private batch: OutputRecord[] = [];
  private index = 0;
  private peeked: IteratorResult<OutputRecord> | undefined;

  constructor(
    batches: AsyncIterable<OutputRecord[]>,
    shape: (record: OutputRecord) => OutputRecord,
    progress: ConversionProgress,
    signal: AbortSignal | undefined,
  ) {
    this.batches = batches[Symbol.asyncIterator]();
    this.shape = shape;
    this.progress = progress;
    this.signal = signal;
  }

  [Symbol.asyncIterator](): AsyncIterator<OutputRecord> {
    return this;
  }

  /** The first record without consuming it (undefined for none). */
  async peek(): Promise<OutputRecord | undefined> {
    this.peeked ??= await this.pull();
    return this.peeked.done ? undefined : this.peeked.value;
  }

  async next(): Promise<IteratorResult<OutputRecord>> {
    if (this.peeked !== undefined) {
      const peeked = this.peeked;
      this.peeked = undefined;
      return peeked;
    }
    return this.pull();
  }

  async return(): Promise<IteratorResult<OutputRecord>> {
    await this.batches.return?.();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<OutputRecord>> {
    await this.batches.return?.();
    throw error;
  }

  private async pull(): Promise<IteratorResult<OutputRecord>> {
    if (this.signal?.aborted) {
      await this.batches.return?.();
      throw new ConversionStopped();
    }
    while (this.index >= this.batch.length) {
      const next = await this.batches.next();
      if (next.done) return { done: true, value: undefined };
      this.batch = next.value;
      this.index = 0;
    }
    this.progress.records++;
    return { done: false, value: this.shape(this.batch[this.index++] as OutputRecord) };
  }
}
