// zod/mini, not zod: the one schema GetStore parses, without classic zod's 70 kB in its bundle.
import * as z from 'zod/mini';
import { EXPORT_DEFAULTS, isDelimiter } from '#conversion/export-options';
import { formats } from '#conversion/formats';
import { isXmlName } from '#conversion/xml-names';

function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  (schema as z.ZodMiniType).register(z.globalRegistry, { description });
  return schema;
}

/** `a,b` → `[a, b]`; empty names (`a,,b`, a trailing comma) are left out. */
const names = (description: string) =>
  described(
    z.pipe(
      z.string(),
      z.transform((value) => value.split(',').filter((name) => name !== '')),
    ),
    description,
  );

/** `true`/`false`, or Apify's `1`/`0`. */
const flag = (option: string, description: string) =>
  described(
    z.pipe(
      z.enum(['true', 'false', '1', '0'], { error: `${option} is true or false` }),
      z.transform((value) => value === 'true' || value === '1'),
    ),
    description,
  );

const xmlName = (option: string, description: string) =>
  described(
    z
      .string()
      .check(
        z.maxLength(200, `${option} is at most 200 characters`),
        z.refine(isXmlName, `${option} must be an XML element name (a letter or _ first, no spaces)`),
      ),
    description,
  );

/** `?format=` and the export options (Apify's names); one that does not apply to the format is ignored. */
export const storeQuery = z.object({
  format: z.optional(z.enum(formats)),
  fields: z.optional(names('These fields (columns), in this order, comma-separated')),
  omit: z.optional(names('Every field but these, comma-separated')),
  flatten: z.optional(
    flag('flatten', 'false: csv and excel get nested values as JSON text in one cell (default true)'),
  ),
  bom: z.optional(flag('bom', 'true: a UTF-8 byte order mark starts the csv file (default false)')),
  delimiter: z.optional(
    described(
      z.string().check(z.refine(isDelimiter, 'delimiter is one character, not a quote (") or a line break')),
      `The csv field separator (default ${EXPORT_DEFAULTS.delimiter})`,
    ),
  ),
  xmlRoot: z.optional(xmlName('xmlRoot', `The xml document element (default ${EXPORT_DEFAULTS.xmlRoot})`)),
  xmlRow: z.optional(xmlName('xmlRow', `Each record's xml element (default ${EXPORT_DEFAULTS.xmlRow})`)),
  arrayJoin: z.optional(
    described(
      z
        .string()
        .check(
          z.minLength(1, 'arrayJoin is 1 to 16 characters'),
          z.maxLength(16, 'arrayJoin is 1 to 16 characters'),
        ),
      `What joins an array's values in a csv or excel cell (default ${EXPORT_DEFAULTS.arrayJoin})`,
    ),
  ),
});
