/**
 * Finding input files and writing output directories.
 *
 * Inputs follow Thunder: a path is a file, a directory (its files with the wanted extension), or
 * a pattern with `*` / `?` wildcards in its last component; files are sorted by name, then
 * `start`/`stop` slice them like Python. Outputs are written into a temporary sibling directory
 * and renamed into place only when every file is complete, so a failure leaves nothing
 * half-written under the target path.
 */
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { DataFormatError, InvalidArgumentError } from '../../common/errors.js';

export interface ListOptions {
  /** Accepted extensions without the dot, e.g. ['tif', 'tiff']; empty: every file. */
  readonly ext: readonly string[];
  readonly start?: number | undefined;
  readonly stop?: number | undefined;
  readonly recursive?: boolean | undefined;
}

function wildcardRegex(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/**
 * Files under `dir`; symbolic links are followed (a link to a file is that file, a link to a
 * directory is descended when recursive; a directory already seen through another link is
 * skipped, so cycles end). Broken links are skipped, as a glob would.
 */
async function walk(dir: string, recursive: boolean, seen: Set<string> = new Set()): Promise<string[]> {
  seen.add(await realpath(dir).catch(() => dir));
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const p = join(dir, e.name);
    const info = e.isSymbolicLink() ? await stat(p).catch(() => undefined) : e;
    if (!info) continue;
    if (info.isFile()) out.push(p);
    else if (recursive && info.isDirectory() && !seen.has(await realpath(p).catch(() => p))) out.push(...(await walk(p, true, seen)));
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
  const hasExt = (f: string): boolean => options.ext.length === 0 || options.ext.some((e) => f.toLowerCase().endsWith(`.${e.toLowerCase()}`));
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
  const { start, stop } = options;
  for (const [name, v] of [['start', start], ['stop', stop]] as const) {
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v))) throw new InvalidArgumentError(name, 'an integer (a Python slice bound)', v);
  }
  if (files.length === 0) throw new DataFormatError(path, `no files with extension ${options.ext.map((e) => `.${e}`).join(' or ')} found`);
  const sliced = files.slice(start ?? 0, stop ?? files.length);
  if (sliced.length === 0) {
    throw new InvalidArgumentError('start/stop', `a range selecting at least one of the ${files.length} files found in ${path}`, `the empty range start ${start ?? 0}, stop ${stop ?? files.length}`);
  }
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
    for (const f of files) {
      const data = f.data();
      await writeFile(join(tmp, f.name), data).catch((cause: unknown) => {
        throw new DataFormatError(path, `cannot write ${f.name}: ${errorText(cause)}`, { cause });
      });
    }
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Names the writers of this module produce: `<prefix>-00000.<ext>`, conf.json, SUCCESS. */
const WRITER_OUTPUT = /^(.+-\d{5}\.(bin|tif|tiff|png)|conf\.json|SUCCESS)$/;

/**
 * Throws unless an existing `target` may be replaced: a directory that is empty or holds only
 * files a writer here produces (an earlier output), so `overwrite` never deletes user files.
 */
async function checkReplaceable(target: string, path: string): Promise<void> {
  const info = await lstat(target);
  if (!info.isDirectory()) throw new DataFormatError(path, 'exists and is not a directory; refusing to replace it');
  const foreign = (await readdir(target, { withFileTypes: true })).filter((e) => !e.isFile() || !WRITER_OUTPUT.test(e.name));
  if (foreign.length > 0) {
    throw new DataFormatError(path, `holds files this writer did not write (${foreign.slice(0, 3).map((e) => e.name).join(', ')}${foreign.length > 3 ? ', ...' : ''}); refusing to replace it`);
  }
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
  if (exists) await checkReplaceable(target, path);
  // Unique per call: two writes of one path at once each fill (and may remove) only their own.
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`);
  const fsStep = async (what: string, step: () => Promise<unknown>): Promise<void> => {
    try {
      await step();
    } catch (cause) {
      throw new DataFormatError(path, `cannot ${what} (${errorText(cause)})`, { cause });
    }
  };
  await fsStep(`create its parent directory ${dirname(target)}`, () => mkdir(dirname(target), { recursive: true }));
  try {
    await fsStep(`create files next to it in ${dirname(target)}`, () => mkdir(tmp));
    await fill(tmp);
    if (exists) await fsStep('remove the earlier output', () => rm(target, { recursive: true, force: true }));
    await fsStep('move the new files into place', () => rename(tmp, target));
  } catch (err) {
    // Retries: a task of a failed Spark job may still be finishing a file in there.
    await rm(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => undefined);
    throw err;
  }
}
