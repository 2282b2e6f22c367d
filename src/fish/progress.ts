/**
 * Terminal progress for the demo's steps, fed by Spark's execution progress
 * (`spark.onProgress`): on a TTY one bar per step, redrawn in place; otherwise
 * plain lines (a start line, a line every `plainIntervalMs`, a done line), so
 * logs and CI output stay readable.
 *
 * Tasks are counted per (operation, stage) over every operation that reports
 * while a step runs, so concurrent fits of a K sweep add up in one bar. Spark
 * reports skipped stages (already computed, e.g. cached) as never done; the bar
 * therefore may stop short of full and is completed when the step returns.
 */
import type { ProgressEvent } from '../connect/index.js';

/** What a progress line shows about one step. */
export interface StepState {
  readonly label: string;
  readonly completedTasks: number;
  readonly totalTasks: number;
  readonly elapsedMs: number;
}

/** Where progress goes: a TTY stream is redrawn in place, anything else gets whole lines. */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

export interface ProgressOptions {
  /** Clock (tests inject one). */
  readonly now?: () => number;
  /** TTY redraw period for the elapsed time (default 250 ms; 0: redraw on events only). */
  readonly redrawMs?: number;
  /** Period of the intermediate plain lines (default 15 s). */
  readonly plainIntervalMs?: number;
}

/** The event source: a Spark session, or nothing when the job runs on the local engine. */
export interface ProgressSource {
  onProgress(listener: (event: ProgressEvent) => void): () => void;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - 60 * m)).padStart(2, '0')} s`;
}

/** A bar of `width` cells for a fraction in [0, 1] (clamped; NaN draws empty). */
export function renderBar(fraction: number, width: number): string {
  const f = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;
  const full = Math.round(f * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

const LABEL_WIDTH = 44;
const BAR_WIDTH = 24;

function fitLabel(label: string, width: number): string {
  return label.length > width ? `${label.slice(0, width - 1)}…` : label.padEnd(width);
}

function taskText(s: StepState): string {
  return s.totalTasks > 0 ? `${s.completedTasks}/${s.totalTasks} tasks` : 'no Spark tasks yet';
}

/** One TTY line: label, bar, tasks and elapsed time, cut to `columns`. */
export function renderProgressLine(s: StepState, columns = 100): string {
  const fraction = s.totalTasks > 0 ? s.completedTasks / s.totalTasks : 0;
  const line = `${fitLabel(s.label, LABEL_WIDTH)} ${renderBar(fraction, BAR_WIDTH)} ${taskText(s).padEnd(17)} ${formatDuration(s.elapsedMs)}`;
  return line.length > columns ? line.slice(0, Math.max(columns - 1, 0)) : line;
}

/** The line that closes a step (TTY and plain alike). */
export function renderDoneLine(s: StepState, failed = false): string {
  const tasks = s.totalTasks > 0 ? `, ${s.totalTasks} Spark task${s.totalTasks === 1 ? '' : 's'}` : '';
  return `${failed ? '✗' : '✓'} ${s.label} (${formatDuration(s.elapsedMs)}${tasks})${failed ? ' FAILED' : ''}`;
}

/** An intermediate plain line for long steps off a TTY. */
export function renderPlainLine(s: StepState): string {
  return `  … ${s.label}: ${taskText(s)}, ${formatDuration(s.elapsedMs)}`;
}

interface StageCount {
  numTasks: number;
  completed: number;
}

export class TerminalProgress {
  private readonly out: ProgressOutput;
  private readonly now: () => number;
  private readonly redrawMs: number;
  private readonly plainIntervalMs: number;
  private current: { label: string; start: number; stages: Map<string, StageCount>; lastPlain: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private detach: (() => void) | undefined;

  constructor(out: ProgressOutput, options: ProgressOptions = {}) {
    this.out = out;
    this.now = options.now ?? Date.now;
    this.redrawMs = options.redrawMs ?? 250;
    this.plainIntervalMs = options.plainIntervalMs ?? 15_000;
  }

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  /** Listens to a session's progress until `close()`. */
  attach(source: ProgressSource): void {
    this.detach?.();
    this.detach = source.onProgress((e) => this.onEvent(e));
  }

  close(): void {
    this.detach?.();
    this.detach = undefined;
    this.stopTimer();
  }

  /** The current step's counts (for tests and the done line). */
  state(): StepState | undefined {
    const c = this.current;
    if (!c) return undefined;
    let total = 0;
    let completed = 0;
    for (const s of c.stages.values()) {
      total += s.numTasks;
      completed += Math.min(s.completed, s.numTasks);
    }
    return { label: c.label, completedTasks: completed, totalTasks: total, elapsedMs: this.now() - c.start };
  }

  /** Feeds one event (what `attach` does for every event of the session). */
  onEvent(e: ProgressEvent): void {
    const c = this.current;
    if (!c) return;
    for (const s of e.stages) {
      const key = `${e.operationId}/${s.stageId}`;
      const prev = c.stages.get(key);
      // Events of one stage can arrive out of order across concurrent streams: counts only grow.
      c.stages.set(key, { numTasks: Math.max(prev?.numTasks ?? 0, s.numTasks), completed: Math.max(prev?.completed ?? 0, s.done ? s.numTasks : s.numCompletedTasks) });
    }
    if (this.tty) this.redraw();
    else {
      const t = this.now();
      if (t - c.lastPlain >= this.plainIntervalMs) {
        c.lastPlain = t;
        this.out.write(`${renderPlainLine(this.state()!)}\n`);
      }
    }
  }

  /** A line of text between steps (clears a bar in progress first). */
  log(line: string): void {
    if (this.tty && this.current) this.out.write('\r\x1b[2K');
    this.out.write(`${line}\n`);
    if (this.tty && this.current) this.redraw();
  }

  /** Runs one step under its own bar. Steps do not nest; a step that throws is marked failed and rethrown. */
  async step<T>(label: string, fn: () => Promise<T>): Promise<T> {
    if (this.current) throw new Error(`progress: step "${label}" started inside step "${this.current.label}"`);
    const start = this.now();
    this.current = { label, start, stages: new Map(), lastPlain: start };
    if (this.tty) {
      this.redraw();
      if (this.redrawMs > 0) {
        this.timer = setInterval(() => this.redraw(), this.redrawMs);
        this.timer.unref();
      }
    } else this.out.write(`${label} …\n`);
    let failed = true;
    try {
      const result = await fn();
      failed = false;
      return result;
    } finally {
      this.stopTimer();
      const s = this.state()!;
      this.current = undefined;
      const done = { ...s, completedTasks: failed ? s.completedTasks : s.totalTasks };
      this.out.write(`${this.tty ? '\r\x1b[2K' : ''}${renderDoneLine(done, failed)}\n`);
    }
  }

  private redraw(): void {
    const s = this.state();
    if (s) this.out.write(`\r\x1b[2K${renderProgressLine(s, this.out.columns || 100)}`);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
