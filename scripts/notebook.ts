/**
 * `npm run notebook:setup`: builds dist/ when stale and installs the notebook environment
 * (src/cli/notebook-env.ts: Python venv with JupyterLab and nbclient, Deno from npm, Deno's
 * kernel registered in the venv).
 * `npm run notebook [-- file.ipynb] [-- jupyter lab flags]`: the same, then JupyterLab on
 * examples/zebrafish.ipynb (or the notebook named).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, jupyterEnv, REPO_ROOT, setupNotebookEnv } from '../src/cli/notebook-env.js';

const [command, ...rest] = process.argv.slice(2);
if (command !== 'setup' && command !== 'open') {
  console.error('usage: tsx scripts/notebook.ts setup | open [notebook.ipynb]');
  process.exit(2);
}
const t0 = Date.now();
await ensureBuilt();
const env = await setupNotebookEnv({ lab: true });
console.log(`notebook: ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (venv ${env.dir}, Deno ${env.deno})`);
if (command === 'open') {
  // A path names the notebook; flags go to JupyterLab (e.g. --no-browser).
  const notebook = rest.find((a) => !a.startsWith('-')) ?? join(REPO_ROOT, 'examples', 'zebrafish.ipynb');
  const jupyter = join(env.dir, process.platform === 'win32' ? 'Scripts' : 'bin', 'jupyter');
  const flags = rest.filter((a) => a.startsWith('-'));
  // JupyterLab refuses to start as root (containers, CI machines) unless told.
  if (process.getuid?.() === 0 && !flags.includes('--allow-root')) flags.push('--allow-root');
  const child = spawn(jupyter, ['lab', notebook, ...flags], { stdio: 'inherit', env: jupyterEnv(env) });
  child.on('exit', (code) => process.exit(code ?? 1));
}
