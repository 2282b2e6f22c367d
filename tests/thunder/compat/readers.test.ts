/**
 * Thunder 1.4's test/test_readers.py for local files: the listing behind every file loader
 * (`listFiles`). Thunder's LocalParallelReader and LocalFileReader list alike; here one lister
 * serves every loader, so each pair of Thunder cases calls it the same way. The S3 and Google
 * Storage readers have no counterpart (docs/thunder-compat.md).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../../src/thunder/io/files.js';
import { extensions } from '../../../src/thunder/loaders/options.js';
import { tempDir } from '../cases/helpers.js';

/** Thunder's make(): folders foo, bar, foo/bar and the files, each holding 'hi'. */
async function make(files: readonly string[]): Promise<string> {
  const dir = await tempDir();
  for (const d of ['foo', 'bar', 'foo/bar']) await mkdir(join(dir, d));
  for (const f of files) await writeFile(join(dir, f), 'hi');
  return dir;
}

const parse = (files: readonly string[]): string[] => files.map((f) => basename(f));
const list = (dir: string, recursive: boolean, ext: readonly string[] = []): Promise<string[]> => listFiles(dir, { ext, recursive });

describe('Thunder test_readers.py (local files)', () => {
  for (const reader of ['parallel', 'local']) {
    it(`test_${reader}_flat`, async () => {
      expect(parse(await list(await make(['b', 'a', 'c']), false))).toEqual(['a', 'b', 'c']);
    });

    it(`test_${reader}_recursive_flat`, async () => {
      const files = reader === 'parallel' ? ['b', 'a', 'c'] : ['a', 'b', 'c'];
      expect(parse(await list(await make(files), true))).toEqual(['a', 'b', 'c']);
    });

    it(`test_${reader}_nested`, async () => {
      expect(parse(await list(await make(['foo/b', 'foo/bar/q', 'bar/a', 'c']), false))).toEqual(['c']);
    });

    it(`test_${reader}_recursive_nested`, async () => {
      // sorted full paths: bar/a, c, foo/b, foo/bar/q
      expect(parse(await list(await make(['foo/b', 'foo/bar/q', 'bar/a', 'c']), true))).toEqual(['a', 'c', 'b', 'q']);
    });
  }

  it('test_tif_tiff_flat', async () => {
    const dir = await make(['b.tif', 'a.tif', 'c.tiff']);
    expect(parse(await list(dir, false, extensions('tif', ['tif'])))).toEqual(['a.tif', 'b.tif', 'c.tiff']);
    expect(parse(await list(dir, true, extensions('tif', ['tif'])))).toEqual(['a.tif', 'b.tif', 'c.tiff']);
  });

  it('test_tif_tiff_recursive', async () => {
    const dir = await make(['foo/b.tif', 'foo/bar/q.tiff', 'bar/a', 'c.tif', 'd.tiff']);
    expect(parse(await list(dir, false, extensions('tif', ['tif'])))).toEqual(['c.tif', 'd.tiff']);
    expect(parse(await list(dir, true, extensions('tif', ['tif'])))).toEqual(['c.tif', 'd.tiff', 'b.tif', 'q.tiff']);
  });
});
