import * as z from 'zod';
import { conversionSchemeSchema } from '#conversion/scheme';
import { extractionSchemeSchema } from '#extraction/scheme';
import { taskWebhook } from './webhook-schemas.ts';

/** `POST /v1/tasks/create` of an extraction (`type` may be left out). */
export const createTaskBody = z
  .strictObject({
    type: z.literal('extraction').default('extraction'),
    scheme: extractionSchemeSchema,
    run: z.boolean().default(false),
    webhook: taskWebhook.optional(),
  })
  .meta({ id: 'CreateExtractionTask' });

/** `POST /v1/tasks/create` of a conversion: the same body with the conversion scheme. */
export const createConversionBody = createTaskBody
  .extend({ type: z.literal('conversion'), scheme: conversionSchemeSchema })
  .meta({ id: 'CreateConversionTask' });

/** The body's schema by its `type`, so a conversion's errors name conversion fields. */
export const createBodyFor = (body: unknown) =>
  (body as { type?: unknown } | undefined)?.type === 'conversion' ? createConversionBody : createTaskBody;
