import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, payloadId } from '#core/canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x y' } })).toBe(
      '{"a":{"c":"x y","d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('canonicalJson and __proto__', () => {
  it('keeps a __proto__ key of a parsed scheme as a key', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":[2]}'))).toBe('{"__proto__":[2],"b":1}');
  });
});

describe('payloadId', () => {
  it('is the lowercase hex MD5 of the canonical JSON', () => {
    // md5('{"a":1,"b":2}')
    expect(payloadId({ b: 2, a: 1 })).toBe('608de49a4600dbb5b173492759792e4a');
  });
});
