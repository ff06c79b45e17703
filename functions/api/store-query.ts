// zod/mini, not zod: the one schema GetStore parses, without classic zod's 70 kB in its bundle.
import * as z from 'zod/mini';
import { formats } from '#conversion/formats';

export const storeQuery = z.object({
  format: z.optional(z.enum(formats)),
});
