// Step Functions → core.extractBatch with pages rendered in headless Chromium → {…, batch, done}

import { join } from 'node:path';
import { normalizeActions } from '#browser/actions';
import { createChromePageFetcher } from '#browser/chrome-fetcher';
import { createBrowserHost } from '#browser/launch';
import { extractBatch, type TaskPages } from '#core/lifecycle/extract-batch';
import { requireEnv, settings } from '#runtime/config';
import { logger } from '#runtime/observability/logger';
import { meter } from '#runtime/observability/metrics';
import { taskStore } from '#runtime/services/store';
import { taskRepository } from '#runtime/services/tasks';
import { stepHandler } from '#runtime/step-handler';
import { lifecycleState } from './schema.ts';

// One browser per container, kept warm across batches; the asset carries it in chromium/ (infra/lifecycle.ts).
const host = createBrowserHost({
  binDir: join(requireEnv('LAMBDA_TASK_ROOT'), 'chromium'),
  allowPrivateNetworks: settings.allowPrivateNetworks,
  onProxyFailure: (failure) => logger.info('Browser request refused', { ...failure }),
});

// Each task's batch gets an incognito context of its own, closed when the batch ends.
const pages: TaskPages = {
  forTask: ({ request }) =>
    createChromePageFetcher({
      host,
      waitUntil: request.waitUntil,
      waitDelay: request.waitDelay,
      actions: request.actions && normalizeActions(request.actions),
      blockResources: request.blockResources,
      maxBodyBytes: settings.maxPageBytes,
    }),
};

const deps = {
  tasks: taskRepository(),
  store: taskStore(),
  fetchPage: pages,
  log: logger,
  meter,
  batchSeconds: settings.batchSeconds,
  progressSeconds: settings.progressSeconds,
};

export const handler = stepHandler(lifecycleState, (state) => extractBatch(deps, state));
