/**
 * The Compose cluster lets no one in without a token: the Connect server takes it from
 * SPARK_CONNECT_TOKEN (as SPARK_CONNECT_AUTHENTICATE_TOKEN, which Spark reads, so it is on no
 * command line), no other service sees it, and the file refuses to be used without it. Read
 * the way Compose reads it (compose-file.ts); with docker-compose's own `config` too where it
 * is installed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/runtime/paths.js';
import { MissingVariableError, loadComposeFile } from './compose-file.js';

const FILE = join(PACKAGE_ROOT, 'docker', 'compose.yaml');
type Services = Record<string, { environment?: Record<string, string>; command: string[] }>;

function hasDockerCompose(): boolean {
  return spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
}

describe('docker/compose.yaml and the Connect token', () => {
  it('refuses to be read without SPARK_CONNECT_TOKEN, naming it', () => {
    expect(() => loadComposeFile(FILE, {})).toThrow(MissingVariableError);
    expect(() => loadComposeFile(FILE, {})).toThrow(/^SPARK_CONNECT_TOKEN: set SPARK_CONNECT_TOKEN/);
    expect(() => loadComposeFile(FILE, { SPARK_CONNECT_TOKEN: '' })).toThrow(MissingVariableError);
  });

  it('hands the token to the Connect server only, in its environment and on no command line', () => {
    const token = 'tok-0123456789abcdef';
    const services = (loadComposeFile(FILE, { SPARK_CONNECT_TOKEN: token }) as { services: Services }).services;
    expect(services['spark-connect']!.environment).toEqual({ SPARK_NO_DAEMONIZE: 'true', SPARK_CONNECT_AUTHENTICATE_TOKEN: token });
    for (const [name, s] of Object.entries(services)) {
      expect(s.command.join(' '), name).not.toContain(token);
      expect(s.command.join(' '), name).not.toContain('authenticate.token');
      if (name !== 'spark-connect') expect(JSON.stringify(s.environment ?? {}), name).not.toContain(token);
    }
  });

  it.runIf(hasDockerCompose())('docker-compose config fails without the token and passes with it', () => {
    const run = (env: Record<string, string>) => spawnSync('docker-compose', ['-f', FILE, 'config'], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env } });
    const without = run({});
    expect(without.status).not.toBe(0);
    expect(without.stderr).toContain('set SPARK_CONNECT_TOKEN');
    const withToken = run({ SPARK_CONNECT_TOKEN: 'tok-0123456789abcdef' });
    expect(withToken.status).toBe(0);
    expect(withToken.stdout).toContain('SPARK_CONNECT_AUTHENTICATE_TOKEN: tok-0123456789abcdef');
  });
});
