/**
 * The fish job's options: the notebook's choices as defaults, and the checks of the flags that
 * set them (given on the command line to `demo`, or as strings to the notebook's FishSession).
 * Pure (no I/O), so the rules are unit-tested without Spark.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { redactConnectUrl } from '../connect/transport/url.js';
import { NOTEBOOK_KS } from '../thunder/index.js';
import { intFlag, stringFlag, type FlagSpecs, type FlagValues } from '../common/flags.js';

/** The std thresholds the notebook draws as masks (Q16). */
export const NOTEBOOK_THRESHOLDS: readonly number[] = [0.001, 0.003, 0.007, 0.01, 0.015, 0.02];

export interface FishOptions {
  /** sc:// URL of a running Spark Connect server; undefined: start one (or run locally). */
  readonly remote: string | undefined;
  /** Report directory. */
  readonly out: string;
  /** The K whose model the report looks at (the notebook's best, 30). */
  readonly k: number;
  /** Std threshold that separates signal from background noise (Q16-Q17). */
  readonly threshold: number;
  /** Seed of every random choice (samples, K-means starts, the time split, colours). */
  readonly seed: number;
  /** Start the 3-process standalone cluster instead of the embedded server. */
  readonly cluster: boolean;
  /** Run on the local engine in this process (no Spark at all). */
  readonly local: boolean;
  /** K values to sweep: the notebook's, plus `k` when it is not among them. */
  readonly ks: readonly number[];
  /** Thresholds drawn as masks: the notebook's, plus `threshold` when it is not among them. */
  readonly thresholds: readonly number[];
}

export const DEFAULT_OUT = 'reports/fish';
export const DEFAULT_K = 30;
export const DEFAULT_THRESHOLD = 0.01;
export const DEFAULT_SEED = 42;

/** The flags of `demo`, with their help (the parser and `--help` both read this). */
export const DEMO_FLAG_SPECS: FlagSpecs = {
  remote: { type: 'string', value: 'URL', help: 'use a running Spark Connect server (sc://host:port/;token=...)' },
  cluster: { type: 'boolean', help: 'start a standalone master + 2 workers + Connect server' },
  local: { type: 'boolean', help: 'no Spark: the local engine in this process' },
  out: { type: 'string', value: 'DIR', help: `report directory (default ${DEFAULT_OUT})` },
  k: { type: 'string', value: 'K', help: `the K-means model to look at, 2..1000 (default ${DEFAULT_K}, the notebook's)` },
  threshold: { type: 'string', value: 'T', help: `std threshold for removing noise, > 0 (default ${DEFAULT_THRESHOLD})` },
  seed: { type: 'string', value: 'N', help: `seed of every random choice, >= 0 (default ${DEFAULT_SEED})` },
};
const DEMO_FLAGS = new Set(Object.keys(DEMO_FLAG_SPECS));

function withValue(list: readonly number[], v: number): number[] {
  return list.includes(v) ? [...list] : [...list, v].sort((a, b) => a - b);
}

/**
 * The demo's options from parsed flags and the environment (`SPARK_REMOTE`).
 * @throws InvalidArgumentError naming the flag for unknown flags, bad numbers and contradictions.
 */
export function fishOptions(flags: FlagValues, env: NodeJS.ProcessEnv = {}): FishOptions {
  for (const name of Object.keys(flags)) {
    if (!DEMO_FLAGS.has(name) && name !== 'help' && name !== 'h') throw new InvalidArgumentError(`--${name}`, `one of the demo options ${[...DEMO_FLAGS].map((f) => `--${f}`).join(', ')}`);
  }
  const k = intFlag(flags, 'k', 2, 1000) ?? DEFAULT_K;
  const thresholdText = stringFlag(flags, 'threshold');
  const threshold = thresholdText === undefined ? DEFAULT_THRESHOLD : Number(thresholdText);
  if (!(Number.isFinite(threshold) && threshold > 0)) throw new InvalidArgumentError('--threshold', 'a positive number', thresholdText);
  const seed = intFlag(flags, 'seed', 0) ?? DEFAULT_SEED;
  const out = stringFlag(flags, 'out') ?? DEFAULT_OUT;
  if (out.trim() === '') throw new InvalidArgumentError('--out', 'a directory');
  const remoteFlag = stringFlag(flags, 'remote');
  const remote = remoteFlag ?? (env['SPARK_REMOTE'] || undefined);
  if (remote !== undefined && !remote.startsWith('sc://')) throw new InvalidArgumentError(remoteFlag !== undefined ? '--remote' : 'SPARK_REMOTE', 'an sc://host:port URL', redactConnectUrl(remote));
  const cluster = flags['cluster'] === true;
  const local = flags['local'] === true;
  if (local && (cluster || remoteFlag !== undefined)) throw new InvalidArgumentError('--local', 'no --cluster or --remote with it (it runs without Spark)');
  if (cluster && remoteFlag !== undefined) throw new InvalidArgumentError('--cluster', 'no --remote with it (--cluster starts its own Spark)');
  return {
    // --cluster and --local choose where to run, so they win over an inherited SPARK_REMOTE.
    remote: local || cluster ? undefined : remote,
    out,
    k,
    threshold,
    seed,
    cluster,
    local,
    ks: withValue(NOTEBOOK_KS, k),
    thresholds: withValue(NOTEBOOK_THRESHOLDS, threshold),
  };
}
