// Step Functions → core.extractBatch (crawl within a time budget, one part file) → {…, batch, done}
import { settings } from '#core/config';
import { extractBatch } from '#core/lifecycle/extract-batch';
import { taskStore } from '#core/services/store';
import { taskRepository } from '#core/services/tasks';
import { stepHandler } from '#core/step';
import { createPageFetcher } from '#extraction/fetch-page';
import { lifecycleState } from './schema.ts';

const deps = {
  tasks: taskRepository(),
  store: taskStore(),
  fetchPage: createPageFetcher({
    allowPrivateNetworks: settings.allowPrivateNetworks,
    userAgent: settings.userAgent,
    maxBodyBytes: settings.maxBodyBytes,
  }),
};

export const handler = stepHandler(lifecycleState, (state) => extractBatch(deps, state));
