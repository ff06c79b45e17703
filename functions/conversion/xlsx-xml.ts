import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { MalformedInputError } from './errors.ts';

export type XmlTag = SaxesTagPlain;

/** What a part's reader does with its elements: names are local (`x:c` is `c`), as writers prefix them. */
export interface XmlHandlers {
  open(name: string, tag: XmlTag): void;
  close(name: string): void;
  text?(text: string): void;
}

/** An element's name without its namespace prefix (the .NET Open XML SDK writes `x:row`). */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * Parses one part of the package with saxes (a conforming, streaming XML parser), calling the
 * handlers; after each chunk of text, `drain` hands on what they collected. A failure names the part.
 */
export async function* parsePart<T>(
  part: string,
  text: AsyncIterable<string>,
  handlers: XmlHandlers,
  drain: () => T | undefined,
): AsyncIterable<T> {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => handlers.open(localName(tag.name), tag));
  parser.on('closetag', (tag) => handlers.close(localName(tag.name)));
  const onText = handlers.text;
  if (onText) {
    parser.on('text', onText);
    parser.on('cdata', onText);
  }
  const malformed = (error: Error) =>
    new MalformedInputError(
      `The workbook's part ${part} is not well-formed XML: ${error.message}`,
      { record: 0 },
      {
        cause: error,
      },
    );
  for await (const chunk of text) {
    parser.write(chunk);
    if (failure) throw malformed(failure);
    const collected = drain();
    if (collected !== undefined) yield collected;
  }
  parser.close();
  if (failure) throw malformed(failure);
  const rest = drain();
  if (rest !== undefined) yield rest;
}

/** A part read for its side effects only (the workbook, its relationships, the styles). */
export async function readPart(
  part: string,
  text: AsyncIterable<string>,
  handlers: XmlHandlers,
): Promise<void> {
  for await (const _ of parsePart(part, text, handlers, () => undefined)) void _;
}
