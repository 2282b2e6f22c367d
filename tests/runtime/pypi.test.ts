/**
 * Spark jars from PyPI's pyspark source package (src/runtime/pypi.ts) without the network: a
 * loopback HTTP server plays the index (PEP 691 JSON and PEP 503 HTML pages) and the file host,
 * serving a small sdist built here with the layout of the real one.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkRuntimeError } from '../../src/runtime/index.js';
import { mavenReason } from '../../src/runtime/fetch.js';
import { downloadSdist, extractSdistJars, fetchJarsFromPyPI, findPysparkSdist, pypiIndex } from '../../src/runtime/pypi.js';
import { scratchDir } from '../helpers/temp.js';

const VERSION = '4.99.1';
const TOP = `pyspark-${VERSION}`;
/** The sdist's entries, and which of them must be installed (the jars directly in deps/jars/). */
const ENTRIES: Record<string, string> = {
  [`${TOP}/deps/jars/spark-core_2.13-${VERSION}.jar`]: 'core bytes',
  [`${TOP}/deps/jars/spark-sql_2.13-${VERSION}.jar`]: 'sql bytes',
  [`${TOP}/deps/jars/connect-repl/spark-connect-client-jvm_2.13-${VERSION}.jar`]: 'the JVM client: not for the server',
  [`${TOP}/deps/jars/NOTICE.txt`]: 'not a jar',
  [`${TOP}/pyspark/__init__.py`]: 'python',
  [`${TOP}/deps/jars-extra.jar`]: 'outside deps/jars',
};
const INSTALLED = { [`spark-core_2.13-${VERSION}.jar`]: 'core bytes', [`spark-sql_2.13-${VERSION}.jar`]: 'sql bytes' };

let sdist: Buffer;
let sha256: string;
let noJars: Buffer;
let server: Server;
let base: string;
let downloads = 0;

async function tarGz(entries: Record<string, string>, link?: { path: string; target: string }): Promise<Buffer> {
  const src = scratchDir('thunder-pypi-src-');
  for (const [path, text] of Object.entries(entries)) {
    mkdirSync(join(src, path, '..'), { recursive: true });
    writeFileSync(join(src, path), text);
  }
  if (link) symlinkSync(link.target, join(src, link.path));
  const out = join(scratchDir('thunder-pypi-out-'), 'sdist.tar.gz');
  await create({ gzip: true, file: out, cwd: src, portable: true }, readdirSync(src));
  return readFileSync(out);
}

function jsonPage(files: object[], versions: string[]): string {
  return JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'pyspark', versions, files });
}

beforeAll(async () => {
  // A symlink named like a jar must not be installed (regular files only).
  sdist = await tarGz(ENTRIES, { path: `${TOP}/deps/jars/link.jar`, target: '../../pyspark/__init__.py' });
  sha256 = createHash('sha256').update(sdist).digest('hex');
  noJars = await tarGz({ [`${TOP}/pyspark/__init__.py`]: 'python' });
  const noJarsSha = createHash('sha256').update(noJars).digest('hex');
  const file = (name: string, sha: string, size: number) => ({ filename: name, url: `../../files/${name}`, hashes: { sha256: sha }, size });
  const pages: Record<string, { type: string; body: string }> = {
    // PEP 691 JSON, relative file URLs (resolved against the page) as the spec allows.
    '/json/pyspark/': {
      type: 'application/vnd.pypi.simple.v1+json',
      body: jsonPage(
        [
          file(`pyspark-${VERSION}.tar.gz`, sha256, sdist.length),
          file('pyspark-4.99.2.tar.gz', '0'.repeat(64), sdist.length),
          { filename: 'pyspark-4.99.3.tar.gz', url: '../../files/pyspark-4.99.3.tar.gz', hashes: {} },
          file('pyspark-4.99.4.tar.gz', noJarsSha, noJars.length),
          file('pyspark-4.99.5.tar.gz', sha256, sdist.length),
        ],
        ['3.5.0', VERSION, '4.99.2', '4.99.3', '4.99.4', '4.99.5'],
      ),
    },
    // PEP 503 HTML: the hash in the URL fragment, no size.
    '/html/pyspark/': {
      type: 'text/html',
      body: `<!DOCTYPE html><html><body><a href="/files/pyspark-${VERSION}.tar.gz#sha256=${sha256}">pyspark-${VERSION}.tar.gz</a><br/></body></html>`,
    },
  };
  server = createServer((req, res) => {
    const url = req.url ?? '';
    const page = pages[url];
    if (page) {
      res.writeHead(200, { 'content-type': page.type }).end(page.body);
    } else if (url === `/files/pyspark-${VERSION}.tar.gz` || url === '/files/pyspark-4.99.2.tar.gz') {
      downloads++;
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(sdist);
    } else if (url === '/files/pyspark-4.99.4.tar.gz') {
      res.writeHead(200).end(noJars);
    } else if (url === '/files/pyspark-4.99.5.tar.gz') {
      res.writeHead(500, 'Internal Server Error').end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failureOf(p: Promise<unknown>): Promise<SparkRuntimeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SparkRuntimeError);
  return e as SparkRuntimeError;
}

describe('the index', () => {
  it('is PyPI, or $PIP_INDEX_URL with a trailing slash', () => {
    expect(pypiIndex({})).toBe('https://pypi.org/simple/');
    expect(pypiIndex({ PIP_INDEX_URL: 'https://mirror.example/simple' })).toBe('https://mirror.example/simple/');
  });

  it('gives the sdist URL, SHA-256 and size from a PEP 691 JSON page', async () => {
    const found = await findPysparkSdist(VERSION, { index: `${base}/json/` });
    expect(found).toEqual({ version: VERSION, filename: `${TOP}.tar.gz`, url: `${base}/files/${TOP}.tar.gz`, sha256, size: sdist.length });
  });

  it('gives the URL and SHA-256 from a PEP 503 HTML page', async () => {
    const found = await findPysparkSdist(VERSION, { index: `${base}/html/` });
    expect(found).toEqual({ version: VERSION, filename: `${TOP}.tar.gz`, url: `${base}/files/${TOP}.tar.gz`, sha256, size: undefined });
  });

  it('says which Spark 4 releases it has when the version is not there', async () => {
    const e = await failureOf(findPysparkSdist('4.99.9', { index: `${base}/json/` }));
    expect(e.message).toContain('Spark 4.99.9 from PyPI');
    expect(e.message).toContain(`${base}/json/pyspark/`);
    expect(e.message).toContain(`pyspark 4.99.9 is not on the index (no pyspark-4.99.9.tar.gz); Spark 4 releases there: ${VERSION}, 4.99.2, 4.99.3, 4.99.4, 4.99.5`);
  });

  it('refuses a file listed without a SHA-256', async () => {
    const e = await failureOf(findPysparkSdist('4.99.3', { index: `${base}/json/` }));
    expect(e.message).toMatch(/4\.99\.3.*without a SHA-256/);
  });

  it('reports an index without pyspark (HTTP 404)', async () => {
    const e = await failureOf(findPysparkSdist(VERSION, { index: `${base}/nothing/` }));
    expect(e.message).toContain(`fetching Spark ${VERSION} from PyPI (${base}/nothing/pyspark/)`);
    expect(e.message).toContain('no project "pyspark" (HTTP 404)');
  });

  it('reports an index that cannot be reached as a network error', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const e = await failureOf(findPysparkSdist(VERSION, { index: `http://127.0.0.1:${port}/simple/` }));
    expect(e.message).toContain(`fetching Spark ${VERSION} from PyPI (http://127.0.0.1:${port}/simple/pyspark/): network error`);
  });
});

describe('the download', () => {
  it('installs only the regular jar files directly in deps/jars/, and removes the archive', async () => {
    const work = scratchDir('thunder-pypi-work-');
    const jars = join(work, 'jars');
    const got = await fetchJarsFromPyPI(VERSION, jars, work, { index: `${base}/json/` });
    expect(got.jars).toEqual(Object.keys(INSTALLED).sort());
    expect(got.sdist.sha256).toBe(sha256);
    expect(readdirSync(jars).sort()).toEqual(Object.keys(INSTALLED).sort());
    for (const [name, text] of Object.entries(INSTALLED)) expect(readFileSync(join(jars, name), 'utf8')).toBe(text);
    expect(readdirSync(work)).toEqual(['jars']);
  });

  it('refuses a file whose SHA-256 differs from the index, and keeps nothing', async () => {
    const work = scratchDir('thunder-pypi-work-');
    const before = downloads;
    const e = await failureOf(fetchJarsFromPyPI('4.99.2', join(work, 'jars'), work, { index: `${base}/json/` }));
    expect(downloads).toBe(before + 1);
    expect(e.message).toContain(`fetching Spark 4.99.2 from PyPI (${base}/files/pyspark-4.99.2.tar.gz): checksum mismatch`);
    expect(e.message).toContain(`has SHA-256 ${sha256}, the index lists ${'0'.repeat(64)}`);
    expect(readdirSync(work)).toEqual([]);
  });

  it('reports a failed download with its HTTP status', async () => {
    const file = join(scratchDir('thunder-pypi-work-'), 'x.tar.gz');
    const e = await failureOf(downloadSdist({ version: '4.99.5', filename: 'pyspark-4.99.5.tar.gz', url: `${base}/files/pyspark-4.99.5.tar.gz`, sha256 }, file));
    expect(e.message).toContain(`fetching Spark 4.99.5 from PyPI (${base}/files/pyspark-4.99.5.tar.gz): the download answered HTTP 500`);
  });

  it('refuses an archive without deps/jars/*.jar', async () => {
    const work = scratchDir('thunder-pypi-work-');
    const e = await failureOf(fetchJarsFromPyPI('4.99.4', join(work, 'jars'), work, { index: `${base}/json/` }));
    expect(e.message).toMatch(/Spark 4\.99\.4 .*has no deps\/jars\/\*\.jar/);
    expect(readdirSync(work)).toEqual(['jars']);
    expect(readdirSync(join(work, 'jars'))).toEqual([]);
  });

  it('refuses a file that is not a gzipped tar', async () => {
    const dir = scratchDir('thunder-pypi-work-');
    writeFileSync(join(dir, 'bad.tar.gz'), 'not an archive');
    const e = await failureOf(extractSdistJars(join(dir, 'bad.tar.gz'), join(dir, 'jars'), VERSION));
    expect(e.message).toContain(`fetching Spark ${VERSION} from PyPI (${join(dir, 'bad.tar.gz')}): could not read the archive`);
  });
});

describe("Maven's failure", () => {
  it('is summed up by its first [ERROR] line, without colour codes', () => {
    const output =
      'resolving Spark 4.1.3 failed (/usr/bin/mvn exit 1):\n\x1b[0m\x1b[0m[ERROR] Failed to execute goal on project spark-runtime: Could not resolve dependencies -> [Help 1]\n[ERROR] \n[ERROR] To see the full stack trace';
    expect(mavenReason(new SparkRuntimeError(output))).toBe('Failed to execute goal on project spark-runtime: Could not resolve dependencies');
  });
});
