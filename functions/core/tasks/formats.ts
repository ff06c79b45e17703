import { assertWritableFormat, FormatNotAvailableError } from '#conversion/formats';
import { badRequest } from '../errors.ts';
import type { ResultFormat } from '../task.ts';

/** A 400 on `path` for a format the contract names but this build cannot write yet. */
export function assertWritable(format: ResultFormat, path: string): void {
  try {
    assertWritableFormat(format);
  } catch (error) {
    if (!(error instanceof FormatNotAvailableError)) throw error;
    throw badRequest(error.message, [{ path, reason: error.message }]);
  }
}
