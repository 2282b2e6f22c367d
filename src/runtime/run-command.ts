import { spawn } from 'node:child_process';
import { SparkRuntimeError } from './errors.js';

/**
 * Runs a build tool (Maven) to completion. Its output is kept (last 8 kB) only to explain a
 * failure: `what` names the step in the SparkRuntimeError.
 */
export function runCommand(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (e) => reject(new SparkRuntimeError(`could not run ${cmd}: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new SparkRuntimeError(`${what} failed (${cmd} exit ${code}):\n${output}`));
    });
  });
}
