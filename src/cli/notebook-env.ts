/**
 * The notebook environment, from npm and PyPI only: a Python venv
 * (`.venv-notebook/`, `python3 -m venv`) with nbclient (and JupyterLab for
 * people), Deno from its npm package installed inside that directory, and
 * Deno's Jupyter kernel registered in the venv (never in the user's own
 * Jupyter directories). Idempotent: a stamp file records the pinned versions,
 * so a second run costs a file read.
 *
 * Why Deno and not tslab: see docs/notebook.md.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '../common/errors.js';

/** The repository (this file is src/cli/notebook-env.ts, or dist/cli/notebook-env.js). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Pinned versions: what the notebook test ran with. */
export const NOTEBOOK_PINS = {
  nbclient: '0.11.0',
  nbformat: '5.11.1',
  jupyterlab: '4.6.6',
  deno: '2.9.6',
} as const;

/** The kernelspec name the example notebooks ask for (Deno's own default name). */
export const KERNEL_NAME = 'deno';

export interface NotebookEnv {
  /** The venv (also holds Deno and the kernelspec). */
  readonly dir: string;
  readonly python: string;
  readonly deno: string;
  /** Put this in JUPYTER_PATH so Jupyter finds our kernelspec before any other named `deno`. */
  readonly jupyterPath: string;
  /** Whether JupyterLab is installed (setup for people) or only nbclient (tests). */
  readonly lab: boolean;
}

export interface SetupOptions {
  /** Install JupyterLab too (default true); tests need only nbclient. */
  readonly lab?: boolean;
  /** Where the environment goes (default `$THUNDER_NOTEBOOK_ENV` or `<repo>/.venv-notebook`). */
  readonly dir?: string;
  readonly log?: (line: string) => void;
}

const SETUP_OPTIONS = new Set(['lab', 'dir', 'log']);
const STAMP = '.thunder-notebook.json';

function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    child.on('error', (e) => reject(new Error(`notebook setup: cannot run ${cmd}: ${e.message}`)));
    child.on('exit', (code, signal) => (code === 0 ? resolvePromise() : reject(new Error(`notebook setup: ${cmd} ${args.join(' ')} exited with ${signal ?? code}`))));
  });
}

/** The Deno binary of the platform package npm installed beside `deno` (@deno/<platform>/deno). */
function findDeno(prefix: string): string | undefined {
  const scope = join(prefix, 'node_modules', '@deno');
  if (!existsSync(scope)) return undefined;
  for (const p of readdirSync(scope)) {
    for (const name of ['deno', 'deno.exe']) {
      const bin = join(scope, p, name);
      if (existsSync(bin)) return bin;
    }
  }
  return undefined;
}

function pythonOf(dir: string): string {
  return process.platform === 'win32' ? join(dir, 'Scripts', 'python.exe') : join(dir, 'bin', 'python');
}

/** The environment as the stamp describes it, when it is complete and as pinned. */
function readStamp(dir: string, lab: boolean): NotebookEnv | undefined {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, STAMP), 'utf8')) as { pins?: unknown; lab?: unknown; deno?: unknown };
    if (JSON.stringify(stamp.pins) !== JSON.stringify(NOTEBOOK_PINS) || (lab && stamp.lab !== true) || typeof stamp.deno !== 'string') return undefined;
    if (!existsSync(stamp.deno) || !existsSync(pythonOf(dir))) return undefined;
    return { dir, python: pythonOf(dir), deno: stamp.deno, jupyterPath: join(dir, 'share', 'jupyter'), lab: stamp.lab === true };
  } catch {
    return undefined;
  }
}

/**
 * Creates or completes the environment and returns where things are.
 * @throws InvalidArgumentError for unknown options; Error when python3, pip or npm fail (their output is shown).
 */
export async function setupNotebookEnv(options: SetupOptions = {}): Promise<NotebookEnv> {
  for (const k of Object.keys(options)) if (!SETUP_OPTIONS.has(k)) throw new InvalidArgumentError(`setupNotebookEnv(options.${k})`, `one of ${[...SETUP_OPTIONS].join(', ')}`);
  const lab = options.lab ?? true;
  if (typeof lab !== 'boolean') throw new InvalidArgumentError('setupNotebookEnv(options.lab)', 'a boolean', lab);
  const dir = resolve(options.dir ?? (process.env['THUNDER_NOTEBOOK_ENV'] || join(REPO_ROOT, '.venv-notebook')));
  const log = options.log ?? ((line: string) => console.log(line));
  const ready = readStamp(dir, lab);
  if (ready) return ready;

  const python = pythonOf(dir);
  if (!existsSync(python)) {
    log(`notebook: creating the Python venv ${dir}`);
    await run(process.env['PYTHON'] || 'python3', ['-m', 'venv', dir]);
  }
  const wheels = [`nbclient==${NOTEBOOK_PINS.nbclient}`, `nbformat==${NOTEBOOK_PINS.nbformat}`, ...(lab ? [`jupyterlab==${NOTEBOOK_PINS.jupyterlab}`] : [])];
  log(`notebook: pip install ${wheels.join(' ')}`);
  await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', ...wheels]);

  const denoPrefix = join(dir, 'deno');
  let deno = findDeno(denoPrefix);
  if (!deno) {
    log(`notebook: npm install deno@${NOTEBOOK_PINS.deno} (into ${denoPrefix})`);
    mkdirSync(denoPrefix, { recursive: true });
    // Its own package.json keeps this install out of the project's dependency tree. The package's
    // postinstall only links the binary, which findDeno locates itself, so scripts are not run.
    writeFileSync(join(denoPrefix, 'package.json'), `${JSON.stringify({ name: 'thunder-connect-notebook-deno', private: true }, null, 1)}\n`);
    await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', '--prefix', denoPrefix, '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', `deno@${NOTEBOOK_PINS.deno}`]);
    deno = findDeno(denoPrefix);
    if (!deno) throw new Error(`notebook setup: npm installed deno@${NOTEBOOK_PINS.deno} but no Deno binary for ${process.platform}-${process.arch} is in ${join(denoPrefix, 'node_modules', '@deno')}`);
  }

  const jupyterPath = join(dir, 'share', 'jupyter');
  const spec = join(jupyterPath, 'kernels', KERNEL_NAME);
  mkdirSync(spec, { recursive: true });
  const kernel = {
    argv: [deno, 'jupyter', '--kernel', '--conn', '{connection_file}'],
    display_name: 'Deno (thunder-connect)',
    language: 'typescript',
    // Deno's module cache stays inside the environment; results are printed without terminal colours.
    env: { DENO_DIR: join(dir, 'deno-cache'), NO_COLOR: '1' },
  };
  writeFileSync(join(spec, 'kernel.json'), `${JSON.stringify(kernel, null, 1)}\n`);
  writeFileSync(join(dir, STAMP), `${JSON.stringify({ pins: NOTEBOOK_PINS, lab, deno }, null, 1)}\n`);
  log(`notebook: kernel "${KERNEL_NAME}" registered in ${spec}`);
  return { dir, python, deno, jupyterPath, lab };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Whether dist/ (what notebooks import as `thunder-connect/...`) is older than src/ or missing. */
export function distIsStale(root = REPO_ROOT): boolean {
  const entry = join(root, 'dist', 'notebook', 'index.js');
  return !existsSync(entry) || statSync(entry).mtimeMs < newestMtime(join(root, 'src'));
}

/** Runs `npm run build` when dist/ is stale, so notebooks import the current sources. */
export async function ensureBuilt(log: (line: string) => void = (l) => console.log(l), root = REPO_ROOT): Promise<void> {
  if (!distIsStale(root)) return;
  log('notebook: dist/ is older than src/: npm run build');
  await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--prefix', root, 'build']);
}

/** The environment Jupyter (lab or nbclient) runs in: our kernelspec first. */
export function jupyterEnv(env: NotebookEnv, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const path = base['JUPYTER_PATH'] ? `${env.jupyterPath}${process.platform === 'win32' ? ';' : ':'}${base['JUPYTER_PATH']}` : env.jupyterPath;
  return { ...base, JUPYTER_PATH: path };
}
