import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type * as z from 'zod';
import { logger } from './observability/logger.ts';
import { tracer } from './observability/tracer.ts';

/** Wraps a lifecycle step: trace and logging context → input validated by its schema → `fn`. */
export function stepHandler<S extends z.ZodType, R>(schema: S, fn: (input: z.output<S>) => Promise<R>) {
  return middy<unknown, R>()
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => fn(schema.parse(event)));
}
