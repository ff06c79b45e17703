/** Where in the input a problem is: a 1-based line of a text file, or the record's number. */
export interface InputPosition {
  line?: number;
  record?: number;
}

/**
 * Input that cannot be read as its format says; `message` names the line or record and the
 * reason, meant for the user (it becomes the task's `error`).
 */
export class MalformedInputError extends Error {
  override readonly name = 'MalformedInputError';
  readonly line: number | undefined;
  readonly record: number | undefined;

  constructor(message: string, position: InputPosition = {}, options: { cause?: unknown } = {}) {
    super(message, options);
    this.line = position.line;
    this.record = position.record;
  }
}

/**
 * Deepest nesting of a record's values: deeper input fails with `nestedTooDeep` rather than
 * overflowing the stack of the writers' recursion (no table or document reader goes this deep).
 */
export const MAX_DEPTH = 1000;

export const nestedTooDeep = (position: InputPosition & { record: number }) =>
  new MalformedInputError(
    `Record ${position.record}${position.line === undefined ? '' : ` (line ${position.line})`} is nested more than ${MAX_DEPTH} levels deep, the most this service converts`,
    position,
  );

/** The conversion's signal was aborted: the task is no longer running (a cancel). */
export class ConversionStopped extends Error {
  override readonly name = 'ConversionStopped';
  constructor() {
    super('The conversion was stopped');
  }
}
