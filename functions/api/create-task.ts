// HTTP → authenticate → validate body → core.submitTask (checks, create, run when asked), awaitFinal with wait → 201 task (+ upload link, + webhookSecret)

import type { CreatedTask } from '#contract/created-task';
import { toTaskView } from '#core/task';
import { awaitFinal } from '#core/tasks/await-final';
import { submitTask } from '#core/tasks/submit';
import { parseOrThrow } from '#core/validation';
import { apiHandler } from '#runtime/api-handler';
import { settings } from '#runtime/config';
import { apiKeys } from '#runtime/services/api-keys';
import { executions } from '#runtime/services/executions';
import { taskStore } from '#runtime/services/store';
import { taskEvents } from '#runtime/services/task-events';
import { taskRepository } from '#runtime/services/tasks';
import { webhookUrlCheck } from '#runtime/services/webhook-url-check';
import { webhookRepository } from '#runtime/services/webhooks';
import { createBodyFor } from './task-bodies.ts';

const deps = {
  tasks: taskRepository(),
  store: taskStore(),
  executions: executions(),
  events: taskEvents(),
  webhooks: webhookRepository(),
  checkWebhookUrl: webhookUrlCheck(),
  linkTtlSeconds: settings.linkTtlSeconds,
};

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, body }) => {
  const submission = parseOrThrow(createBodyFor(body), body ?? {});
  const submittedScheme = (body as { scheme: Record<string, unknown> }).scheme;
  const submitted = await submitTask(deps, account, submission, submittedScheme);
  const { upload, webhookSecret } = submitted;
  const task =
    submission.wait === undefined
      ? submitted.task
      : await awaitFinal(deps.tasks, account, submitted.task, submission.wait);
  return {
    status: 201,
    body: {
      ...toTaskView(task),
      ...(upload && { upload }),
      ...(webhookSecret && { webhookSecret }),
    } satisfies CreatedTask,
  };
});
