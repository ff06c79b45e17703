import { MalformedInputError } from './errors.ts';
import { isKnownEncoding } from './text.ts';

// XML 1.0 §2.8 and §4.3.3: the declaration opens the document, `encoding` after `version`.
const DECLARATION = /^<\?xml\s+version\s*=\s*(["'])[^"']*\1\s+encoding\s*=\s*(["'])([A-Za-z][\w.-]*)\2/;

/**
 * The charset an XML declaration names (`<?xml version="1.0" encoding="ISO-8859-1"?>`), as
 * XML 1.0 has a parser follow it when no BOM (or charset given) says otherwise. Labels are read
 * as WHATWG Encoding reads them, as browsers do (ISO-8859-1 as windows-1252). A UTF-16 label is
 * left out: a declaration readable as ASCII is not UTF-16 text, and UTF-16 has a BOM.
 */
export function declaredXmlCharset(head: Uint8Array): string | undefined {
  const label = DECLARATION.exec(
    Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1'),
  )?.[3];
  if (label === undefined || /^utf-?16/i.test(label)) return undefined;
  if (!isKnownEncoding(label)) {
    throw new MalformedInputError(
      `The XML declaration names the encoding "${label}", which this service does not read; set options.encoding to a charset it reads, such as utf-8`,
    );
  }
  return label;
}
