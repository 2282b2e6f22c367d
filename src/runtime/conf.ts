/** Reading spark-conf/spark-defaults.conf (the format spark-submit reads: `key whitespace value`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SPARK_CONF_DIR } from './paths.js';

export function readSparkDefaults(file = join(SPARK_CONF_DIR, 'spark-defaults.conf')): Record<string, string> {
  const conf: Record<string, string> = {};
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (m) conf[m[1]!] = m[2]!.trim();
  }
  return conf;
}
