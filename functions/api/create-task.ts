// HTTP → authenticate → validate body → core.submitTask (checks, create, run when asked) → 201 task (+ upload link, + webhookSecret)
import { apiHandler } from '#core/http';
import { executions, taskRepository, taskStore } from '#core/services';
import { toTaskView } from '#core/task';
import { submitTask } from '#core/tasks/submit';
import { parseOrThrow } from '#core/validation';
import { taskEvents, webhookRepository, webhookUrlCheck } from '#core/webhooks/services';
import { createBodyFor } from './schemas.ts';

const deps = {
  tasks: taskRepository(),
  store: taskStore(),
  executions: executions(),
  events: taskEvents(),
  webhooks: webhookRepository(),
  checkWebhookUrl: webhookUrlCheck(),
};

export const handler = apiHandler(async ({ account, body }) => {
  const submission = parseOrThrow(createBodyFor(body), body ?? {});
  const submittedScheme = (body as { scheme: Record<string, unknown> }).scheme;
  const { task, upload, webhookSecret } = await submitTask(deps, account, submission, submittedScheme);
  return {
    status: 201,
    body: { ...toTaskView(task), ...(upload && { upload }), ...(webhookSecret && { webhookSecret }) },
  };
});
