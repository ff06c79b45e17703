import { sfn } from '../clients/sfn.ts';
import { requireEnv } from '../config.ts';
import { StepFunctionsExecutions } from '../executions.ts';

/** Starts task lifecycles (`useLifecycle` sets STATE_MACHINE_ARN). */
export const executions = () => new StepFunctionsExecutions(sfn, requireEnv('STATE_MACHINE_ARN'));
