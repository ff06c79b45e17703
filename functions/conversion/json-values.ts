import { MAX_DEPTH } from './errors.ts';
import { rawNumber } from './values.ts';

/** A token of stream-json's tokenizer (with packed values: keys, strings and numbers whole). */
export interface JsonToken {
  name: string;
  value?: unknown;
}

type Container = Map<string, unknown> | unknown[];

/**
 * JSON values from stream-json's tokens, one at a time, built here because its Assembler makes
 * plain objects (integer keys first) and Numbers (digits lost): objects become Maps in the text's
 * key order, numbers their text (RawNumber). A value nested deeper than MAX_DEPTH calls `tooDeep`
 * (which throws the reader's error with its position) before it is built.
 */
export class JsonValues {
  private readonly tooDeep: () => never;
  private readonly open: Container[] = [];
  private readonly keys: string[] = [];
  private last: unknown;

  constructor(tooDeep: () => never) {
    this.tooDeep = tooDeep;
  }

  /** Takes one token; returns true when it completes a value at the top (then read `value`). */
  consume(token: JsonToken): boolean {
    switch (token.name) {
      case 'startObject':
        return this.push(new Map());
      case 'startArray':
        return this.push([]);
      case 'endObject':
      case 'endArray':
        return this.put(this.open.pop());
      case 'keyValue':
        this.keys[this.open.length - 1] = token.value as string;
        return false;
      case 'numberValue':
        return this.put(rawNumber(token.value as string));
      case 'stringValue':
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        return this.put(token.value);
      default:
        return false; // start/end markers of keys, strings and numbers (their packed token follows)
    }
  }

  /** The value the last `consume` completed. */
  get value(): unknown {
    return this.last;
  }

  /** Whether a value is being built (the input stopped inside it). */
  get pending(): boolean {
    return this.open.length > 0;
  }

  private push(container: Container): boolean {
    if (this.open.length >= MAX_DEPTH) this.tooDeep();
    this.open.push(container);
    return false;
  }

  private put(value: unknown): boolean {
    const parent = this.open[this.open.length - 1];
    if (parent === undefined) {
      this.last = value;
      return true;
    }
    if (Array.isArray(parent)) parent.push(value);
    else parent.set(this.keys[this.open.length - 1] as string, value);
    return false;
  }
}
