import * as z from 'zod';
import { type Format, formats } from './formats.ts';
import { isKnownEncoding } from './text.ts';
import { isXmlName } from './xml-names.ts';

const httpUrl = z.string().superRefine((value, ctx) => {
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    ctx.addIssue({ code: 'custom', message: 'Must be an absolute http(s) URL' });
  }
});

/** Exactly one of: a URL to fetch, an upload through a presigned PUT, an extraction task's results. */
const source = z
  .strictObject({
    url: httpUrl.optional(),
    upload: z.literal(true).optional(),
    taskId: z
      .string()
      .regex(/^[0-9A-Za-z]{24}$/, 'A task id is 24 letters and digits')
      .optional(),
  })
  .superRefine((value, ctx) => {
    const given = [value.url, value.upload, value.taskId].filter((entry) => entry !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'Give exactly one of url, upload (true) or taskId' });
    }
  });

const oneCharacter = (what: string) =>
  z
    .string()
    .length(1, `A ${what} is one character`)
    .refine((value) => value !== '\n' && value !== '\r', `A ${what} cannot be a line break`);

const xmlName = z.string().max(200).refine(isXmlName, 'Not an XML element name');

export const conversionOptionsSchema = z.strictObject({
  /** CSV input: the field separator; detected from the first line (`,` `;` tab `|`) when absent. */
  delimiter: oneCharacter('delimiter').optional(),
  /** CSV input: the quote character (default `"`). */
  quote: oneCharacter('quote').optional(),
  /** CSV and Excel input: whether the first row names the columns (default true); else column1…N. */
  header: z.boolean().optional(),
  /** Text input: its charset (a WHATWG label such as windows-1252); a byte order mark wins. */
  encoding: z
    .string()
    .refine(isKnownEncoding, 'Not a known charset (use a WHATWG label such as utf-8 or windows-1252)')
    .optional(),
  /** Excel input: the sheet, by name or by position from 1 (default the first). */
  sheet: z.union([z.string().min(1), z.int().min(1)]).optional(),
  /** XML input: the element whose children are the records (default the document element). */
  rootElement: xmlName.optional(),
  /** XML input: the name of the record elements (default every child of the root element). */
  recordElement: xmlName.optional(),
  /** Nested values as `a_b` columns (default: true for csv and excel output, false otherwise). */
  flatten: z.boolean().optional(),
  /** Numbers and booleans from text (csv, xml, excel input); values stay strings otherwise. */
  inferTypes: z.boolean().optional(),
  /** CSV input: a row with more or fewer fields than the header is an error (default false). */
  strict: z.boolean().optional(),
});

export const conversionSchemeSchema = z.strictObject({
  source,
  from: z.enum(formats).optional(),
  to: z.enum(formats),
  options: conversionOptionsSchema.optional(),
});

export type ConversionScheme = z.infer<typeof conversionSchemeSchema>;
export type ConversionOptions = z.infer<typeof conversionOptionsSchema>;
export type ConversionSource = ConversionScheme['source'];

/** The formats each option applies to, as input; any other input format is a 400. */
const OPTION_INPUTS: Record<keyof ConversionOptions, readonly Format[] | 'any'> = {
  delimiter: ['csv'],
  quote: ['csv'],
  header: ['csv', 'excel'],
  encoding: ['csv', 'json', 'jsonl', 'xml'],
  sheet: ['excel'],
  rootElement: ['xml'],
  recordElement: ['xml'],
  flatten: 'any',
  inferTypes: ['csv', 'excel', 'xml'],
  strict: ['csv'],
};

export interface ConversionIssue {
  /** Dotted path inside the scheme, such as `options.sheet`. */
  path: string;
  reason: string;
}

/**
 * Valid schemes this conversion cannot honour: an option that does not apply to the input format
 * (known from `from`, or inferred from a file name), one that needs `from` to be known, and a
 * conversion of a format to itself (only CSV, whose dialect and charset may change, is allowed).
 */
export function conversionIssues(scheme: ConversionScheme, inferredFrom?: Format): ConversionIssue[] {
  const issues: ConversionIssue[] = [];
  const from = scheme.from ?? inferredFrom;
  for (const [option, value] of Object.entries(scheme.options ?? {})) {
    const inputs = OPTION_INPUTS[option as keyof ConversionOptions];
    if (value === undefined || inputs === 'any') continue;
    if (from === undefined) {
      issues.push({
        path: `options.${option}`,
        reason: `${option} depends on the input format: set from (${inputs.join(' or ')})`,
      });
    } else if (!inputs.includes(from)) {
      issues.push({
        path: `options.${option}`,
        reason: `${option} applies to ${inputs.join(', ')} input, not ${from}`,
      });
    }
  }
  if (from !== undefined && from === scheme.to && from !== 'csv') {
    issues.push({ path: 'to', reason: `from and to are both ${from}: there is nothing to convert` });
  }
  return issues;
}

export type { Format };
