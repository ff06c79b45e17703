import * as z from 'zod';
import { exportOptions } from '#contract/store-link';
import { formats } from '#conversion/formats';

/** The lifecycle state as every step receives it (see `LifecycleState`). */
export const lifecycleState = z.looseObject({
  taskId: z.string().min(1),
  storeID: z.string().optional(),
  type: z.enum(['extraction', 'conversion']).optional(),
  renderer: z.enum(['chrome']).optional(),
  proceed: z.boolean().optional(),
  batch: z.number().int().min(0).optional(),
  done: z.boolean().optional(),
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

/** What GetStore asks the ExportFormat function for (`ExportFormatEvent`); its options as store's query checked them. */
export const exportFormatEvent = z.object({
  taskId: z.string().min(1),
  format: z.enum(formats),
  options: exportOptions.optional(),
});
