import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { TaskEventType } from './events.ts';

/** What one delivery execution delivers: one event to one endpoint. No secret travels here. */
export interface DeliveryRequest {
  /** The `webhook-id`; also the execution's name, so a delivery starts once. */
  webhookId: string;
  endpointId: string;
  account: string;
  taskId: string;
  event: TaskEventType;
  /** The body, exactly as every attempt sends and signs it. */
  body: string;
}

/** The port that starts deliveries. */
export interface Deliveries {
  /** Starts the delivery; a second call for the same `webhookId` starts nothing. */
  start(request: DeliveryRequest): Promise<void>;
}

export class StepFunctionsDeliveries implements Deliveries {
  private readonly client: SFNClient;
  private readonly stateMachineArn: string;

  constructor(client: SFNClient, stateMachineArn: string) {
    this.client = client;
    this.stateMachineArn = stateMachineArn;
  }

  async start(request: DeliveryRequest): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: request.webhookId,
          input: JSON.stringify({ delivery: request }),
        }),
      );
    } catch (error) {
      // Running with another snapshot of the task, or already over: this event was delivered once.
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }
}
