/** The stack's name: the local stack's, and the deployed one's unless `DFK_STACK_NAME` names another. */
export const DEFAULT_STACK_NAME = 'DataflowTasks';

export const stackNameOf = (env: Record<string, string | undefined>): string =>
  env.DFK_STACK_NAME || DEFAULT_STACK_NAME;
