/**
 * A Spark release's jars from PyPI, for releases that Maven Central (as a machine reaches it)
 * does not serve whole. PySpark's source package `pyspark-<version>.tar.gz` carries the complete
 * jar set of its release in `pyspark-<version>/deps/jars/` (spark-core, spark-sql, spark-mllib,
 * spark-connect, hadoop-client, …), the same jars Spark's own binary distribution ships.
 *
 * Node only (no pip): the file's URL and SHA-256 come from the index's Simple API (PEP 691 JSON,
 * or the PEP 503 HTML page when an index serves no JSON), the archive is streamed to a temp file
 * while it is hashed, checked against the listed SHA-256, and only its `deps/jars/*.jar` entries
 * are extracted (`tar`). The caller installs the folder atomically (fetch.ts).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { extract } from 'tar';
import { SparkRuntimeError } from './errors.js';

/** PyPI's Simple API root. `$PIP_INDEX_URL` (pip's own setting) replaces it, e.g. for a mirror. */
export const PYPI_SIMPLE_INDEX = 'https://pypi.org/simple/';

/** The index root the runtime asks: `$PIP_INDEX_URL` when set, else PyPI. Always ends in `/`. */
export function pypiIndex(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['PIP_INDEX_URL']?.trim();
  const root = configured ? configured : PYPI_SIMPLE_INDEX;
  return root.endsWith('/') ? root : `${root}/`;
}

/** One source distribution as the index lists it. */
export interface PysparkSdist {
  readonly version: string;
  /** `pyspark-<version>.tar.gz` */
  readonly filename: string;
  /** Absolute download URL. */
  readonly url: string;
  /** Lower-case hex SHA-256 the index lists for the file. */
  readonly sha256: string;
  /** Bytes, when the index says (PEP 691 JSON does, PEP 503 HTML does not). */
  readonly size?: number;
}

export interface PyPiOptions {
  /** Simple API root (default `pypiIndex(env)`). */
  readonly index?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** Entries of the sdist that are installed: the jars directly in `<top>/deps/jars/` (not `connect-repl/`, the JVM client's REPL). */
const JAR_ENTRY = /^[^/]+\/deps\/jars\/[^/]+\.jar$/;

function failure(version: string, source: string, what: string): SparkRuntimeError {
  return new SparkRuntimeError(`fetching Spark ${version} from PyPI (${source}): ${what}`);
}

function reason(e: unknown): string {
  const err = e as { message?: string; cause?: { message?: string; code?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message ?? String(e)} (${cause})` : (err.message ?? String(e));
}

async function get(url: string, accept: string, version: string): Promise<Response> {
  try {
    return await fetch(url, { headers: { accept }, redirect: 'follow' });
  } catch (e) {
    throw failure(version, url, `network error: ${reason(e)}`);
  }
}

interface SimpleFile {
  readonly filename: string;
  readonly url: string;
  readonly sha256?: string;
  readonly size?: number;
}

/** PEP 691: `{ files: [{ filename, url, hashes: { sha256 }, size?, yanked? }], versions? }`. */
function filesFromJson(body: string, page: string, version: string): { files: SimpleFile[]; versions: string[] } {
  let doc: { files?: unknown; versions?: unknown };
  try {
    doc = JSON.parse(body) as typeof doc;
  } catch {
    throw failure(version, page, 'the index answered with JSON that does not parse');
  }
  if (!Array.isArray(doc.files)) throw failure(version, page, 'the index answer has no "files" list (not a PEP 691 Simple API page)');
  const files: SimpleFile[] = [];
  for (const f of doc.files as Array<Record<string, unknown>>) {
    if (typeof f['filename'] !== 'string' || typeof f['url'] !== 'string') continue;
    const hashes = f['hashes'] as Record<string, unknown> | undefined;
    const size = f['size'];
    files.push({
      filename: f['filename'],
      url: new URL(f['url'], page).href,
      sha256: typeof hashes?.['sha256'] === 'string' ? hashes['sha256'] : undefined,
      size: typeof size === 'number' ? size : undefined,
    });
  }
  const versions = Array.isArray(doc.versions) ? doc.versions.filter((v): v is string => typeof v === 'string') : [];
  return { files, versions };
}

/** PEP 503: one `<a href="URL#sha256=HEX">FILENAME</a>` per file. */
function filesFromHtml(body: string, page: string): SimpleFile[] {
  const files: SimpleFile[] = [];
  for (const m of body.matchAll(/<a\s+([^>]*)>([^<]+)<\/a>/gi)) {
    const href = /href\s*=\s*"([^"]*)"/i.exec(m[1]!)?.[1];
    if (href === undefined) continue;
    const url = new URL(href.replace(/&amp;/g, '&'), page);
    const sha256 = /^#?sha256=([0-9a-fA-F]{64})$/.exec(url.hash)?.[1];
    url.hash = '';
    files.push({ filename: m[2]!.trim(), url: url.href, sha256 });
  }
  return files;
}

/**
 * Finds `pyspark-<version>.tar.gz` on the index. Throws a SparkRuntimeError naming the version
 * and the page when the index is unreachable, has no pyspark, or lists no such file or no SHA-256.
 */
export async function findPysparkSdist(version: string, options: PyPiOptions = {}): Promise<PysparkSdist> {
  const page = new URL('pyspark/', options.index ?? pypiIndex(options.env)).href;
  const res = await get(page, 'application/vnd.pypi.simple.v1+json, text/html;q=0.1', version);
  if (res.status === 404) throw failure(version, page, 'the index has no project "pyspark" (HTTP 404)');
  if (!res.ok) throw failure(version, page, `the index answered HTTP ${res.status} ${res.statusText}`);
  const body = await res.text();
  const json = /json/i.test(res.headers.get('content-type') ?? '');
  const { files, versions } = json ? filesFromJson(body, page, version) : { files: filesFromHtml(body, page), versions: [] };
  const filename = `pyspark-${version}.tar.gz`;
  const file = files.find((f) => f.filename === filename);
  if (!file) {
    const known = versions.length ? versions : [...new Set(files.map((f) => /^pyspark-(\d[^-]*?)\.tar\.gz$/.exec(f.filename)?.[1]).filter((v) => v))];
    const spark4 = known.filter((v) => /^4\.\d+\.\d+$/.test(v!));
    throw failure(version, page, `pyspark ${version} is not on the index (no ${filename}); Spark 4 releases there: ${spark4.join(', ') || 'none'}`);
  }
  if (!file.sha256 || !/^[0-9a-f]{64}$/i.test(file.sha256)) throw failure(version, page, `the index lists ${filename} without a SHA-256, so the download could not be checked`);
  return { version, filename, url: file.url, sha256: file.sha256.toLowerCase(), size: file.size };
}

/**
 * Streams `sdist.url` to `file`, hashing it on the way, and removes the file again unless its
 * SHA-256 (and size, when listed) match the index. Throws naming the version and the URL.
 */
export async function downloadSdist(sdist: PysparkSdist, file: string, options: PyPiOptions = {}): Promise<void> {
  const log = options.log ?? (() => undefined);
  const res = await get(sdist.url, '*/*', sdist.version);
  if (!res.ok || !res.body) throw failure(sdist.version, sdist.url, `the download answered HTTP ${res.status} ${res.statusText}`);
  const hash = createHash('sha256');
  let bytes = 0;
  let reported = 0;
  const step = 100 * 1024 * 1024;
  const started = Date.now();
  log(`downloading ${sdist.filename}${sdist.size ? ` (${(sdist.size / 1e6).toFixed(0)} MB)` : ''} from ${sdist.url}`);
  try {
    await pipeline(
      Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          bytes += chunk.length;
          if (bytes - reported >= step) {
            reported = bytes;
            log(`  ${(bytes / 1e6).toFixed(0)} MB${sdist.size ? ` of ${(sdist.size / 1e6).toFixed(0)}` : ''}`);
          }
          yield chunk;
        }
      },
      createWriteStream(file),
    );
  } catch (e) {
    rmSync(file, { force: true });
    throw failure(sdist.version, sdist.url, `the download broke off after ${(bytes / 1e6).toFixed(1)} MB: ${reason(e)}`);
  }
  const got = hash.digest('hex');
  if (got !== sdist.sha256 || (sdist.size !== undefined && bytes !== sdist.size)) {
    rmSync(file, { force: true });
    throw failure(
      sdist.version,
      sdist.url,
      `checksum mismatch: the downloaded ${sdist.filename} (${bytes} bytes) has SHA-256 ${got}, the index lists ${sdist.sha256}` +
        `${sdist.size !== undefined ? ` (${sdist.size} bytes)` : ''}; nothing was installed, run the fetch again`,
    );
  }
  const seconds = (Date.now() - started) / 1000;
  log(`downloaded ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s, SHA-256 checked`);
}

/**
 * Extracts the jars directly under `<top>/deps/jars/` of a pyspark sdist into `dir` (flat, by
 * file name; regular files only). Returns the jar names, sorted. Throws when there are none.
 */
export async function extractSdistJars(archive: string, dir: string, version: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  try {
    await extract({
      file: archive,
      cwd: dir,
      strip: 3,
      // A damaged archive is an error, not a silently shorter jar list.
      strict: true,
      filter: (path, entry) => JAR_ENTRY.test(path) && (!('type' in entry) || entry.type === 'File'),
    });
  } catch (e) {
    throw failure(version, archive, `could not read the archive: ${reason(e)}`);
  }
  const jars = readdirSync(dir).filter((f) => f.endsWith('.jar')).sort();
  if (jars.length === 0) throw failure(version, archive, 'the archive has no deps/jars/*.jar (not a pyspark source package with bundled jars)');
  return jars;
}

/** What `fetchJarsFromPyPI` installed. */
export interface PyPiJars {
  readonly sdist: PysparkSdist;
  readonly jars: readonly string[];
}

/**
 * The jars of Spark `version` from pyspark's sdist into `jarsDir` (an empty staging folder the
 * caller renames into place). The archive is downloaded into `workDir` and removed afterwards,
 * whatever happens.
 */
export async function fetchJarsFromPyPI(version: string, jarsDir: string, workDir: string, options: PyPiOptions = {}): Promise<PyPiJars> {
  const log = options.log ?? (() => undefined);
  const sdist = await findPysparkSdist(version, options);
  mkdirSync(workDir, { recursive: true });
  const archive = join(workDir, `${sdist.filename}.download`);
  try {
    await downloadSdist(sdist, archive, options);
    const started = Date.now();
    const jars = await extractSdistJars(archive, jarsDir, version);
    log(`extracted ${jars.length} jars from ${sdist.filename} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { sdist, jars };
  } finally {
    rmSync(archive, { force: true });
  }
}
