/** Progress rendering and bookkeeping, with a fake clock and a fake terminal (no Spark). */
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/connect/index.js';
import { TerminalProgress, formatDuration, renderBar, renderDoneLine, renderPlainLine, renderProgressLine } from '../../src/fish/progress.js';

function sink(tty: boolean, columns = 120) {
  const chunks: string[] = [];
  return { out: { isTTY: tty, columns, write: (s: string) => chunks.push(s) }, chunks, text: () => chunks.join('') };
}

function event(operationId: string, stages: [number, number, number, boolean][]): ProgressEvent {
  return { operationId, numInflightTasks: 0, stages: stages.map(([stageId, numTasks, numCompletedTasks, done]) => ({ stageId, numTasks, numCompletedTasks, inputBytesRead: 0, done })) };
}

describe('progress rendering', () => {
  it('draws bars of the requested width, clamped', () => {
    expect(renderBar(0, 4)).toBe('░░░░');
    expect(renderBar(0.5, 4)).toBe('██░░');
    expect(renderBar(1, 4)).toBe('████');
    expect(renderBar(1.7, 4)).toBe('████');
    expect(renderBar(-1, 4)).toBe('░░░░');
    expect(renderBar(NaN, 4)).toBe('░░░░');
    // 1/3 of 24 cells is 8
    expect(renderBar(1 / 3, 24)).toBe(`${'█'.repeat(8)}${'░'.repeat(16)}`);
  });

  it('formats durations for people', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(3210)).toBe('3.2 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
  });

  it('puts label, bar, tasks and time on one line, cut to the terminal width', () => {
    const line = renderProgressLine({ label: 'Q10  K-means', completedTasks: 6, totalTasks: 24, elapsedMs: 2500 }, 200);
    expect(line).toBe(`${'Q10  K-means'.padEnd(44)} ${'█'.repeat(6)}${'░'.repeat(18)} ${'6/24 tasks'.padEnd(17)} 2.5 s`);
    expect(renderProgressLine({ label: 'x', completedTasks: 0, totalTasks: 0, elapsedMs: 0 }, 200)).toContain('no Spark tasks yet');
    expect(renderProgressLine({ label: 'x', completedTasks: 1, totalTasks: 2, elapsedMs: 0 }, 30)).toHaveLength(29);
  });

  it('closes steps with a tick or a cross', () => {
    expect(renderDoneLine({ label: 'Q2', completedTasks: 12, totalTasks: 12, elapsedMs: 1500 })).toBe('✓ Q2 (1.5 s, 12 Spark tasks)');
    expect(renderDoneLine({ label: 'Q2', completedTasks: 0, totalTasks: 0, elapsedMs: 20 })).toBe('✓ Q2 (20 ms)');
    expect(renderDoneLine({ label: 'Q2', completedTasks: 1, totalTasks: 1, elapsedMs: 20 }, true)).toBe('✗ Q2 (20 ms, 1 Spark task) FAILED');
    expect(renderPlainLine({ label: 'Q18', completedTasks: 3, totalTasks: 9, elapsedMs: 16_000 })).toBe('  … Q18: 3/9 tasks, 16.0 s');
  });
});

describe('TerminalProgress', () => {
  it('adds up the tasks of every stage of every operation during a step', async () => {
    let now = 0;
    const { out } = sink(false);
    const p = new TerminalProgress(out, { now: () => now });
    await p.step('sweep', async () => {
      p.onEvent(event('a', [[1, 12, 4, false]]));
      p.onEvent(event('b', [[1, 12, 12, true], [2, 6, 0, false]]));
      // A later event of the same stage with fewer completed tasks (another stream) does not go back.
      p.onEvent(event('a', [[1, 12, 3, false]]));
      now = 1000;
      // 4 + 12 + 0 of 12 + 12 + 6
      expect(p.state()).toEqual({ label: 'sweep', completedTasks: 16, totalTasks: 30, elapsedMs: 1000 });
    });
    expect(p.state()).toBeUndefined();
  });

  it('ignores events between steps', () => {
    const p = new TerminalProgress(sink(false).out);
    p.onEvent(event('a', [[1, 5, 5, true]]));
    expect(p.state()).toBeUndefined();
  });

  it('writes whole lines off a TTY: start, every interval, done with all tasks counted', async () => {
    let now = 0;
    const s = sink(false);
    const p = new TerminalProgress(s.out, { now: () => now, plainIntervalMs: 10_000 });
    await p.step('Q8  std', async () => {
      now = 5000;
      p.onEvent(event('a', [[3, 10, 2, false]]));
      now = 12_000;
      p.onEvent(event('a', [[3, 10, 5, false], [4, 10, 0, false]]));
      now = 13_000;
    });
    // The skipped stage 4 never reports progress; the finished step counts all 20 tasks.
    expect(s.chunks).toEqual(['Q8  std …\n', '  … Q8  std: 5/20 tasks, 12.0 s\n', '✓ Q8  std (13.0 s, 20 Spark tasks)\n']);
    expect(s.text()).not.toContain('\r');
  });

  it('redraws one line in place on a TTY and ends it with the done line', async () => {
    const s = sink(true);
    const p = new TerminalProgress(s.out, { now: () => 0, redrawMs: 0 });
    await p.step('Q2', async () => {
      p.onEvent(event('a', [[1, 4, 2, false]]));
    });
    expect(s.chunks.every((c) => c.startsWith('\r\x1b[2K'))).toBe(true);
    expect(s.chunks.at(-2)).toContain('2/4 tasks');
    expect(s.chunks.at(-1)).toBe('\r\x1b[2K✓ Q2 (0 ms, 4 Spark tasks)\n');
  });

  it('draws full lines when the terminal reports no width (e.g. under script(1))', async () => {
    const s = sink(true, 0);
    const p = new TerminalProgress(s.out, { now: () => 0, redrawMs: 0 });
    await p.step('Q2', async () => {
      p.onEvent(event('a', [[1, 4, 1, false]]));
    });
    expect(s.chunks.at(-2)).toContain('1/4 tasks');
  });

  it('marks a failing step and rethrows its error', async () => {
    const s = sink(false);
    const p = new TerminalProgress(s.out, { now: () => 0 });
    await expect(p.step('bad', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(s.chunks.at(-1)).toBe('✗ bad (0 ms) FAILED\n');
    // The next step starts cleanly.
    await expect(p.step('next', async () => 1)).resolves.toBe(1);
  });

  it('refuses nested steps', async () => {
    const p = new TerminalProgress(sink(false).out);
    await expect(p.step('outer', () => p.step('inner', async () => 0))).rejects.toThrow(/inside step "outer"/);
  });

  it('subscribes to a session and stops listening on close', async () => {
    const listeners = new Set<(e: ProgressEvent) => void>();
    const source = { onProgress: (l: (e: ProgressEvent) => void) => (listeners.add(l), () => listeners.delete(l)) };
    const p = new TerminalProgress(sink(false).out, { now: () => 0 });
    p.attach(source);
    await p.step('s', async () => {
      for (const l of listeners) l(event('a', [[1, 3, 1, false]]));
      expect(p.state()?.completedTasks).toBe(1);
    });
    p.close();
    expect(listeners.size).toBe(0);
  });
});
