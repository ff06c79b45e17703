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
  const encoding = getEncoding(body, {
    defaultEncoding: 'utf-8',
    ...(transportLayerEncodingLabel === undefined ? {} : { transportLayerEncodingLabel }),
  });
  return decoderFor(encoding).decode(body);
}

function decoderFor(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding);
  } catch {
    // A WHATWG name this runtime's ICU lacks (such as `replacement`): UTF-8 loses least.
    return new TextDecoder('utf-8');
  }
}
