import * as z from 'zod';
import { chromeRequestShape } from '#browser/request-fields';
import { formats } from '#conversion/formats';
import { columnCollisions } from './columns.ts';
import { filterNames } from './filters.ts';
import { regexError } from './regex.ts';
import { maxDetailsDepth, tooDeepDetails } from './scheme-depth.ts';
import { selectorError } from './selector.ts';

const selector = z.string().superRefine((value, ctx) => {
  const reason = selectorError(value);
  if (reason !== null) ctx.addIssue({ code: 'custom', message: reason });
});

const httpUrl = z.string().superRefine((value, ctx) => {
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    ctx.addIssue({ code: 'custom', message: 'Must be an absolute http(s) URL' });
  }
});

const filter = z
  .strictObject({ name: z.enum(filterNames), param: z.string().optional() })
  .superRefine((value, ctx) => {
    if (value.name !== 'regex') return;
    if (value.param === undefined) {
      ctx.addIssue({ code: 'custom', path: ['param'], message: 'The regex filter needs a param' });
      return;
    }
    const reason = regexError(value.param);
    if (reason !== null)
      ctx.addIssue({ code: 'custom', path: ['param'], message: `Invalid regex: ${reason}` });
  });

const attr = z
  .string()
  .regex(/^[^\s"'>/=]+$/u, 'An attribute is text, href, src, alt, html, outerHtml or an HTML attribute name');

const attrs = z
  .array(attr)
  .min(1, 'At least one attr is needed')
  .superRefine((values, ctx) => {
    values.forEach((value, index) => {
      if (values.indexOf(value) !== index)
        ctx.addIssue({ code: 'custom', path: [index], message: 'Duplicate attr' });
    });
  });

const paginator = z.strictObject({
  nextPageSelector: selector,
  /** Pages to visit, the first included; 0 means no limit but `maxRequests`. */
  pageNum: z.int().min(0).max(100_000),
});

const fieldName = z
  .string()
  .refine((value) => value.trim() !== '', 'A field name must not be empty')
  .refine((value) => value.length <= 200, 'A field name is at most 200 characters');

interface FieldInput {
  name: string;
  selector: string;
  type: 0 | 1 | 2;
  attrs: string[];
  filters?: { name: (typeof filterNames)[number]; param?: string | undefined }[] | undefined;
  details?: DetailsInput | undefined;
}

interface DetailsInput {
  name?: string | undefined;
  commonParent?: string | undefined;
  fields: FieldInput[];
  paginator?: z.infer<typeof paginator> | undefined;
  path?: boolean | undefined;
}

const field: z.ZodType<FieldInput> = z
  .strictObject({
    name: fieldName,
    selector,
    type: z.literal([0, 1, 2]),
    attrs,
    filters: z.array(filter).optional(),
    get details() {
      return details.optional();
    },
  })
  .superRefine((value, ctx) => {
    if (value.details !== undefined && value.type !== 2) {
      ctx.addIssue({ code: 'custom', path: ['details'], message: 'Details need a link field (type 2)' });
    }
    const shared = value.details === undefined ? -1 : value.attrs.indexOf('details');
    if (shared >= 0)
      ctx.addIssue({
        code: 'custom',
        path: ['attrs', shared],
        message: `The attr details would share the key ${value.name}_details with the field's details`,
      });
  });

const fieldList = z
  .array(field)
  .min(1, 'At least one field is needed')
  .superRefine((values, ctx) => {
    const names = values.map((value) => value.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) {
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `Duplicate field name "${name}"` });
      }
    });
  });

// Depth is checked before the list is parsed, as zod's recursion into deeper details would
// overflow the stack; at the top level first, so the deeper checks only see what passed.
const fields = z.preprocess((value, ctx) => {
  const path = tooDeepDetails(value);
  if (path !== null) {
    const message = `Details nest at most ${maxDetailsDepth} levels deep`;
    ctx.addIssue({ code: 'custom', path, message, input: value });
  }
  return value;
}, fieldList);

const details: z.ZodType<DetailsInput> = z.strictObject({
  name: z.string().optional(),
  commonParent: selector.optional(),
  fields,
  paginator: paginator.optional(),
  path: z.boolean().optional(),
});

const CHROME_ONLY = ['waitDelay', 'actions', 'blockResources', 'waitUntil'] as const;

const request = z
  .strictObject({
    url: httpUrl,
    type: z.enum(['base', 'chrome']).optional(),
    /** Seconds a headless browser waits after load (chrome only). */
    waitDelay: z.number().min(0).max(60).optional(),
    /** Browser actions as Dataflow Kit documents them, `blockResources`, `waitUntil` (chrome only). */
    ...chromeRequestShape,
  })
  .superRefine((value, ctx) => {
    if (value.type === 'chrome') return;
    for (const key of CHROME_ONLY)
      if (value[key] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} applies to pages rendered in a browser: set request.type to "chrome"`,
        });
  });

// Headers the fetcher owns: framing, target and encoding are ours to set.
const reservedHeaders = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'accept-encoding',
]);

const headers = z.record(
  z
    .string()
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/u, 'Not a valid header name')
    .refine((name) => !reservedHeaders.has(name.toLowerCase()), 'This header is set by the crawler'),
  z.string().regex(/^[^\r\n\0]*$/u, 'A header value must not contain line breaks'),
);

/**
 * A scheme as a task keeps it: what each batch parses again. Checks added since a task was created
 * belong on `extractionSchemeSchema` alone, so a task accepted before them still runs.
 */
export const storedSchemeSchema = z.strictObject({
  name: z.string().refine((value) => value.trim() !== '', 'A name must not be empty'),
  request,
  commonParent: selector.optional(),
  fields,
  paginator: paginator.optional(),
  path: z.boolean().optional(),
  format: z.enum(formats).optional(),
  maxRequests: z.int().min(1).max(1_000_000).optional(),
  concurrency: z.int().min(1).max(20).optional(),
  delay: z.int().min(0).max(60_000).optional(),
  retries: z.int().min(0).max(10).optional(),
  respectRobotsTxt: z.boolean().optional(),
  headers: headers.optional(),
});

/** A scheme as create accepts it: stored, and no two fields giving one column. */
export const extractionSchemeSchema = storedSchemeSchema.superRefine((value, ctx) => {
  for (const collision of columnCollisions(value)) ctx.addIssue({ code: 'custom', ...collision });
});

export type ExtractionScheme = z.infer<typeof extractionSchemeSchema>;
export type SchemeField = FieldInput;
export type SchemeDetails = DetailsInput;
export type Paginator = z.infer<typeof paginator>;

/** What one page is parsed with: the scheme itself, or the `details` of a link field. */
export interface PageScheme {
  commonParent?: string | undefined;
  fields: SchemeField[];
  paginator?: Paginator | undefined;
  path?: boolean | undefined;
}

export interface SchemeIssue {
  /** Dotted path inside the scheme, such as `fields.0.selector`. */
  path: string;
  reason: string;
}

/** One issue per invalid place; an unknown key gets the path of the key itself. */
export function schemeIssues(error: z.ZodError): SchemeIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), reason: 'Unknown field' }));
    }
    if (issue.code === 'invalid_key') {
      return [{ path: path.join('.'), reason: issue.issues.map((inner) => inner.message).join('; ') }];
    }
    return [{ path: path.join('.'), reason: issue.message }];
  });
}

export type SchemeParseResult =
  | { success: true; scheme: ExtractionScheme }
  | { success: false; issues: SchemeIssue[] };

export function parseScheme(input: unknown): SchemeParseResult {
  const result = extractionSchemeSchema.safeParse(input);
  return result.success
    ? { success: true, scheme: result.data }
    : { success: false, issues: schemeIssues(result.error) };
}
