/**
 * Finding input files and writing output directories.
 *
 * Inputs follow Thunder: a path is a file, a directory (its files with the wanted extension), or
 * a pattern with `*` / `?` wildcards in its last component; files are sorted by name, then
 * `start`/`stop` slice them like Python. Outputs are written into a temporary sibling directory
 * and renamed into place only when every file is complete, so a failure leaves nothing
 * half-written under the target path.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { DataFormatError, InvalidArgumentError } from '../../common/errors.js';

export interface ListOptions {
  /** Accepted extensions without the dot, e.g. ['tif', 'tiff']. */
  readonly ext: readonly string[];
  readonly start?: number | undefined;
  readonly stop?: number | undefined;
  readonly recursive?: boolean | undefined;
}

function wildcardRegex(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

async function walk(dir: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isFile()) out.push(p);
    else if (recursive && e.isDirectory()) out.push(...(await walk(p, true)));
  }
  return out;
}

/**
 * Files matching `path`, sorted, sliced by start/stop. Throws `DataFormatError` naming the path
 * when nothing matches (including a missing directory).
 */
export async function listFiles(path: string, options: ListOptions): Promise<string[]> {
  if (typeof path !== 'string' || path.length === 0) throw new InvalidArgumentError('path', 'a file, directory or glob', path);
  const full = resolve(path.startsWith('file://') ? new URL(path).pathname : path);
  const hasExt = (f: string): boolean => options.ext.some((e) => f.toLowerCase().endsWith(`.${e.toLowerCase()}`));
  let files: string[];
  if (/[*?]/.test(basename(full))) {
    const dir = dirname(full);
    const re = wildcardRegex(basename(full));
    const all = await walk(dir, options.recursive ?? false).catch(() => [] as string[]);
    files = all.filter((f) => re.test(basename(f)) && hasExt(f));
  } else {
    const info = await stat(full).catch(() => undefined);
    if (!info) throw new DataFormatError(path, 'no such file or directory');
    files = info.isDirectory() ? (await walk(full, options.recursive ?? false)).filter(hasExt) : [full];
  }
  files.sort();
  const sliced = files.slice(options.start ?? 0, options.stop ?? files.length);
  if (sliced.length === 0) throw new DataFormatError(path, `no files with extension ${options.ext.map((e) => `.${e}`).join(' or ')} found`);
  return sliced;
}

/** Reads a whole file; a read failure becomes a `DataFormatError` naming it. */
export async function readBytes(file: string): Promise<Uint8Array> {
  try {
    const b = await readFile(file);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (cause) {
    throw new DataFormatError(file, 'cannot be read', { cause });
  }
}

export interface OutputFile {
  readonly name: string;
  /** Produced lazily so a failing encoder aborts before anything is renamed into place. */
  readonly data: () => Uint8Array | string;
}

/**
 * Writes `files` into directory `path` atomically: all files go to a temporary sibling, which
 * replaces `path` only once complete. Refuses an existing `path` unless `overwrite`.
 */
export async function writeDirectory(path: string, files: Iterable<OutputFile>, overwrite: boolean): Promise<void> {
  await writeDirectoryWith(path, overwrite, async (tmp) => {
    for (const f of files) await writeFile(join(tmp, f.name), f.data());
  });
}

/**
 * `writeDirectory` for writers that fill the directory themselves (Spark executors write into it
 * when they share this filesystem): `fill` gets the temporary sibling's absolute path; once it
 * resolves the directory replaces `path`; when it rejects the sibling and everything in it is
 * removed and `path` is left as it was.
 */
export async function writeDirectoryWith(path: string, overwrite: boolean, fill: (tmp: string) => Promise<void>): Promise<void> {
  const target = resolve(path);
  const exists = await stat(target).then(() => true, () => false);
  if (exists && !overwrite) throw new InvalidArgumentError('path', `a path that does not exist yet (or overwrite: true)`, path);
  // Unique per call: two writes of one path at once each fill (and may remove) only their own.
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`);
  await mkdir(dirname(target), { recursive: true });
  try {
    await mkdir(tmp);
    await fill(tmp);
    if (exists) await rm(target, { recursive: true, force: true });
    await rename(tmp, target);
  } catch (err) {
    // Retries: a task of a failed Spark job may still be finishing a file in there.
    await rm(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => undefined);
    throw err;
  }
}
