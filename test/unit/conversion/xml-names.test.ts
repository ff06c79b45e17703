import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { keyOfXmlName, xmlName } from '#conversion/xml-names';

function isXmlName(name: string): boolean {
  try {
    new SaxesParser({ xmlns: false }).write(`<${name}/>`).close();
    return true;
  } catch {
    return false;
  }
}

describe('xmlName', () => {
  it.each([
    ['Title_text', 'Title_text'],
    ['Title_details', 'Title_details'],
    ['Prix (€)_text', 'Prix_x0020__x0028_€_x0029__text'],
    ['1st_text', '_x0031_st_text'],
    ['-a', '_x002D_a'],
    ['XMLish_text', '_x0058_MLish_text'],
    ['a:b', 'a_x003A_b'],
    ['_x0041_', '_x005F_x0041_'],
    ['_x00e9_', '_x00e9_'],
    ['\u{F0000}_text', '_x000F0000__text'],
    ['😀_text', '😀_text'],
    ['', '_'],
  ])('names %j as %j', (key, name) => {
    // Act
    const result = xmlName(key);

    // Assess
    expect(result).toBe(name);
    expect(isXmlName(result)).toBe(true);
  });

  it('gives a valid XML name that reads back as the key, for any key', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ minLength: 1 }), fc.string({ unit: 'binary', minLength: 1 })),
        (key) => {
          // Act
          const name = xmlName(key);

          // Assess
          expect(isXmlName(name)).toBe(true);
          expect(keyOfXmlName(name)).toBe(key);
        },
      ),
      { numRuns: 500 },
    );
  });
});
