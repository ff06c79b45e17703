import { describe, expect, it } from 'vitest';
import { safeParse } from 'zod/v4/core';
import { createBodyFor } from '#api/task-bodies';
import { EXAMPLES } from '../../../functions/console/ui/examples.ts';

// The create editor starts from these: each must be a body the API accepts as it stands.
describe('the console’s example bodies', () => {
  it.each(EXAMPLES.map((example) => [example.id, example.body] as const))(
    '%s is a valid create body',
    (_id, body) => {
      const result = safeParse(createBodyFor(body), body);

      expect(result.success ? [] : result.error.issues).toEqual([]);
    },
  );
});
