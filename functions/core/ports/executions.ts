import type { TaskEventType } from '../webhooks/events.ts';

/** Starts a task's lifecycle; starting one already started is a no-op. */
export interface Executions {
  start(taskId: string): Promise<void>;
}

export interface DeliveryRequest {
  webhookId: string;
  endpointId: string;
  account: string;
  taskId: string;
  event: TaskEventType;
  body: string;
}

/** Starts one webhook delivery; starting one already started is a no-op. */
export interface Deliveries {
  start(request: DeliveryRequest): Promise<void>;
}
