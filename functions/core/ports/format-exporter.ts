import type { ExportOptions } from '#conversion/export-options';
import type { ResultFormat, StoredResult } from '../task.ts';

/**
 * The port that writes a task's results in another format or with export options
 * (`store?format=`, `fields`…): the conversion engine runs behind it, in a function of its own
 * (ExportFormat), so the API function that asks bundles none of it. The file is recorded (on the
 * task, or in a variant's manifest) and kept; its key, size and md5 are returned.
 */
export interface FormatExporter {
  export(taskId: string, format: ResultFormat, options?: ExportOptions): Promise<StoredResult>;
}

/** The event the export function takes. */
export interface ExportFormatEvent {
  taskId: string;
  format: ResultFormat;
  /** Canonical (`exportOptionsFor`); absent or empty for the format as the task's own file. */
  options?: ExportOptions | undefined;
}
