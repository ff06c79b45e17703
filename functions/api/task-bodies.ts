import * as z from 'zod';
import { conversionSchemeSchema } from '#conversion/scheme';
import { MAX_WAIT_SECONDS } from '#core/tasks/await-final';
import { extractionSchemeSchema } from '#extraction/scheme';
import { taskWebhook } from './webhook-schemas.ts';

/** `POST /v1/tasks/create` of an extraction (`type` may be left out). */
export const createTaskBody = z
  .strictObject({
    type: z.literal('extraction').default('extraction'),
    scheme: extractionSchemeSchema,
    run: z.boolean().default(false),
    wait: z
      .number()
      .min(0)
      .max(MAX_WAIT_SECONDS)
      .optional()
      .describe(
        `With run: true, seconds (at most ${MAX_WAIT_SECONDS}) to hold the answer until the task ends`,
      ),
    webhook: taskWebhook.optional(),
  })
  .meta({ id: 'CreateExtractionTask' });

/** `POST /v1/tasks/create` of a conversion: the same body with the conversion scheme. */
export const createConversionBody = createTaskBody
  .extend({ type: z.literal('conversion'), scheme: conversionSchemeSchema })
  .meta({ id: 'CreateConversionTask' });

const waitNeedsRun = <T extends { run: boolean; wait?: number | undefined }>(body: T) =>
  body.wait === undefined || body.run;
const needsRun = { path: ['wait'], message: 'wait holds the answer of a task that runs: give run: true' };
const extractionBody = createTaskBody.refine(waitNeedsRun, needsRun);
const conversionBody = createConversionBody.refine(waitNeedsRun, needsRun);

/** The body's schema by its `type`, so a conversion's errors name conversion fields. */
export const createBodyFor = (body: unknown) =>
  (body as { type?: unknown } | undefined)?.type === 'conversion' ? conversionBody : extractionBody;
