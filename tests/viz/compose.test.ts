/** Figures of many parts: grid and seriesDensity, against hand-counted values. */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, grid, image, seriesDensity } from '../../src/viz/index.js';
import { checkSpec } from './helpers.js';

describe('composite figures', () => {
  it('grid lays parts out in rows and keeps their titles', async () => {
    const part = image([[1, 2], [3, 4]], { title: 'a' });
    const g = grid([part, part, part], { columns: 2 }) as unknown as { vconcat: { hconcat: { title: unknown }[] }[] };
    expect(g.vconcat.map((r) => r.hconcat.length)).toEqual([2, 1]);
    expect(g.vconcat[0]!.hconcat[0]!.title).toEqual({ text: 'a', anchor: 'middle' });
    // Valid against the pinned Vega-Lite schema, compiles, renders.
    await checkSpec(g);
    await checkSpec(grid([part]));
  });

  it('seriesDensity counts the rows taking each rounded value at each position', async () => {
    // Rows [1, 2], [1, 3], [1.2, 2]: position 0 has value 1 three times; position 1 has 2 twice and 3 once.
    const spec = seriesDensity([[1, 2], [1, 3], [1.2, 2]]) as unknown as { data: { values: { t: number; v: number; count: number }[] } };
    const cells = spec.data.values.map(({ t, v, count }) => [t, v, count]).sort();
    expect(cells).toEqual([
      [0, 1, 3],
      [1, 2, 2],
      [1, 3, 1],
    ]);
    const svg = await checkSpec(spec);
    expect(svg).toContain('<svg');
  });

  it('rejects bad input with errors naming the argument', () => {
    expect(() => seriesDensity([1, 2, 3])).toThrow(/seriesDensity\(series\)/);
    expect(() => seriesDensity([[1, 2], [3]])).toThrow(InvalidArgumentError);
    expect(() => grid([])).toThrow(/grid\(specs\)/);
    expect(() => grid([image([[1]])], { columns: 0 })).toThrow(/grid\(options.columns\)/);
    const withParams = { ...image([[1]]), params: [{ name: 'p', value: 1 }] } as never;
    expect(() => grid([image([[1]]), withParams])).toThrow(/grid\(specs\[1\]\)/);
  });
});

