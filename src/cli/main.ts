/**
 * The thunder-connect command line: the demo job and the Spark runtime tooling.
 * Run with --help for usage. Arguments are parsed strictly (src/cli/args.ts): anything the
 * command does not take exits 2 with a message naming the flag.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { fishOptions } from '../fish/options.js';
import { fetchSpark, sparkStatus, startSpark, stopSpark } from '../runtime/index.js';
import { pidFile } from '../runtime/paths.js';
import { parseFlags } from './args.js';
import { COMMANDS, helpText, instanceNames, startOptions } from './commands.js';
import { runDemo } from './demo.js';

async function status(names: readonly string[], showToken: boolean): Promise<void> {
  for (const n of names) {
    const s = await sparkStatus(n);
    if (!s) {
      process.stdout.write(`${n}: not started\n`);
      continue;
    }
    const endpoint = s.endpoint ?? `sc://127.0.0.1:${s.connectPort}`;
    process.stdout.write(
      `${n}: ${s.running ? 'running' : 'NOT answering'} ${s.topology} ${endpoint} (Spark ${s.sparkVersion}, pids ${s.alive.join(', ') || 'none'}, UI ${s.uiUrl}${s.masterWebUiUrl ? `, master ${s.masterWebUiUrl}` : ''})\n`,
    );
    if (s.token === undefined) continue;
    const port = s.connectPort;
    process.stdout.write(
      `  from this machine: SparkSession.connect('${endpoint}') and --remote ${endpoint} find the token in ${pidFile(n)} (readable by you only)\n` +
        `  from elsewhere: it listens on 127.0.0.1 only; forward the port (ssh -N -L ${port}:127.0.0.1:${port} <this host>) and connect with\n` +
        `    ${showToken ? s.url : `${endpoint}/;token=<token>;use_ssl=false`}${showToken ? '' : '   (--show-token prints the token)'}\n` +
        '    across a network, put a TLS proxy in front and use ;use_ssl=true (README: Security)\n',
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(helpText());
    return command === undefined ? 1 : 0;
  }
  const spec = COMMANDS[command];
  if (!spec) throw new InvalidArgumentError('command', `one of ${Object.keys(COMMANDS).join(', ')} (see --help)`, command);
  const { positionals, flags } = parseFlags(argv.slice(1), spec.flags, command, spec.names ?? false);
  if (flags['help']) {
    process.stdout.write(helpText());
    return 0;
  }
  switch (command) {
    case 'demo':
      return (await runDemo(fishOptions(flags, process.env))).failures.length === 0 ? 0 : 1;
    case 'fetch':
      await fetchSpark();
      return 0;
    case 'start': {
      const s = await startSpark(startOptions(flags));
      process.stdout.write(`${s.url}\n`);
      return 0;
    }
    case 'stop':
      for (const n of instanceNames(positionals, flags)) {
        const stopped = await stopSpark(n);
        process.stdout.write(stopped ? `stopped ${n}\n` : `${n}: not running\n`);
      }
      return 0;
    default:
      await status(instanceNames(positionals, flags), flags['show-token'] === true);
      return 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`thunder-connect: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
