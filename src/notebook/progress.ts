/**
 * Spark progress in a notebook cell: one output per step, replaced in place
 * (a display with an id, then updates) with a bar of the Spark tasks done while
 * the step runs, and replaced a last time by the step's closing line when it
 * ends, so nothing keeps redrawing after the action.
 *
 * Task counting is the demo's (TerminalProgress: per operation and stage, over
 * every operation of the session); this only draws it into the notebook.
 */
import { TerminalProgress, renderProgressLine, type ProgressSource, type StepState } from '../fish/progress.js';
import { InvalidArgumentError } from '../common/errors.js';
import { currentChannel, escapeHtml, settle, type DisplayChannel, type MimeBundle } from './display.js';

export interface NotebookProgressOptions {
  /** Redraw period while a step runs (default 500 ms). */
  readonly redrawMs?: number;
  /** Where bars go (default: the kernel, see `currentChannel`). */
  readonly channel?: DisplayChannel;
  /** Where `log` lines go (default: stdout, which the kernel shows under the cell). */
  readonly log?: (line: string) => void;
}

const OPTION_NAMES = new Set(['redrawMs', 'channel', 'log']);


/** The bar as text and as HTML (a <progress> element and the same words). */
export function progressBundle(s: StepState): MimeBundle {
  const text = renderProgressLine(s, 120);
  const max = Math.max(s.totalTasks, 1);
  const html =
    `<div style="font-family: monospace"><progress value="${Math.min(s.completedTasks, max)}" max="${max}" style="width: 16em"></progress> ` +
    `${escapeHtml(s.label)} · ${s.totalTasks > 0 ? `${s.completedTasks}/${s.totalTasks} tasks` : 'no Spark tasks yet'} · ${(s.elapsedMs / 1000).toFixed(1)} s</div>`;
  return { 'text/plain': text, 'text/html': html };
}

let nextId = 0;

export class NotebookProgress {
  readonly #inner: TerminalProgress;
  readonly #channel: DisplayChannel | undefined;
  readonly #redrawMs: number;
  readonly #log: (line: string) => void;
  #doneLine = '';

  /**
   * @param source the Spark session whose progress events feed the bars (undefined: steps show time only).
   * @throws InvalidArgumentError for unknown options or a negative redraw period.
   */
  constructor(source: ProgressSource | undefined, options: NotebookProgressOptions = {}) {
    for (const k of Object.keys(options)) if (!OPTION_NAMES.has(k)) throw new InvalidArgumentError(`NotebookProgress(options.${k})`, `one of ${[...OPTION_NAMES].join(', ')}`);
    const redrawMs = options.redrawMs ?? 500;
    if (!(typeof redrawMs === 'number' && redrawMs > 0)) throw new InvalidArgumentError('NotebookProgress(options.redrawMs)', 'a positive number of milliseconds', redrawMs);
    this.#redrawMs = redrawMs;
    this.#channel = options.channel;
    this.#log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    // The inner progress writes plain lines; only its closing line is kept (it names the outcome).
    this.#inner = new TerminalProgress(
      {
        write: (text: string) => {
          if (/^[✓✗]/.test(text)) this.#doneLine = text.trimEnd();
        },
      },
      { redrawMs: 0, plainIntervalMs: Number.POSITIVE_INFINITY },
    );
    if (source) this.#inner.attach(source);
  }

  /** Stops listening to the session. */
  close(): void {
    this.#inner.close();
  }

  log(line: string): void {
    this.#log(line);
  }

  /**
   * Runs `fn` under a bar in the current cell, updated every `redrawMs` while it
   * runs and replaced by the closing line (✓ or ✗, time, tasks) when it settles.
   * Steps do not nest. Returns (or throws) what `fn` does.
   */
  async step<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const channel = this.#channel ?? currentChannel();
    const id = `thunder-progress-${process.pid}-${++nextId}`;
    let shown = Promise.resolve();
    const draw = (update: boolean): void => {
      const s = this.#inner.state();
      if (!s) return;
      // Displays are sent one after another so an early update never overtakes the first display.
      shown = shown.then(() => channel.display(progressBundle(s), { id, update })).catch(() => undefined);
    };
    let timer: ReturnType<typeof setInterval> | undefined;
    try {
      return await this.#inner.step(label, async () => {
        draw(false);
        timer = setInterval(() => draw(true), this.#redrawMs);
        return fn();
      });
    } finally {
      if (timer) clearInterval(timer);
      const done = this.#doneLine;
      await shown;
      await channel.display({ 'text/plain': done, 'text/html': `<div style="font-family: monospace">${escapeHtml(done)}</div>` }, { id, update: true }).catch(() => undefined);
      // The closing line must reach the frontend even when the step ends the cell.
      if (!this.#channel) await settle();
    }
  }
}
