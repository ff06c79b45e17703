// HTTP → authenticate → validate body → core.createTask (→ runTask when run: true) → 201 task
import { apiHandler } from '#core/http';
import { executions, taskRepository, taskStore } from '#core/services';
import { toTaskView } from '#core/task';
import { createTask } from '#core/tasks/create';
import { parseOrThrow } from '#core/validation';
import { createTaskBody } from './schemas.ts';

const deps = { tasks: taskRepository(), store: taskStore(), executions: executions() };

export const handler = apiHandler(async ({ account, body }) => {
  const input = parseOrThrow(createTaskBody, body ?? {});
  const task = await createTask(deps, {
    account,
    type: input.type,
    scheme: (body as { scheme: Record<string, unknown> }).scheme,
    format: input.scheme.format,
    run: input.run,
  });
  return { status: 201, body: toTaskView(task) };
});
