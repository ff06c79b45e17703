import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { generatedTypes, TYPES_FILE } from '#client/generate';

it('the committed client types are what openapi-typescript makes of openapi.json now (npm run openapi)', async () => {
  expect(await readFile(TYPES_FILE, 'utf8')).toBe(await generatedTypes());
});
