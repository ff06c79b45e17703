import type { Log } from '#core/ports/log';

export interface LoggedLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  attributes: Record<string, unknown>[];
}

/** A Log that keeps what it was told, for tests that check what an operator would read. */
export function recordingLog(): Log & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const at =
    (level: LoggedLine['level']) =>
    (message: string, ...attributes: Record<string, unknown>[]): void => {
      lines.push({ level, message, attributes });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}
