/**
 * examples/zebrafish.ipynb executed headless, as a user's Jupyter would run it:
 * nbclient (PyPI) in the venv that `npm run notebook:setup` makes (created here
 * once and reused while its pinned versions hold), Deno's Jupyter kernel from
 * npm, the package imported as `thunder-connect/*` from dist/ (rebuilt when
 * older than src/). The notebook's first cell uses the test server through
 * SPARK_REMOTE instead of starting a second Spark on the same machine.
 *
 * Expected values are the Thunder notebook's own printed output
 * (/work/shared/seed/zebrafish-thunder-notebook.txt) and which of its questions
 * draw figures, read off that notebook.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureBuilt, jupyterEnv, REPO_ROOT, setupNotebookEnv } from '../../src/cli/notebook-env.js';
import { scratchDir } from '../helpers/temp.js';

const run = promisify(execFile);

interface Output {
  readonly output_type: string;
  readonly data?: Record<string, unknown>;
  readonly text?: string | string[];
  readonly ename?: string;
  readonly evalue?: string;
}
interface Cell {
  readonly cell_type: string;
  readonly source: string | string[];
  readonly outputs?: Output[];
  readonly execution_count?: number | null;
}
interface Row {
  readonly where: string;
  readonly what: string;
  readonly notebook: string | number;
  readonly ours: string | number;
}

const text = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join('') : (s ?? ''));
/** The questions whose notebook cells draw a figure (Q4, Q7, Q10–Q12 and Q17 print or compute only). */
const FIGURE_QUESTIONS = [1, 2, 3, 5, 6, 8, 9, 13, 14, 15, 16, 18, 19, 20, 21];
const VEGA_LITE = 'application/vnd.vegalite.v6+json';
/** base64 of the 8-byte PNG signature 89 50 4E 47 0D 0A 1A 0A. */
const PNG_BASE64_SIGNATURE = 'iVBORw0KGgo';

let cells: Cell[] = [];
let log = '';

function questionCell(n: number): Cell {
  const c = cells.find((x) => x.cell_type === 'code' && text(x.source).includes(`fish.question(${n}))`));
  expect(c, `the code cell of question ${n}`).toBeDefined();
  return c!;
}

function rowsOf(n: number): Row[] {
  const outs = questionCell(n).outputs ?? [];
  return outs.flatMap((o) => {
    const json = o.data?.['application/json'] as { question?: number; rows?: Row[] } | undefined;
    return json?.question === n ? (json.rows ?? []) : [];
  });
}

function row(n: number, where: string, what: string | RegExp): Row {
  const r = rowsOf(n).find((x) => x.where === where && (typeof what === 'string' ? x.what === what : what.test(x.what)));
  expect(r, `Q${n}: ${where} ${String(what)}`).toBeDefined();
  return r!;
}

describe('examples/zebrafish.ipynb', () => {
  beforeAll(async () => {
    const t0 = Date.now();
    await ensureBuilt((l) => console.log(l));
    const t1 = Date.now();
    const env = await setupNotebookEnv({ lab: false, log: (l) => console.log(l) });
    const t2 = Date.now();
    const out = join(scratchDir('notebook-'), 'zebrafish.out.ipynb');
    const result = await run(env.python, [join(REPO_ROOT, 'scripts', 'execute-notebook.py'), join(REPO_ROOT, 'examples', 'zebrafish.ipynb'), out, '--kernel', 'deno', '--cell-timeout', '2700'], {
      env: jupyterEnv(env, { ...process.env, SPARK_REMOTE: inject('sparkRemote') }),
      maxBuffer: 64 * 1024 * 1024,
    }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
    log = `${result.stdout}\n${result.stderr}`;
    console.log(`notebook test: build check ${((t1 - t0) / 1000).toFixed(1)} s, notebook environment ${((t2 - t1) / 1000).toFixed(1)} s, execution ${((Date.now() - t2) / 1000).toFixed(1)} s\n${result.stdout}`);
    cells = (JSON.parse(readFileSync(out, 'utf8')) as { cells: Cell[] }).cells;
  }, 60 * 60_000);

  it('runs every code cell without an error', () => {
    const code = cells.filter((c) => c.cell_type === 'code');
    // setup, 21 questions, the Series cell after Q4, the closing cell
    expect(code.length).toBe(24);
    for (const c of code) {
      const errors = (c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`);
      expect(errors, `${text(c.source).split('\n')[0]}\n${log}`).toEqual([]);
      expect(c.execution_count, text(c.source)).toBeGreaterThan(0);
    }
  });

  it('draws every figure as a Vega-Lite bundle with a PNG beside it', () => {
    for (let q = 1; q <= 21; q++) {
      const figures = (questionCell(q).outputs ?? []).filter((o) => o.data?.[VEGA_LITE] !== undefined);
      if (FIGURE_QUESTIONS.includes(q)) expect(figures.length, `figures of Q${q}`).toBeGreaterThan(0);
      else expect(figures.length, `figures of Q${q}`).toBe(0);
      for (const f of figures) {
        expect((f.data![VEGA_LITE] as { $schema?: string }).$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
        expect(String(f.data!['image/png'] ?? '').startsWith(PNG_BASE64_SIGNATURE), `PNG beside a figure of Q${q}`).toBe(true);
      }
    }
  });

  it("prints the notebook's numbers next to ours, and ours match", () => {
    const same = (n: number, where: string, what: string | RegExp, expected: string | number): void => {
      const r = row(n, where, what);
      expect(r.notebook, `the notebook's ${where} ${String(what)}`).toEqual(expected);
      if (typeof expected === 'number') expect(r.ours as number).toBeCloseTo(expected, 6);
      else expect(r.ours).toBe(expected);
    };
    same(1, 'In [1]', 'number of images', 20);
    same(1, 'In [2]', 'shape of the data', '(20, 2, 76, 87)');
    same(1, 'In [2]', 'shape of the first image', '(2, 76, 87)');
    same(3, 'Q3', 'shape before subsampling', '(20, 2, 76, 87)');
    same(3, 'Q3', 'shape after subsampling', '(20, 2, 16, 18)');
    same(4, 'Q4', 'shape of the series', '(2, 76, 87, 20)');
    same(5, 'In [9]', 'value 10th of voxel (0,0,0)', 25);
    same(5, 'In [10]', 'between(0, 8).first()', '[26 26 26 26 26 26 26 25]');
    same(5, 'In [11]', 'select(3 < x < 8).index', '[4 5 6 7]');
    same(5, 'In [11]', 'select(3 < x < 8).first()', '[26 26 26 25]');
    same(6, 'In [13]', 'max std of the raw series', 20.80931282);
    same(6, 'In [18]', 'length of means', 13224);
    same(7, 'Q7', 'shape of the normalized data', '(2, 76, 87, 20)');
    same(8, 'In [28]', 'average std of the background', 0.000304580735977);
    same(17, 'Q17', /^voxels kept/, '(5898, 20)');
    // K-means: MLlib from another random start than the notebook's scikit-learn, so close, not equal.
    const error1: Record<number, number> = { 5: 532.18770541, 30: 336.88764199, 200: 242.21174666 };
    for (const [k, e] of Object.entries(error1)) {
      const r = row(11, 'Q11', `error 1 (Σ distance), K = ${k}`);
      expect(r.notebook).toBe(e);
      expect(Math.abs((r.ours as number) - e) / e, `error 1 at K = ${k}`).toBeLessThan(0.1);
    }
    expect(rowsOf(12).length, 'error 2 for the notebook K values').toBe(8);
  });

  it('shows a Series as a summary, and progress bars closed when their step ended', () => {
    const poke = cells.find((c) => c.cell_type === 'code' && text(c.source).includes('fishSeries'));
    const shown = (poke?.outputs ?? []).map((o) => String(o.data?.['text/plain'] ?? ''));
    expect(shown.some((t) => /^Series {2}mode: spark, shape: \[2, 76, 87, 20\], dtype: uint8, partitions: \d+/.test(t)), shown.join('\n')).toBe(true);

    const q1 = (questionCell(1).outputs ?? []).map((o) => String(o.data?.['text/plain'] ?? ''));
    expect(q1.some((t) => /^✓ In \[1\] {2}load the fish example as Images \(/.test(t)), q1.join('\n')).toBe(true);
    // A step counts tasks from Spark's progress events; a quick one may get none, the K sweep always does.
    const q10 = (questionCell(10).outputs ?? []).map((o) => String(o.data?.['text/plain'] ?? ''));
    expect(q10.some((t) => /^✓ Q10 {2}K-means .*, \d+ Spark tasks\)$/.test(t)), q10.join('\n')).toBe(true);
    // A bar still drawn (█ done, ░ to do) would mean a step's display was never replaced by its closing line.
    for (const c of cells) for (const o of c.outputs ?? []) expect(String(o.data?.['text/plain'] ?? '')).not.toMatch(/[█░]/);
  });

  it('closes the session in its last cell', () => {
    const last = cells.filter((c) => c.cell_type === 'code').at(-1)!;
    expect((last.outputs ?? []).map((o) => String(o.data?.['text/plain'] ?? '')).join('')).toContain('session closed');
  });
});
