import { TextDecoder } from 'node:util';
import { getEncoding } from 'encoding-sniffer';

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/iu.exec(contentType);
  const label = match?.[1] ?? match?.[2];
  return label === undefined || label === '' ? undefined : label;
}

/**
 * Decodes an HTML body as browsers do: BOM, then the header's charset, then a `<meta>` in the
 * first 1024 bytes (WHATWG labels); undeclared pages are read as UTF-8, today's default.
 */
export function decodeHtml(body: Uint8Array, contentType: string): string {
  const transportLayerEncodingLabel = charsetOf(contentType);
  // The common case needs no sniffing: no BOM (which would win) and the header says UTF-8.
  if (isUtf8Label(transportLayerEncodingLabel) && !hasBom(body)) return utf8.decode(body);
  const encoding = getEncoding(body, {
    defaultEncoding: 'utf-8',
    ...(transportLayerEncodingLabel === undefined ? {} : { transportLayerEncodingLabel }),
  });
  return decoderFor(encoding).decode(body);
}

const utf8 = new TextDecoder('utf-8');

function isUtf8Label(label: string | undefined): boolean {
  const name = label?.trim().toLowerCase();
  return name === 'utf-8' || name === 'utf8' || name === 'unicode-1-1-utf-8';
}

/** A UTF-8 or UTF-16 byte order mark. */
function hasBom(body: Uint8Array): boolean {
  const [first, second, third] = body;
  return (
    (first === 0xef && second === 0xbb && third === 0xbf) ||
    (first === 0xfe && second === 0xff) ||
    (first === 0xff && second === 0xfe)
  );
}

function decoderFor(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding);
  } catch {
    // A WHATWG name this runtime's ICU lacks (such as `replacement`): UTF-8 loses least.
    return new TextDecoder('utf-8');
  }
}
