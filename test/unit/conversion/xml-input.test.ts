import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { converted } from './input.ts';
import { python } from './tools.ts';

const jsonOf = async (xml: string | Uint8Array, options = {}) =>
  JSON.parse((await converted('xml', 'json', xml, options)).toString()) as unknown;

/** `text` encoded by Python in `codec`, under a declaration naming `label`. */
const encoded = (text: string, codec: string, label: string) =>
  python(
    `import sys; sys.stdout.buffer.write(sys.stdin.read().encode(${JSON.stringify(codec)}))`,
    `<?xml version="1.0" encoding="${label}"?>\n<rows><row><name>${text}</name></row></rows>\n`,
  );

describe('XML input charset', () => {
  it.each([
    ['ISO-8859-1', 'latin-1', 'José Zürich © ½'],
    ['windows-1252', 'cp1252', '“Prix” 12 € – Œuvre'],
    ['ISO-8859-15', 'iso-8859-15', 'Prix 12 € Œuvre de Šárka'],
  ])('follows the declaration (%s), as expat reads it', async (label, codec, text) => {
    const file = encoded(text, codec, label);
    expect(file.includes(Buffer.from(text))).toBe(false); // not UTF-8 bytes
    const expat = python(
      'import sys, xml.etree.ElementTree as ET; print(ET.fromstring(sys.stdin.buffer.read()).find("row/name").text)',
      file,
    );
    expect(expat.toString().trim()).toBe(text);
    expect(await jsonOf(file)).toEqual([{ name: text }]);
  });

  it('lets a BOM or options.encoding override the declaration', async () => {
    const latin1 = encoded('Zürich', 'latin-1', 'utf-8');
    expect(await jsonOf(latin1, { encoding: 'iso-8859-1' })).toEqual([{ name: 'Zürich' }]);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), encoded('Zürich', 'utf-8', 'ISO-8859-1')]);
    expect(await jsonOf(bom)).toEqual([{ name: 'Zürich' }]);
  });

  it('fails on a charset it does not read, naming it', async () => {
    await expect(jsonOf('<?xml version="1.0" encoding="EBCDIC-FR"?><r/>')).rejects.toThrow(
      'The XML declaration names the encoding "EBCDIC-FR", which this service does not read',
    );
  });
});

describe('XML input entities', () => {
  it('expands those the internal DTD subset declares, in text and attributes', async () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE rows [
  <!-- <!ENTITY co "not this one"> -->
  <!ENTITY co "Acme">
  <!ENTITY full "&co; &amp; Sons &#169;">
  <!ENTITY co "ignored: the first declaration binds">
]>
<rows><row maker="&co;"><name>&full;</name></row></rows>`;
    expect(await jsonOf(xml)).toEqual([{ maker: 'Acme', name: 'Acme & Sons ©' }]);
  });

  it('never fetches an external entity: a reference to one fails', async () => {
    let requests = 0;
    const server = createServer((_, response) => {
      requests++;
      response.end('secret');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    try {
      const xml = `<!DOCTYPE rows [<!ENTITY ext SYSTEM "${url}">]><rows><row>&ext;</row></rows>`;
      await expect(jsonOf(xml)).rejects.toThrow(
        `The entity &ext; is external (SYSTEM "${url}"): external entities are never fetched`,
      );
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('fails on an entity bomb instead of expanding it', async () => {
    const levels = Array.from(
      { length: 9 },
      (_, index) => `<!ENTITY l${index + 1} "${`&l${index};`.repeat(10)}">`,
    );
    const xml = `<!DOCTYPE r [<!ENTITY l0 "lol">${levels.join('')}]><r><row>&l9;</row></r>`;
    await expect(jsonOf(xml)).rejects.toThrow(/expand to more than 100 times its size/);
  });
});

describe('XML element names in the options', () => {
  it('finds the records of any XML name as recordElement and rootElement', async () => {
    const xml = '<商店><棚><商品><名前>茶</名前></商品><商品><名前>米</名前></商品></棚></商店>';
    expect(await jsonOf(xml, { rootElement: '棚', recordElement: '商品' })).toEqual([
      { 名前: '茶' },
      { 名前: '米' },
    ]);
    expect(await jsonOf(xml, { recordElement: '商品' })).toEqual([{ 名前: '茶' }, { 名前: '米' }]);
  });
});
