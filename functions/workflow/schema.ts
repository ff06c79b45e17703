import * as z from 'zod';
import { isDelimiter } from '#conversion/export-options';
import { formats } from '#conversion/formats';
import { isXmlName } from '#conversion/xml-names';

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

const xmlName = z.string().max(200).refine(isXmlName);

/** What GetStore asks the ExportFormat function for (`ExportFormatEvent`); its options as store's query checked them. */
export const exportFormatEvent = z.object({
  taskId: z.string().min(1),
  format: z.enum(formats),
  options: z
    .strictObject({
      fields: z.array(z.string()).optional(),
      omit: z.array(z.string()).optional(),
      flatten: z.boolean().optional(),
      bom: z.boolean().optional(),
      delimiter: z.string().refine(isDelimiter).optional(),
      xmlRoot: xmlName.optional(),
      xmlRow: xmlName.optional(),
      arrayJoin: z.string().min(1).max(16).optional(),
    })
    .optional(),
});
