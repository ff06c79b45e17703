import { CommanderError } from '@commander-js/extra-typings';
import { DfkApiError, DfkTaskError } from '#client/index';

/** The exit codes of `dfk`. */
export const EXIT = { completed: 0, error: 1, usage: 2, cancelled: 130 } as const;

/** A mistake in how dfk was called (arguments, files, settings): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What a network failure says of its cause (`connect ECONNREFUSED 127.0.0.1:8080`), if it says anything. */
function causeOf(error: Error): string | undefined {
  const { cause } = error;
  return cause instanceof Error ? cause.message : undefined;
}

/** Prints an error as a user should read it and returns the exit code it means. */
export function reportFailure(error: unknown, write: (line: string) => void): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.completed : EXIT.usage;
  if (error instanceof UsageError) {
    write(`dfk: ${error.message}`);
    return EXIT.usage;
  }
  if (error instanceof DfkApiError) {
    write(`dfk: ${error.message} (HTTP ${error.status}, ${error.code})`);
    for (const detail of error.details) write(`  ${detail.path || '(body)'}: ${detail.reason}`);
    return error.status === 400 ? EXIT.usage : EXIT.error;
  }
  if (error instanceof DfkTaskError) {
    write(`dfk: ${error.message}`);
    return error.task.status === 'cancelled' ? EXIT.cancelled : EXIT.error;
  }
  if (error instanceof Error) {
    const cause = causeOf(error);
    write(`dfk: ${error.message}${cause ? ` (${cause})` : ''}`);
    return EXIT.error;
  }
  write(`dfk: ${String(error)}`);
  return EXIT.error;
}
