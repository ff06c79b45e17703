// Step Functions → core.convertTask (input → reader → writer → one upload; stops on cancel) → state
import { settings } from '#core/config';
import { convertTask } from '#core/lifecycle/convert';
import { taskStore } from '#core/services/store';
import { taskRepository } from '#core/services/tasks';
import { stepHandler } from '#core/step';
import { createHttpClient } from '#extraction/http-client';
import { lifecycleState } from './schema.ts';

// Only downloads: the page fetcher's HTML decoding (and its charset tables) is not needed here.
const client = createHttpClient({
  allowPrivateNetworks: settings.allowPrivateNetworks,
  userAgent: settings.userAgent,
  maxBodyBytes: settings.maxSourceBytes,
});

const deps = { tasks: taskRepository(), store: taskStore(), download: client.download };

export const handler = stepHandler(lifecycleState, (state) => convertTask(deps, state));
