import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray segments with the cold start and the error of each step. Only the lifecycle and delivery
 * steps carry it: its 130 kB would put API functions over their bundle budget.
 */
export const tracer = new Tracer();
