import type { TaskView } from '#contract/task';

export const FINISHED = ['completed', 'error', 'cancelled'] as const;
export const isFinished = (task: TaskView): boolean => (FINISHED as readonly string[]).includes(task.status);
/** Tasks that change without anyone asking: rows and views of these are refreshed. */
export const isActive = (task: TaskView): boolean => task.status === 'queued' || task.status === 'running';

/** The contract's UTC times, `YYYY-MM-DDTHH:mm:ss`, shown as they are, marked UTC. */
export const timeText = (time: string | null): string => (time ? `${time.replace('T', ' ')} UTC` : '—');
export const elapsedText = (elapsed: string | null): string => (elapsed === null ? '—' : `${elapsed} s`);

export function bytesText(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** What a task is called: an extraction's scheme name, a conversion's formats. */
export function nameOf(scheme: unknown): string {
  const value = scheme as { name?: unknown; from?: unknown; to?: unknown } | null;
  if (typeof value?.name === 'string') return value.name;
  if (typeof value?.to === 'string')
    return `${typeof value.from === 'string' ? value.from : 'file'} → ${value.to}`;
  return '';
}
