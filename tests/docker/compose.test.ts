/**
 * docker/compose.yaml is checked without Docker: parsed as YAML (merge keys,
 * variable interpolation; compose-file.ts), validated against the Compose
 * Specification's JSON Schema (tests/fixtures/compose-spec/), and compared with
 * the local cluster topology: same image version, same mounted conf, same
 * ports, loopback only. Where `docker-compose` is installed its own `config`
 * must accept the file and agree with our reading.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SPARK_VERSION } from '../../src/runtime/index.js';
import { PACKAGE_ROOT } from '../../src/runtime/paths.js';
import { MissingVariableError, interpolateString, loadComposeFile } from './compose-file.js';

interface ComposeService {
  image: string;
  command: string[];
  ports?: string[];
  volumes?: string[];
}

const COMPOSE_FILE = join(PACKAGE_ROOT, 'docker', 'compose.yaml');
/**
 * The environment the file is read with: only the variable it requires (the Connect token,
 * see compose-token.test.ts) is set, so every default applies.
 */
const ENV: Record<string, string> = { SPARK_CONNECT_TOKEN: 'compose-test-token' };

function dockerCompose(): string | undefined {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
    return 'docker-compose';
  } catch {
    return undefined;
  }
}

/** `127.0.0.1:8080:8080` → `127.0.0.1:8080:8080/tcp` (the short syntax's default protocol). */
const withProtocol = (port: string) => (port.includes('/') ? port : `${port}/tcp`);
/** A short-syntax volume with its host path resolved against the Compose file's folder, as Compose does. */
const resolveVolume = (volume: string) => {
  const [host, ...rest] = volume.split(':');
  return [host!.startsWith('.') ? resolve(dirname(COMPOSE_FILE), host!) : host, ...rest].join(':');
};

describe('Compose variable interpolation (the spec\'s rules, checked by hand)', () => {
  it('substitutes, defaults, requires and escapes', () => {
    const env = { SET: 'a', EMPTY: '' };
    expect(interpolateString('${SET} $SET ${UNSET}', env)).toBe('a a ');
    expect(interpolateString('${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${SET:-d}', env)).toBe('d d  a');
    expect(interpolateString('${SET:+alt} ${EMPTY:+alt} ${EMPTY+alt}', env)).toBe('alt  alt');
    expect(interpolateString('$$SET cost $$5', env)).toBe('$SET cost $5');
    expect(() => interpolateString('${UNSET:?give it}', env)).toThrow(MissingVariableError);
    expect(() => interpolateString('${EMPTY:?give it}', env)).toThrow(/EMPTY: give it/);
    expect(interpolateString('${EMPTY?give it}', env)).toBe('');
  });
});

describe('docker/compose.yaml', () => {
  const config = loadComposeFile(COMPOSE_FILE, ENV) as { services: Record<string, ComposeService> };
  const services = config.services;

  it('is valid under the Compose Specification schema', () => {
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'tests', 'fixtures', 'compose-spec', 'compose-spec.json'), 'utf8')) as object;
    // Formats (`duration`, …) are Compose's own names, not JSON Schema formats: not checked here.
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false });
    // The schema names draft-07 by its https address; ajv registers it under http.
    const draft07 = ajv.getSchema('http://json-schema.org/draft-07/schema')!.schema as object;
    ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(valid, JSON.stringify(validate.errors, null, 1)).toBe(true);
    // The schema is strict enough to catch a misspelt key (a sanity check of the check).
    expect(validate({ services: { a: { image: 'x', comand: ['y'] } } })).toBe(false);
  });

  it('has a master, two workers with 6 cores each and a Connect server', () => {
    expect(Object.keys(services).sort()).toEqual(['spark-connect', 'spark-master', 'spark-worker-1', 'spark-worker-2']);
    for (const w of ['spark-worker-1', 'spark-worker-2']) {
      const cmd = services[w]!.command;
      expect(cmd[cmd.indexOf('--cores') + 1]).toBe('6');
      expect(cmd.at(-1)).toBe('spark://spark-master:7077');
    }
    expect(services['spark-connect']!.command).toContain('spark://spark-master:7077');
  });

  it('runs the pinned Spark version on the official image', () => {
    for (const s of Object.values(services)) expect(s.image).toBe(`apache/spark:${SPARK_VERSION}`);
  });

  it('mounts the shared spark-conf/ as /opt/spark/conf in every service', () => {
    for (const s of Object.values(services)) {
      expect((s.volumes ?? []).map(resolveVolume)).toContain(`${join(PACKAGE_ROOT, 'spark-conf')}:/opt/spark/conf:ro`);
    }
    // the FAIR allocation file named by spark-defaults.conf is where the mount puts it
    expect(readFileSync(join(PACKAGE_ROOT, 'spark-conf', 'spark-defaults.conf'), 'utf8')).toMatch(
      /spark\.scheduler\.allocation\.file\s+\/opt\/spark\/conf\/fairscheduler\.xml/,
    );
  });

  it('publishes only the Connect port and the web UIs, on 127.0.0.1, at the local cluster defaults', () => {
    const published = Object.values(services).flatMap((s) => s.ports ?? []);
    expect(published.map(withProtocol).sort()).toEqual(
      ['127.0.0.1:15002:15002/tcp', '127.0.0.1:4040:4040/tcp', '127.0.0.1:8080:8080/tcp', '127.0.0.1:8081:8081/tcp', '127.0.0.1:8082:8082/tcp'].sort(),
    );
    expect(services['spark-master']!.command).toEqual(expect.arrayContaining(['--port', '7077', '--webui-port', '8080']));
  });

  const composeBinary = dockerCompose();
  // Only an addition: the checks above stand on their own where docker-compose is not installed.
  it.runIf(composeBinary)('is accepted by docker-compose config, which reads it as we do', () => {
    const normalized = execFileSync(composeBinary!, ['-f', COMPOSE_FILE, 'config'], { encoding: 'utf8', env: { PATH: process.env['PATH'], ...ENV } });
    const theirs = (parse(normalized) as { services: Record<string, ComposeService> }).services;
    expect(Object.keys(theirs).sort()).toEqual(Object.keys(services).sort());
    for (const [name, ours] of Object.entries(services)) {
      const their = theirs[name]!;
      expect(their.image, name).toBe(ours.image);
      expect(their.command, name).toEqual(ours.command);
      expect((their.ports ?? []).map(String).sort(), name).toEqual((ours.ports ?? []).map(withProtocol).sort());
      expect((their.volumes ?? []).sort(), name).toEqual((ours.volumes ?? []).map(resolveVolume).sort());
    }
  });
});
