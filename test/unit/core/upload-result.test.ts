import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uploadResult } from '#core/results/upload-result';
import { MemoryStore } from './memory-store.ts';

describe('uploadResult', () => {
  it('stores the bytes as they stream and gives their MD5, strings and bytes alike', async () => {
    const store = new MemoryStore();
    async function* chunks() {
      yield 'Title,Price\n';
      yield Buffer.from('«Ça», 1.5\n');
      yield new Uint8Array([0xe2, 0x80, 0x94, 0x0a]);
    }
    const result = await uploadResult(store, 'results/x.csv', chunks(), 'text/csv');
    const bytes = Buffer.concat([
      Buffer.from('Title,Price\n'),
      Buffer.from('«Ça», 1.5\n'),
      Buffer.from('—\n'),
    ]);
    expect(result).toEqual({
      key: 'results/x.csv',
      size: bytes.length,
      md5: createHash('md5').update(bytes).digest('hex'),
    });
    expect(store.objects.get('results/x.csv')?.body.equals(bytes)).toBe(true);
  });

  it('fails the upload, and takes no digest, when the records fail midway', async () => {
    async function* failing() {
      yield 'a\n';
      throw new Error('malformed input');
    }
    await expect(uploadResult(new MemoryStore(), 'k', failing(), 'text/csv')).rejects.toThrow(
      'malformed input',
    );
  });
});
