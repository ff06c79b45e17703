import * as z from 'zod';
import { browserActionsSchema } from './actions.ts';

// The chrome fields of a scheme's `request` beyond `type` and `waitDelay` (which scheme.ts has).

/** Resource types the browser may be told not to load (puppeteer's names); never `document`. */
export const blockableResources = [
  'stylesheet',
  'image',
  'media',
  'font',
  'script',
  'texttrack',
  'xhr',
  'fetch',
  'eventsource',
  'manifest',
  'prefetch',
  'ping',
  'other',
] as const;
export type BlockableResource = (typeof blockableResources)[number];

export const defaultBlockResources: readonly BlockableResource[] = ['image', 'font', 'media'];

export const waitUntilValues = ['load', 'domcontentloaded', 'networkidle'] as const;
export type WaitUntil = (typeof waitUntilValues)[number];

/** To spread into scheme.ts's `request` object: `actions`, `blockResources`, `waitUntil`. */
export const chromeRequestShape = {
  actions: browserActionsSchema.optional(),
  blockResources: z.array(z.enum(blockableResources)).max(blockableResources.length).optional(),
  waitUntil: z.enum(waitUntilValues).optional(),
};
