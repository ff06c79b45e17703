import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

/** A state machine whose executions are named by the caller, so a retried start cannot run twice. */
export class StateMachine {
  readonly #client: SFNClient;
  readonly #arn: string;

  constructor(client: SFNClient, arn: string) {
    this.#client = client;
    this.#arn = arn;
  }

  /** Starts the execution `name`; one of that name already running or over counts as started. */
  async start(name: string, input: unknown): Promise<void> {
    try {
      await this.#client.send(
        new StartExecutionCommand({ stateMachineArn: this.#arn, name, input: JSON.stringify(input) }),
      );
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }
}
