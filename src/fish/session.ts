/**
 * The fish job question by question, for a notebook: `question(n)` returns what
 * the demo's report holds for notebook question n (its paragraphs, figures,
 * tables and the notebook's numbers next to ours).
 *
 * The demo computes a whole notebook section at a time (Q1–Q4, Q5–Q9, Q10–Q15,
 * Q16–Q19, Q20, Q21), so the first question asked of a section runs that
 * section (and the sections it needs) once; the section's other questions then
 * read the recorded output. Each item is attributed to a question by the tag its
 * text starts with (`Q14:`, `In [17]:`), untagged items to the question before.
 */
import { InvalidArgumentError } from '../common/errors.js';
import type { SparkSession } from '../connect/index.js';
import { Report, type ReportFigureOptions, type TableCell, type TableOptions, type TextOptions, type VegaLiteSpec } from '../viz/index.js';
import { clusterVoxels, type Clustered } from './clustering.js';
import type { JobContext, Steps } from './context.js';
import { removeNoise } from './denoise.js';
import { gaussianMixtures } from './gmm.js';
import { inspectImages, type Inspected } from './inspect.js';
import { fishOptions, type FishOptions } from './options.js';
import { REPORT_TITLE } from './report.js';
import { exploreSeries, type SeriesData } from './series.js';
import { Summary, type SummaryRow, type Value } from './summary.js';
import { validateOnTime } from './validation.js';

/** One piece of the report, in the order the demo wrote it. */
export type QuestionItem =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'figure'; readonly spec: VegaLiteSpec; readonly caption: string | undefined }
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: readonly (readonly TableCell[])[]; readonly caption: string | undefined };

export interface QuestionOutput {
  /** 1..21. */
  readonly question: number;
  readonly items: readonly QuestionItem[];
  /** The notebook's printed numbers next to ours (may be empty). */
  readonly rows: readonly SummaryRow[];
}

/** Notebook cells `In [n]` that print or plot, by the question they belong to (read off the notebook). */
const CELL_QUESTION: readonly (readonly [number, number, number])[] = [
  // [first cell, last cell, question]
  [1, 3, 1],
  [4, 4, 2],
  [5, 5, 3],
  [6, 7, 4],
  // In [8]–[11] open the notebook's section 2.2 (Series), which Question 5 belongs to.
  [8, 12, 5],
  [13, 23, 6],
  [24, 24, 7],
  [25, 28, 8],
  [114, 114, 8],
  [29, 29, 9],
  [30, 30, 10],
  [31, 31, 11],
  [32, 32, 12],
  [33, 33, 13],
  [34, 37, 14],
  [38, 40, 15],
  [41, 41, 16],
  [42, 42, 17],
  [43, 64, 18],
  [65, 68, 19],
  [69, 115, 20],
  [117, 127, 21],
];

/** The question a tagged text refers to (`Q19b and g: …` → 19, `In [17]: …` → 6), or undefined when untagged. */
export function questionOfTag(text: string): number | undefined {
  const m = /^(?:Q(\d+)|In \[(\d+)\])/.exec(text.trimStart());
  if (!m) return undefined;
  if (m[1] !== undefined) return Number(m[1]);
  const cell = Number(m[2]);
  return CELL_QUESTION.find(([a, b]) => cell >= a && cell <= b)?.[2];
}

interface Recorded {
  readonly question: number;
  readonly item: QuestionItem;
}

/**
 * Attributes what is written to questions: the tag of the text, else the question written last;
 * always within the section being computed (its earlier questions' cells have been shown already).
 */
class Attribution {
  current = 1;
  first = 1;
  last = 21;
  start(section: { readonly first: number; readonly last: number }): void {
    this.current = this.first = section.first;
    this.last = section.last;
  }
  of(tag: string | undefined): number {
    const q = tag === undefined ? undefined : questionOfTag(tag);
    if (q !== undefined) this.current = Math.min(Math.max(q, this.first), this.last);
    return this.current;
  }
}

/** A report that also keeps each paragraph, figure and table with its question. */
class RecordingReport extends Report {
  readonly recorded: Recorded[] = [];
  constructor(private readonly attribution: Attribution) {
    super(REPORT_TITLE);
  }
  override text(text: string, opts: TextOptions = {}): this {
    super.text(text, opts);
    this.recorded.push({ question: this.attribution.of(text), item: { kind: 'text', text } });
    return this;
  }
  override figure(spec: VegaLiteSpec, opts: ReportFigureOptions = {}): this {
    super.figure(spec, opts);
    this.recorded.push({ question: this.attribution.of(opts.caption), item: { kind: 'figure', spec, caption: opts.caption } });
    return this;
  }
  override table(columns: readonly string[], rows: readonly (readonly TableCell[])[], opts: TableOptions = {}): this {
    super.table(columns, rows, opts);
    this.recorded.push({ question: this.attribution.of(opts.caption), item: { kind: 'table', columns, rows, caption: opts.caption } });
    return this;
  }
}

/** A summary whose rows also know their question. */
class RecordingSummary extends Summary {
  readonly questions: number[] = [];
  constructor(private readonly attribution: Attribution) {
    super();
  }
  override add(where: string, what: string, notebook: Value, ours: Value): this {
    this.questions.push(this.attribution.of(where));
    return super.add(where, what, notebook, ours);
  }
}

/** The demo's sections, each with the questions it answers. */
const SECTIONS = [
  { first: 1, last: 4 },
  { first: 5, last: 9 },
  { first: 10, last: 15 },
  { first: 16, last: 19 },
  { first: 20, last: 20 },
  { first: 21, last: 21 },
] as const;

export class FishSession {
  readonly options: FishOptions;
  readonly #ctx: JobContext;
  readonly #attribution = new Attribution();
  readonly #report: RecordingReport;
  readonly #summary: RecordingSummary;
  readonly #runs = new Map<number, Promise<unknown>>();

  /**
   * @param spark the session to run on; undefined runs on the local engine.
   * @param steps where step progress goes (a notebook progress bar, a terminal).
   * @param flags the demo's flags (`k`, `threshold`, `seed`; see `npm run demo -- --help`).
   * @throws InvalidArgumentError for unknown or bad flags, as `demo` does.
   */
  constructor(spark: SparkSession | undefined, steps: Steps, flags: Readonly<Record<string, string>> = {}) {
    if (typeof flags !== 'object' || flags === null) throw new InvalidArgumentError('FishSession(flags)', 'an object of demo flags', flags);
    this.options = fishOptions({ ...flags });
    this.#report = new RecordingReport(this.#attribution);
    this.#summary = new RecordingSummary(this.#attribution);
    this.#ctx = { engine: spark ? { engine: spark } : {}, spark, options: this.options, report: this.#report, summary: this.#summary, steps };
  }

  /** Every row of the notebook's numbers next to ours recorded so far. */
  get summary(): Summary {
    return this.#summary;
  }

  /**
   * What the demo shows for question `n` (1..21), running its section first when
   * no earlier question of that section has. Sections run in notebook order: asking
   * for Q21 first runs Q1–Q15 on the way.
   * @throws InvalidArgumentError when n is not an integer in 1..21.
   */
  async question(n: number): Promise<QuestionOutput> {
    if (!Number.isInteger(n) || n < 1 || n > 21) throw new InvalidArgumentError('question(n)', 'an integer in 1..21', n);
    const section = SECTIONS.findIndex((s) => n >= s.first && n <= s.last);
    await this.#section(section);
    const items = this.#report.recorded.filter((r) => r.question === n).map((r) => r.item);
    const rows = this.#summary.rows.filter((_, i) => this.#summary.questions[i] === n);
    return { question: n, items, rows };
  }

  #section(i: number): Promise<unknown> {
    let run = this.#runs.get(i);
    if (!run) {
      run = this.#compute(i);
      this.#runs.set(i, run);
    }
    return run;
  }

  async #compute(i: number): Promise<unknown> {
    const ctx = this.#ctx;
    const start = (): void => this.#attribution.start(SECTIONS[i]!);
    switch (i) {
      case 0:
        start();
        return inspectImages(ctx);
      case 1: {
        const inspected = (await this.#section(0)) as Inspected;
        start();
        return exploreSeries(ctx, inspected.images);
      }
      case 2: {
        const sd = (await this.#section(1)) as SeriesData;
        start();
        return clusterVoxels(ctx, sd);
      }
      case 3:
      case 4: {
        const sd = (await this.#section(1)) as SeriesData;
        start();
        return i === 3 ? removeNoise(ctx, sd) : validateOnTime(ctx, sd);
      }
      default: {
        const sd = (await this.#section(1)) as SeriesData;
        const kmeans = (await this.#section(2)) as Clustered;
        start();
        return gaussianMixtures(ctx, sd, kmeans);
      }
    }
  }
}
