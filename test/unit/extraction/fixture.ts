import { readFileSync } from 'node:fs';

const root = new URL('../../fixtures/html/', import.meta.url);

export const fixturePath = (name: string) => new URL(name, root);

export const readFixture = (name: string) => readFileSync(fixturePath(name), 'utf8');
