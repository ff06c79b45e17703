// The contract's enumerations as plain lists, without zod: core and every handler import them at run time.

export const TASK_STATUSES = ['initialized', 'queued', 'running', 'cancelled', 'completed', 'error'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_TYPES = ['extraction', 'conversion'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
