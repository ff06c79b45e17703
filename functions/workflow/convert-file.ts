// Step Functions → core.convertTask (input → reader → writer → one upload; stops on cancel) → state
import { settings } from '#core/config';
import { convertTask } from '#core/lifecycle/convert';
import { taskStore } from '#core/services/store';
import { taskRepository } from '#core/services/tasks';
import { stepHandler } from '#core/step';
import { createPageFetcher } from '#extraction/fetch-page';
import { lifecycleState } from './schema.ts';

const fetcher = createPageFetcher({
  allowPrivateNetworks: settings.allowPrivateNetworks,
  userAgent: settings.userAgent,
  maxBodyBytes: settings.maxSourceBytes,
});

const deps = { tasks: taskRepository(), store: taskStore(), download: fetcher.download };

export const handler = stepHandler(lifecycleState, (state) => convertTask(deps, state));
