import { sfn } from '#adapters/aws/clients/sfn';
import { StateMachine } from '#adapters/aws/step-functions';
import type { Deliveries, Executions } from '#core/ports/executions';
import { requireEnv } from '../config.ts';

/** Task lifecycles, one execution per task id (`useLifecycle` sets STATE_MACHINE_ARN). */
export const executions = (): Executions => {
  const machine = new StateMachine(sfn, requireEnv('STATE_MACHINE_ARN'));
  return { start: (taskId) => machine.start(taskId, { taskId }) };
};

/** Webhook deliveries, one execution per delivery id (`useDeliveries` sets DELIVERY_STATE_MACHINE_ARN). */
export const deliveries = (): Deliveries => {
  const machine = new StateMachine(sfn, requireEnv('DELIVERY_STATE_MACHINE_ARN'));
  return { start: (request) => machine.start(request.webhookId, { delivery: request }) };
};
