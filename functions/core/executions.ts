import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

/** The port that starts a task's lifecycle. */
export interface Executions {
  /** Starts the lifecycle of a task; a second call for the same task starts nothing. */
  start(taskId: string): Promise<void>;
}

export class StepFunctionsExecutions implements Executions {
  private readonly client: SFNClient;
  private readonly stateMachineArn: string;

  constructor(client: SFNClient, stateMachineArn: string) {
    this.client = client;
    this.stateMachineArn = stateMachineArn;
  }

  async start(taskId: string): Promise<void> {
    try {
      // The execution name is the task id, so a retried or concurrent run cannot start two.
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: taskId,
          input: JSON.stringify({ taskId }),
        }),
      );
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }
}
