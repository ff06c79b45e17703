import { describe, expect, it } from 'vitest';
import { parseScheme } from '#extraction/scheme';
import { maxDetailsDepth } from '#extraction/scheme-depth';

const leaf = () => ({ name: 'Stock', selector: '.stock', type: 1, attrs: ['text'] });

/** A scheme whose first field has `details` nested `depth` levels deep, built without recursion. */
function nested(depth: number) {
  let fields: Record<string, unknown>[] = [leaf()];
  for (let level = 0; level < depth; level++) {
    fields = [{ name: `Link${level}`, selector: 'a', type: 2, attrs: ['href'], details: { fields } }];
  }
  return { name: 'deep', request: { url: 'https://example.com/' }, fields };
}

const detailsPath = (depth: number) => Array.from({ length: depth }, () => 'fields.0.details').join('.');

describe('parseScheme on nested details', () => {
  it(`accepts details nested ${maxDetailsDepth} levels deep`, () => {
    // Act
    const result = parseScheme(nested(maxDetailsDepth));

    // Assess
    expect(result.success).toBe(true);
  });

  it.each([maxDetailsDepth + 1, 500, 100_000])(
    'refuses details nested %i levels deep at the first level too deep, without overflowing',
    (depth) => {
      // Act
      const result = parseScheme(nested(depth));

      // Assess
      expect(result).toEqual({
        success: false,
        issues: [
          {
            path: detailsPath(maxDetailsDepth + 1),
            reason: `Details nest at most ${maxDetailsDepth} levels deep`,
          },
        ],
      });
    },
  );

  it('refuses a deep branch beside a shallow one, and still checks the rest', () => {
    // Prepare
    const scheme = nested(1);
    const deep = nested(maxDetailsDepth).fields[0];
    scheme.fields = [...scheme.fields, { ...deep, name: 'Deep', details: { fields: [deep] } }];
    const withBadName = { ...scheme, name: ' ' };

    // Act
    const result = parseScheme(withBadName);

    // Assess
    expect(result.success).toBe(false);
    expect(!result.success && result.issues.map((issue) => issue.path)).toEqual([
      'name',
      `fields.1.details.${detailsPath(maxDetailsDepth)}`,
    ]);
  });
});
