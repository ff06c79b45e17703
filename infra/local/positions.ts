/**
 * An execution's position as the engine's events tell it, and how a run resumes from one: the
 * definition started at the saved state, a Wait paused only for what remained of it.
 */
import { waitMillisecondsOf } from './asl.ts';
import type { ExecutionPosition, Json } from './execution-store.ts';

type State = Record<string, unknown>;
type Definition = { StartAt?: string; States?: Record<string, State> };

/** The engine's StateEntered event, as far as positions need it. */
export interface EnteredEvent {
  type: string;
  timestamp: number;
  index?: number;
  state?: { name?: string; input?: unknown };
}

/** Whether a run can resume at `position` in `definition` (the state may be gone after a redeploy). */
export function canResumeAt(definition: Definition, position: ExecutionPosition | undefined): boolean {
  return position !== undefined && Object.hasOwn(definition.States ?? {}, position.state);
}

/** A copy of the definition that starts at `state`. */
export function definitionStartingAt<T extends { StartAt: string }>(definition: T, state: string): T {
  return { ...definition, StartAt: state };
}

/**
 * Follows one run: `positionOf` turns each top-level StateEntered into a position (a Wait's with
 * the time it resumes); `waitTimeOverrides` pauses the resumed Wait for its remaining time once.
 */
export function positionTracker(
  definition: Definition,
  options: { waitMs?: number; resumeFrom?: ExecutionPosition; now?: () => number },
) {
  const now = options.now ?? Date.now;
  const states = definition.States ?? {};
  const { resumeFrom } = options;
  let resumedEntered = false;
  let resumedWaited = false;

  const positionOf = (event: EnteredEvent): ExecutionPosition | undefined => {
    const name = event.state?.name;
    if (event.type !== 'StateEntered' || event.index !== undefined || !name || !Object.hasOwn(states, name))
      return undefined;
    if (resumeFrom && !resumedEntered && name === resumeFrom.state) {
      resumedEntered = true;
      return resumeFrom;
    }
    const input = (event.state?.input ?? null) as Json;
    const state = states[name] as State;
    if (state.Type !== 'Wait') return { state: name, input };
    const ms = options.waitMs ?? waitMillisecondsOf(state, input, event.timestamp);
    return ms === undefined
      ? { state: name, input }
      : { state: name, input, resumeAt: new Date(event.timestamp + ms).toISOString() };
  };

  const waitTimeOverrides = (base: Record<string, number> | undefined) => {
    if (!resumeFrom?.resumeAt || states[resumeFrom.state]?.Type !== 'Wait') return base;
    const resumeAt = Date.parse(resumeFrom.resumeAt);
    const overrides: Record<string, number> = { ...base };
    const later = base?.[resumeFrom.state];
    Object.defineProperty(overrides, resumeFrom.state, {
      enumerable: true,
      get: () => {
        if (resumedWaited) return later;
        resumedWaited = true;
        return Math.max(0, resumeAt - now());
      },
    });
    return overrides;
  };

  return { positionOf, waitTimeOverrides };
}
