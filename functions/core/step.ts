import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type * as z from 'zod';
import { logger } from './observability.ts';

/** The state that travels between lifecycle steps: pointers only, never data. */
export interface LifecycleState {
  taskId: string;
  storeID?: string;
  type?: 'extraction' | 'conversion';
  proceed?: boolean;
  batch?: number;
  done?: boolean;
  failure?: { Error?: string; Cause?: string };
}

/** Wraps a lifecycle step: logging context → input validated by its schema → `fn`. */
export function stepHandler<S extends z.ZodType, R>(schema: S, fn: (input: z.output<S>) => Promise<R>) {
  return middy<unknown, R>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => fn(schema.parse(event)));
}
