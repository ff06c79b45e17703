// Step Functions → core.extractBatch (crawl within a time budget, one part file) → {…, batch, done}

import { extractBatch } from '#core/lifecycle/extract-batch';
import { createPageFetcher } from '#extraction/fetch-page';
import { settings } from '#runtime/config';
import { logger } from '#runtime/observability/logger';
import { meter } from '#runtime/observability/metrics';
import { taskStore } from '#runtime/services/store';
import { taskRepository } from '#runtime/services/tasks';
import { stepHandler } from '#runtime/step-handler';
import { lifecycleState } from './schema.ts';

const deps = {
  tasks: taskRepository(),
  store: taskStore(),
  fetchPage: createPageFetcher({
    allowPrivateNetworks: settings.allowPrivateNetworks,
    userAgent: settings.userAgent,
    maxBodyBytes: settings.maxPageBytes,
  }),
  log: logger,
  meter,
  batchSeconds: settings.batchSeconds,
  progressSeconds: settings.progressSeconds,
};

export const handler = stepHandler(lifecycleState, (state) => extractBatch(deps, state));
