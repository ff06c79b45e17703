import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type * as z from 'zod';
import { logger } from './observability.ts';

/** Wraps a lifecycle step: logging context → input validated by its schema → `fn`. */
export function stepHandler<S extends z.ZodType, R>(schema: S, fn: (input: z.output<S>) => Promise<R>) {
  return middy<unknown, R>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => fn(schema.parse(event)));
}
