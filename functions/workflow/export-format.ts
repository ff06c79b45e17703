// GetStore (invoked, RequestResponse) → core.exportFormat (parts → another format → one object) → {key, size}
import { carryApiError } from '#adapters/aws/carried-error';
import { exportFormat } from '#core/results/export-format';
import { taskStore } from '#runtime/services/store';
import { taskRepository } from '#runtime/services/tasks';
import { stepHandler } from '#runtime/step-handler';
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
