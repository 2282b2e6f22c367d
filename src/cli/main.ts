/**
 * The thunder-connect command line: the demo job and the Spark runtime tooling.
 * Run with --help for usage.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { fetchSpark, sparkStatus, startSpark, stopSpark, type Topology } from '../runtime/index.js';
import { intFlag, parseArgs, stringFlag } from './args.js';
import { runDemo } from './demo.js';
import { DEMO_SWITCHES, fishOptions } from './fish/options.js';

const HELP = `thunder-connect: Thunder-style neuroimaging analysis on Apache Spark (Spark Connect)

Usage:
  thunder-connect demo [--remote sc://host:port | --cluster | --local] [--out DIR] [--k 30] [--threshold 0.01] [--seed 42]
        Run the zebrafish notebook end to end (images, series, K-means sweep, noise
        filtering, time-split validation, Gaussian mixtures) and write an offline
        HTML report with a PNG and an SVG per figure; print the notebook's numbers
        next to ours. Without --remote (or SPARK_REMOTE) it fetches Spark if needed,
        starts an embedded server (or the 3-process cluster with --cluster), runs the
        job and stops what it started.
          --remote URL      use a running Spark Connect server
          --cluster         start a standalone master + 2 workers + Connect server
          --local           no Spark: the local engine in this process
          --out DIR         report directory (default reports/fish)
          --k K             the K-means model to look at (default 30, the notebook's)
          --threshold T     std threshold for removing noise (default 0.01)
          --seed N          seed of every random choice (default 42)
  thunder-connect fetch
        Resolve the pinned Spark release from Maven Central into .spark/ (idempotent).
  thunder-connect start [--cluster] [--port 15002] [--workers 2] [--cores N] [--worker-memory 2g] [--name NAME]
        Start Spark in the background (embedded by default) and print its sc:// URL.
        It keeps running until 'thunder-connect stop'.
  thunder-connect stop [NAME | --name NAME]
        Stop a started instance (default: embedded and cluster).
  thunder-connect status [NAME | --name NAME]
        Show started instances, their URLs and pids.

Environment:
  SPARK_REMOTE       sc:// URL of an existing Spark Connect server (the demo uses it as is)
  THUNDER_SPARK_DIR  where jars, logs and pid files live (default: <package>/.spark)
`;

/** Every flag given must be one the command takes: a misspelt flag is an error, never ignored. */
function onlyFlags(flags: Record<string, string | true>, allowed: readonly string[], command: string): void {
  for (const name of Object.keys(flags)) {
    if (!allowed.includes(name)) throw new InvalidArgumentError(`${command} --${name}`, allowed.length ? `one of ${allowed.map((a) => `--${a}`).join(', ')}` : 'no flags');
  }
}

/** Instances named as arguments or with --name; default: the embedded and cluster instances. */
function instanceNames(positional: readonly string[], flags: Record<string, string | true>): string[] {
  const names = [...positional.slice(1), ...(stringFlag(flags, 'name') !== undefined ? [stringFlag(flags, 'name')!] : [])];
  return names.length > 0 ? names : ['embedded', 'cluster'];
}

async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, [...new Set(['cluster', ...DEMO_SWITCHES, 'help', 'h'])]);
  const command = positional[0];
  if (flags['help'] || flags['h'] || command === undefined || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined && !flags['help'] && !flags['h'] ? 1 : 0;
  }
  switch (command) {
    case 'demo':
      if (positional.length > 1) throw new InvalidArgumentError('demo', 'options only (see --help)', positional.slice(1).join(' '));
      return (await runDemo(fishOptions(flags, process.env))).failures.length === 0 ? 0 : 1;
    case 'fetch':
      onlyFlags(flags, [], 'fetch');
      await fetchSpark();
      return 0;
    case 'start': {
      onlyFlags(flags, ['cluster', 'port', 'workers', 'cores', 'worker-memory', 'name'], 'start');
      const topology: Topology = flags['cluster'] ? 'cluster' : 'embedded';
      const workers = intFlag(flags, 'workers');
      const cores = intFlag(flags, 'cores');
      const port = intFlag(flags, 'port');
      const workerMemory = stringFlag(flags, 'worker-memory');
      const s = await startSpark({
        topology,
        instance: stringFlag(flags, 'name') ?? topology,
        detached: true,
        ...(port !== undefined ? { port } : {}),
        ...(workers !== undefined ? { workers } : {}),
        ...(cores !== undefined ? { coresPerWorker: cores } : {}),
        ...(workerMemory !== undefined ? { workerMemory } : {}),
      });
      process.stdout.write(`${s.url}\n`);
      return 0;
    }
    case 'stop': {
      onlyFlags(flags, ['name'], 'stop');
      const names = instanceNames(positional, flags);
      for (const n of names) {
        const stopped = await stopSpark(n);
        process.stdout.write(stopped ? `stopped ${n}\n` : `${n}: not running\n`);
      }
      return 0;
    }
    case 'status': {
      onlyFlags(flags, ['name'], 'status');
      const names = instanceNames(positional, flags);
      for (const n of names) {
        const s = await sparkStatus(n);
        if (!s) process.stdout.write(`${n}: not started\n`);
        else {
          process.stdout.write(
            `${n}: ${s.running ? 'running' : 'NOT answering'} ${s.topology} ${s.url} (Spark ${s.sparkVersion}, pids ${s.alive.join(', ') || 'none'}, UI ${s.uiUrl}${s.masterWebUiUrl ? `, master ${s.masterWebUiUrl}` : ''})\n`,
          );
        }
      }
      return 0;
    }
    default:
      throw new InvalidArgumentError('command', 'one of demo, fetch, start, stop, status (see --help)', command);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`thunder-connect: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
