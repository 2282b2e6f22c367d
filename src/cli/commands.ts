/**
 * The commands of the CLI and their flags, as data: the parser accepts exactly these and
 * `--help` lists them all. Also the checks that turn `start`'s flags into launcher options.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { intFlag, stringFlag, type FlagSpecs, type FlagValues } from '../common/flags.js';
import { DEMO_FLAG_SPECS, fishOptions, type FishOptions } from '../fish/options.js';
import type { StartOptions, Topology } from '../runtime/index.js';
import { HELP_FLAGS, flagHelp, parseFlags } from './args.js';

export interface Command {
  readonly usage: string;
  readonly about: string;
  readonly flags: FlagSpecs;
  /** Takes instance names as positional arguments. */
  readonly names?: boolean;
}

const NAME_FLAG: FlagSpecs = { name: { type: 'string', value: 'NAME', help: 'the instance (default: embedded and cluster)' } };

/** Every command and its flags: the parser accepts exactly these, and --help lists them all. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  demo: {
    usage: 'demo [--remote URL | --cluster | --local] [--out DIR] [--k K] [--threshold T] [--seed N]',
    about:
      'Run the zebrafish notebook end to end (images, series, K-means sweep, noise filtering,\n' +
      'time-split validation, Gaussian mixtures) and write an offline HTML report. Without --remote\n' +
      '(or SPARK_REMOTE) it fetches Spark if needed, starts an embedded server (or the cluster with\n' +
      '--cluster), runs the job and stops what it started.',
    flags: DEMO_FLAG_SPECS,
  },
  fetch: { usage: 'fetch', about: 'Resolve the Spark release ($SPARK_VERSION, default the pinned one) from Maven Central into .spark/ (idempotent).', flags: {} },
  start: {
    usage: 'start [--cluster [--workers N] [--cores N] [--worker-memory M]] [--port P] [--name NAME]',
    about: "Start Spark in the background (embedded by default) and print its sc:// URL, token included\n(keep it secret). It runs until 'thunder-connect stop'.",
    flags: {
      cluster: { type: 'boolean', help: 'a standalone master, workers and a Connect server instead of one JVM' },
      port: { type: 'string', value: 'P', help: 'Spark Connect port, 0..65535; 0 picks a free one (default 15002)' },
      workers: { type: 'string', value: 'N', help: 'with --cluster: workers, 1..64 (default 2)' },
      cores: { type: 'string', value: 'N', help: 'with --cluster: cores per worker, 1..1024 (default: this machine\'s)' },
      'worker-memory': { type: 'string', value: 'M', help: 'with --cluster: memory per worker, e.g. 2g (default 2g)' },
      name: { type: 'string', value: 'NAME', help: 'instance name, [A-Za-z0-9_.-]+ (default: the topology)' },
    },
  },
  stop: { usage: 'stop [NAME... | --name NAME]', about: 'Stop started instances (default: embedded and cluster).', flags: NAME_FLAG, names: true },
  status: {
    usage: 'status [NAME... | --name NAME] [--show-token]',
    about: 'Show started instances: endpoint, pids, web UIs, and how to connect from here and from elsewhere.',
    flags: { ...NAME_FLAG, 'show-token': { type: 'boolean', help: 'print the full URL, token included (keep it secret)' } },
    names: true,
  },
};

/** The help text: every command with every flag. */
export function helpText(): string {
  let out = 'thunder-connect: Thunder-style neuroimaging analysis on Apache Spark (Spark Connect)\n\nUsage:\n';
  for (const c of Object.values(COMMANDS)) {
    out += `  thunder-connect ${c.usage}\n`;
    out += c.about.split('\n').map((l) => `        ${l}\n`).join('');
    out += flagHelp({ ...c.flags, ...HELP_FLAGS });
  }
  out +=
    '\nEnvironment:\n' +
    '  SPARK_REMOTE       sc:// URL of an existing Spark Connect server (the demo uses it as is)\n' +
    '  SPARK_VERSION      Spark release the runtime fetches and starts (default: the pinned one)\n' +
    '  THUNDER_SPARK_DIR  where jars, logs and run files live (default: <package>/.spark)\n' +
    '\nExit status: 0 success, 1 the demo reported failures, 2 bad arguments or a failed command.\n';
  return out;
}

/** Instances named as arguments or with --name; default: the embedded and cluster instances. */
export function instanceNames(positionals: readonly string[], flags: FlagValues): string[] {
  const named = stringFlag(flags, 'name');
  const names = [...positionals, ...(named !== undefined ? [named] : [])];
  return names.length > 0 ? names : ['embedded', 'cluster'];
}

/** `start`'s options from its flags; cluster-only flags without --cluster are errors, not ignored. */
export function startOptions(flags: FlagValues): StartOptions {
  const cluster = flags['cluster'] === true;
  for (const f of ['workers', 'cores', 'worker-memory']) {
    if (flags[f] !== undefined && !cluster) throw new InvalidArgumentError(`--${f}`, 'to be given with --cluster (the embedded server has no workers)');
  }
  const workerMemory = stringFlag(flags, 'worker-memory');
  if (workerMemory !== undefined && !/^\d+[kmgt]?$/i.test(workerMemory)) throw new InvalidArgumentError('--worker-memory', 'a size such as 512m or 2g', workerMemory);
  const name = stringFlag(flags, 'name');
  if (name !== undefined && !/^[A-Za-z0-9_.-]+$/.test(name)) throw new InvalidArgumentError('--name', 'a name of [A-Za-z0-9_.-]+', name);
  const topology: Topology = cluster ? 'cluster' : 'embedded';
  const port = intFlag(flags, 'port', 0, 65535);
  const workers = intFlag(flags, 'workers', 1, 64);
  const cores = intFlag(flags, 'cores', 1, 1024);
  return {
    topology,
    instance: name ?? topology,
    detached: true,
    ...(port !== undefined ? { port } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(cores !== undefined ? { coresPerWorker: cores } : {}),
    ...(workerMemory !== undefined ? { workerMemory } : {}),
  };
}

/** The demo's options from raw `demo` arguments (after the command word) and the environment (`SPARK_REMOTE`). */
export function parseDemoArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): FishOptions {
  return fishOptions(parseFlags(argv, DEMO_FLAG_SPECS, 'demo').flags, env);
}
