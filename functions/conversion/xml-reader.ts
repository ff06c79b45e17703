import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { MAX_DEPTH, MalformedInputError, nestedTooDeep } from './errors.ts';
import type { RecordReader } from './reader.ts';
import type { OutputRecord } from './records.ts';
import { decodeText } from './text.ts';
import { declaredXmlCharset } from './xml-encoding.ts';
import { declareEntities } from './xml-entities.ts';
import { keyOfXmlName } from './xml-names.ts';

/** The text of an element that also has attributes or child elements. */
export const TEXT_KEY = '#text';
/** Largest record (in characters of text) held while it is read; bigger ones fail. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

interface Frame {
  name: string;
  fields: Map<string, unknown>;
  text: string;
  /** Whether it has attributes or child elements (then it is an object, else its text). */
  structured: boolean;
}

function add(fields: Map<string, unknown>, key: string, value: unknown): void {
  if (!fields.has(key)) fields.set(key, value);
  else {
    const existing = fields.get(key);
    if (Array.isArray(existing)) existing.push(value);
    else fields.set(key, [existing, value]);
  }
}

function frameValue(frame: Frame): unknown {
  if (!frame.structured) return frame.text;
  if (frame.text.trim() !== '') add(frame.fields, TEXT_KEY, frame.text.trim());
  return frame.fields;
}

/**
 * XML records: by default every child element of the document element is a record; `rootElement`
 * names the element whose children they are, `recordElement` the records' own name (found at any
 * depth). In a record, attributes and child elements become fields (a repeated one an array, a
 * nested one an object, an element with text only its text), names read back as the XML writer
 * escapes them (`_x0020_` is a space); saxes checks well-formedness, and a failure names its line
 * and column. The charset is the BOM's, `encoding`'s or the XML declaration's (else UTF-8); the
 * internal DTD subset's entities expand (declareEntities), external ones are never fetched.
 */
export const readXml: RecordReader = async function* (input, options) {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const { rootElement, recordElement } = options;
  const open: string[] = [];
  /** Depth (in `open`) of the element whose children are records, once it is found. */
  let containerDepth = -1;
  let record: Frame[] | undefined;
  let recordDepth = -1;
  let recordChars = 0;
  let count = 0;
  let documentChars = 0;
  let out: OutputRecord[] = [];

  const fail = (reason: string): never => {
    throw new MalformedInputError(
      `XML is not well formed at line ${parser.line}, column ${parser.column}: ${reason}`,
      {
        line: parser.line,
        record: count + 1,
      },
    );
  };
  const startsRecord = (name: string): boolean => {
    if (recordElement !== undefined && name !== recordElement) return false;
    if (rootElement === undefined && recordElement !== undefined) return true;
    return containerDepth >= 0 && open.length === containerDepth + 2;
  };

  parser.on('error', (error) => fail(error.message.replace(/^\d+:\d+: /, '')));
  parser.on('doctype', (doctype) => declareEntities(parser.ENTITIES, doctype, () => documentChars));
  parser.on('opentag', (tag: SaxesTagPlain) => {
    open.push(tag.name);
    const attributes = Object.entries(tag.attributes).map(
      ([name, value]) => [keyOfXmlName(name), value] as const,
    );
    const frame: Frame = {
      name: keyOfXmlName(tag.name),
      fields: new Map(attributes),
      text: '',
      structured: attributes.length > 0,
    };
    if (record !== undefined) {
      if (record.length >= MAX_DEPTH) throw nestedTooDeep({ line: parser.line, record: count + 1 });
      const parent = record[record.length - 1];
      if (parent) parent.structured = true;
      record.push(frame);
      return;
    }
    if (containerDepth === -1 && (rootElement === undefined ? open.length === 1 : tag.name === rootElement)) {
      containerDepth = open.length - 1;
      return;
    }
    if (startsRecord(tag.name)) {
      record = [frame];
      recordDepth = open.length - 1;
      recordChars = 0;
    }
  });
  const onText = (text: string) => {
    const frame = record?.[record.length - 1];
    if (frame === undefined) return;
    recordChars += text.length;
    if (recordChars > MAX_RECORD_CHARS) {
      throw new MalformedInputError(`Record ${count + 1} is larger than ${MAX_RECORD_CHARS} characters`, {
        line: parser.line,
        record: count + 1,
      });
    }
    frame.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const depth = open.length - 1;
    open.pop();
    if (record !== undefined) {
      const frame = record.pop() as Frame;
      const parent = record[record.length - 1];
      if (parent) {
        add(parent.fields, frame.name, frameValue(frame));
        return;
      }
      if (depth === recordDepth) {
        const value = frameValue(frame);
        out.push(typeof value === 'string' ? new Map([[TEXT_KEY, value]]) : (value as OutputRecord));
        count++;
        record = undefined;
      }
      return;
    }
    if (depth === containerDepth && rootElement !== undefined) containerDepth = -2; // records end here
  });

  let sawElement = false;
  for await (const text of decodeText(input, options.encoding, declaredXmlCharset)) {
    documentChars += text.length;
    parser.write(text);
    sawElement ||= open.length > 0 || containerDepth !== -1;
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  // An empty input (or one of only a prolog, comments, whitespace) has no records, not an error.
  if (!sawElement) return;
  parser.close();
  if (out.length > 0) yield out;
};
