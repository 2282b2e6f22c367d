/**
 * Independent checks for specs: the installed Vega-Lite JSON schema (ajv),
 * vega-lite's compiler, and vega's headless SVG renderer. Nothing here uses
 * the code under test.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { decode } from 'fast-png';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as object;
  // The schema is large: without ref inlining and code optimization it compiles in ~1 s instead of ~8 s.
  const ajv = new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false, logger: false, inlineRefs: false, code: { optimize: false } });
  validator = ajv.compile(schema);
  return validator;
}

/** Validates against the schema, compiles, and renders to SVG; returns the SVG. */
export async function checkSpec(spec: unknown): Promise<string> {
  const validate = schemaValidator();
  const valid = validate(spec);
  expect(valid, JSON.stringify(validate.errors?.slice(0, 3), null, 1)).toBe(true);
  const warnings: string[] = [];
  const logger = vega.logger(vega.Warn, undefined, (_m, _level, input) => {
    warnings.push(input.map(String).join(' '));
  });
  // Vega writes ids and derived fields onto the data objects it ingests: render a copy.
  const compiled = compile(structuredClone(spec) as Parameters<typeof compile>[0], { logger }).spec;
  expect(warnings).toEqual([]);
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  expect(svg.startsWith('<svg')).toBe(true);
  return svg;
}

/** Every object in the spec tree that has key `key` (e.g. all `data` blocks). */
export function findAll(node: unknown, key: string, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => findAll(n, key, out));
  else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (key in obj) out.push(obj);
    Object.values(obj).forEach((v) => findAll(v, key, out));
  }
  return out;
}

/** All inline data rows of the spec, in document order, each block separately. */
export function dataBlocks(spec: unknown): Record<string, unknown>[][] {
  return findAll(spec, 'data')
    .map((o) => o.data as { values?: Record<string, unknown>[] })
    .filter((d) => Array.isArray(d.values))
    .map((d) => d.values!);
}

/** Decodes every PNG data URL in the spec, in document order. */
export function pngImages(spec: unknown): { width: number; height: number; channels: number; data: ArrayLike<number> }[] {
  return dataBlocks(spec)
    .flat()
    .map((row) => row.url)
    .filter((u): u is string => typeof u === 'string' && u.startsWith('data:image/png;base64,'))
    .map((u) => {
      const img = decode(Buffer.from(u.slice('data:image/png;base64,'.length), 'base64'));
      return { width: img.width, height: img.height, channels: img.channels, data: img.data };
    });
}

/** The RGB triple at (row, col) of a decoded image. */
export function pixel(img: { width: number; channels: number; data: ArrayLike<number> }, row: number, col: number): number[] {
  const o = (row * img.width + col) * img.channels;
  return [img.data[o]!, img.data[o + 1]!, img.data[o + 2]!];
}

export { expectInvalid } from '../helpers/errors.js';
