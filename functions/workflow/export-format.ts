// GetStore (invoked, RequestResponse) → core.exportFormat (parts → another format → one object) → {key, size}
import { carryApiError } from '#core/format-exporter';
import { taskStore } from '#core/services/store';
import { taskRepository } from '#core/services/tasks';
import { stepHandler } from '#core/step';
import { exportFormat } from '#core/tasks/export-format';
import { exportFormatEvent } from './schema.ts';

const deps = { tasks: taskRepository(), store: taskStore() };

// An ApiError (404, 409) is thrown so the caller can answer it as its own (see carryApiError).
export const handler = stepHandler(exportFormatEvent, async (event) => {
  try {
    return await exportFormat(deps, event);
  } catch (error) {
    throw carryApiError(error);
  }
});
