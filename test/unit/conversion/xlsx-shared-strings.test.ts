import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SharedStrings } from '#conversion/xlsx-shared-strings';

let folder = '';
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('SharedStrings', () => {
  it('gives every string back in any order when most blocks are on disk, leaving no file', async () => {
    // Prepare
    folder = await mkdtemp(join(tmpdir(), 'strings-'));
    const texts = Array.from(
      { length: 5000 },
      (_, index) => `${index} ${'é😀'.repeat(index % 40)}${index % 97 === 0 ? '\uD800' : ''}`,
    );
    const strings = new SharedStrings(folder, 64 * 1024);
    for (const text of texts) strings.add(text);
    strings.finish();

    // Act
    const order = texts.map((_, index) => (index * 7919) % texts.length);
    const read = order.map((index) => strings.get(index));

    // Assess
    expect(read).toEqual(order.map((index) => texts[index]));
    expect(strings.get(5000)).toBeUndefined();
    expect(strings.get(-1)).toBeUndefined();
    expect(await readdir(folder)).toEqual([]);
    strings.close();
  });
});
