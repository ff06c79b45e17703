// Step Functions → core.convertTask (input → reader → writer → one upload; stops on cancel) → state

import { convertTask } from '#core/lifecycle/convert';
import { createHttpClient } from '#extraction/http-client';
import { settings } from '#runtime/config';
import { logger } from '#runtime/observability/logger';
import { taskStore } from '#runtime/services/store';
import { taskRepository } from '#runtime/services/tasks';
import { stepHandler } from '#runtime/step-handler';
import { lifecycleState } from './schema.ts';

// Only downloads: the page fetcher's HTML decoding (and its charset tables) is not needed here.
const client = createHttpClient({
  allowPrivateNetworks: settings.allowPrivateNetworks,
  userAgent: settings.userAgent,
});

const deps = {
  tasks: taskRepository(),
  store: taskStore(),
  download: client.download,
  progressSeconds: settings.progressSeconds,
  maxSourceBytes: settings.maxSourceBytes,
  log: logger,
};

export const handler = stepHandler(lifecycleState, (state) => convertTask(deps, state));
