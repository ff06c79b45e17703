import * as z from 'zod';
import { isDelimiter } from '#conversion/export-options';
import { formats } from '#conversion/formats';
import { isXmlName } from '#conversion/xml-names';
import { time } from './time.ts';

const md5 = z.string().regex(/^[0-9a-f]{32}$/);

const xmlName = z.string().max(200).refine(isXmlName);

/** The export options a file holds, as `store` took them (canonical); also what ExportFormat is asked for. */
export const exportOptions = z
  .strictObject({
    fields: z.array(z.string()).optional().describe('These fields (columns), in this order'),
    omit: z.array(z.string()).optional().describe('Every field but these (sorted)'),
    flatten: z.boolean().optional().describe('false: nested values as JSON text in a csv or excel cell'),
    bom: z.boolean().optional().describe('true: the csv file starts with a UTF-8 byte order mark'),
    delimiter: z.string().refine(isDelimiter).optional().describe('The csv field separator'),
    xmlRoot: xmlName.optional().describe('The xml document element'),
    xmlRow: xmlName.optional().describe('Each record’s xml element'),
    arrayJoin: z
      .string()
      .min(1)
      .max(16)
      .optional()
      .describe('What joins an array’s values in a csv or excel cell'),
  })
  .meta({
    id: 'ExportOptions',
    description:
      'The export options the file holds: those that apply to its format and differ from their defaults ' +
      '(`{}` for the file without options). The same set, in any order or with defaults spelled out, is the same file.',
  });

/** `POST /v1/tasks/{id}/store`: a presigned link to the results. */
export const storeLink = z
  .strictObject({
    url: z.url(),
    format: z.enum(formats),
    size: z.int().describe('Bytes'),
    md5: md5.optional().describe('Hex MD5 of the file: unchanged data gives the same md5 run after run'),
    md5sum: md5.optional().describe('The same MD5, under the name of Dataflow Kit’s later API'),
    options: exportOptions,
    expiresAt: time,
  })
  .meta({ id: 'StoreLink' });

export type StoreLink = z.output<typeof storeLink>;
