import { DfkApiError } from '#client/index';
import { EXIT } from './failure.ts';

export interface Interrupt {
  /** The task a Ctrl-C cancels, once its id is known. */
  track(id: string): void;
  readonly requested: boolean;
  dispose(): void;
}

/**
 * Ctrl-C asks the service to cancel the tracked task (and the caller then saves what it has);
 * a second Ctrl-C exits at once with 130.
 */
export function cancelOnInterrupt(
  cancel: (id: string) => Promise<unknown>,
  say: (line: string) => void,
): Interrupt {
  let id: string | undefined;
  let requested = false;
  let sent = false;
  const send = () => {
    if (!requested || sent || id === undefined) return;
    sent = true;
    say(`Cancelling ${id}… (Ctrl-C again to quit without waiting)`);
    cancel(id).catch((error: unknown) => {
      // A 409: the task ended meanwhile, and the wait reports how.
      if (!(error instanceof DfkApiError && error.status === 409))
        say(`dfk: the cancel failed: ${String(error)}`);
    });
  };
  const onSigint = () => {
    if (requested) process.exit(EXIT.cancelled);
    requested = true;
    send();
  };
  process.on('SIGINT', onSigint);
  return {
    track(taskId) {
      id = taskId;
      send();
    },
    get requested() {
      return requested;
    },
    dispose: () => process.off('SIGINT', onSigint),
  };
}
