import type { ResultFormat, StoredResult } from '../task.ts';

/**
 * The port that writes a task's results in another format (`store?format=`): the conversion
 * engine runs behind it, in a function of its own (ExportFormat), so the API function that asks
 * bundles none of it. The file is recorded on the task and kept; its key and size are returned.
 */
export interface FormatExporter {
  export(taskId: string, format: ResultFormat): Promise<StoredResult>;
}

/** The event the export function takes. */
export interface ExportFormatEvent {
  taskId: string;
  format: ResultFormat;
}
