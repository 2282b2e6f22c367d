/**
 * docker/compose.yaml is checked with a real Compose parser (`docker-compose
 * config`, which needs no Docker engine) and against the local cluster
 * topology: same image version, same mounted conf, same ports, loopback only.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPARK_VERSION } from '../../src/runtime/index.js';
import { PACKAGE_ROOT } from '../../src/runtime/paths.js';

interface ComposeService {
  image: string;
  command: string[];
  ports?: string[];
  volumes?: string[];
}

function composeConfig(): { services: Record<string, ComposeService> } {
  const yaml = execFileSync('docker-compose', ['-f', join(PACKAGE_ROOT, 'docker', 'compose.yaml'), 'config'], { encoding: 'utf8' });
  // PyYAML ships with docker-compose; use it to turn the normalized YAML into JSON.
  const json = execFileSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: yaml, encoding: 'utf8' });
  return JSON.parse(json) as { services: Record<string, ComposeService> };
}

describe('docker/compose.yaml', () => {
  const config = composeConfig();
  const services = config.services;

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
      expect(s.volumes).toContain(`${join(PACKAGE_ROOT, 'spark-conf')}:/opt/spark/conf:ro`);
    }
    // the FAIR allocation file named by spark-defaults.conf is where the mount puts it
    expect(readFileSync(join(PACKAGE_ROOT, 'spark-conf', 'spark-defaults.conf'), 'utf8')).toMatch(
      /spark\.scheduler\.allocation\.file\s+\/opt\/spark\/conf\/fairscheduler\.xml/,
    );
  });

  it('publishes only the Connect port and the web UIs, on 127.0.0.1, at the local cluster defaults', () => {
    const published = Object.values(services).flatMap((s) => s.ports ?? []);
    expect(published.sort()).toEqual(
      ['127.0.0.1:15002:15002/tcp', '127.0.0.1:4040:4040/tcp', '127.0.0.1:8080:8080/tcp', '127.0.0.1:8081:8081/tcp', '127.0.0.1:8082:8082/tcp'].sort(),
    );
    expect(services['spark-master']!.command).toEqual(expect.arrayContaining(['--port', '7077', '--webui-port', '8080']));
  });
});
