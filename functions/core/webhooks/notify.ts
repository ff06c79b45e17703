import type { Deliveries } from '../ports/executions.ts';
import type { TaskEvents } from '../ports/task-events.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import type { WebhookRepository } from '../ports/webhook-repository.ts';
import { type Task, toTaskView } from '../task.ts';
import { eventBody, finalEventOf, messageIdOf, type TaskEventType } from './events.ts';
import type { WebhookEndpoint } from './model.ts';

export class WebhookEvents implements TaskEvents {
  private readonly webhooks: WebhookRepository;
  private readonly deliveries: Deliveries;
  private readonly now: () => Date;

  constructor(webhooks: WebhookRepository, deliveries: Deliveries, now = () => new Date()) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.now = now;
  }

  async emit(task: Task, event: TaskEventType): Promise<void> {
    const [accountEndpoints, own] = await Promise.all([
      this.webhooks.listForAccount(task.account),
      this.webhooks.get(task.id),
    ]);
    const endpoints = [...accountEndpoints, ...(own?.taskId === task.id ? [own] : [])].filter(
      (endpoint: WebhookEndpoint) =>
        endpoint.account === task.account && !endpoint.disabled && endpoint.events.includes(event),
    );
    if (endpoints.length === 0) return;
    const body = eventBody(event, toTaskView(task), this.now());
    await Promise.all(
      endpoints.map((endpoint) =>
        this.deliveries.start({
          webhookId: messageIdOf(task.id, event, endpoint.id),
          endpointId: endpoint.id,
          account: task.account,
          taskId: task.id,
          event,
          body,
        }),
      ),
    );
  }
}

/**
 * Announces how a task ended, once its results are ready (the last step of its workflow, after
 * it settled). A task deleted meanwhile announces nothing.
 */
export async function emitFinalEvent(
  deps: { tasks: TaskRepository; events?: TaskEvents | undefined },
  taskId: string,
): Promise<void> {
  if (!deps.events) return;
  const task = await deps.tasks.get(taskId);
  const event = task ? finalEventOf(task.status) : null;
  if (task && event) await deps.events.emit(task, event);
}
