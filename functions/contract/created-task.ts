import * as z from 'zod';
import { taskView } from './task.ts';
import { uploadLink } from './upload-link.ts';

/** `POST /v1/tasks/create`: the task, with what is shown only here. */
export const createdTask = taskView
  .extend({
    webhookSecret: z.string().optional().describe('whsec_…, the signing secret of the task’s webhook'),
    upload: uploadLink.optional(),
  })
  .meta({ id: 'CreatedTask' });

export type CreatedTask = z.output<typeof createdTask>;
