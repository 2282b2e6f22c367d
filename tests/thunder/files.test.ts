/** The atomic directory writer: a failure part-way leaves neither the target nor a temp dir. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDirectory } from '../../src/thunder/io/files.js';
import { tempDir } from './cases/helpers.js';

describe('writeDirectory', () => {
  it('leaves nothing behind when an encoder fails on the third file', async () => {
    const root = await tempDir();
    const files = [0, 1, 2, 3].map((i) => ({
      name: `f${i}`,
      data: () => {
        if (i === 2) throw new Error('encoder failed');
        return 'x';
      },
    }));
    await expect(writeDirectory(join(root, 'out'), files, false)).rejects.toThrow('encoder failed');
    expect(await readdir(root)).toEqual([]);
  });

  it('writes all files when nothing fails', async () => {
    const root = await tempDir();
    await writeDirectory(join(root, 'out'), [{ name: 'a', data: () => 'x' }], false);
    expect(await readdir(join(root, 'out'))).toEqual(['a']);
  });
});
