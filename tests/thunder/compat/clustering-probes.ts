/**
 * Issue 11, item 6 for clustering: one rule on both engines, at the call, for NaN/±Inf records,
 * k = 1, records of length 0 and an aborted signal. Each case failed before the fix on at least
 * one engine (local predict gave label 0 for NaN; ±Inf ended in ml-matrix's RangeError; k = 1 was
 * refused only by MLlib; an aborted signal was ignored locally).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { GaussianMixture, KMeans, NDArray, series, type EngineOptions } from '../../../src/thunder/index.js';
import type { MakeEngine } from '../cases/helpers.js';

/** Two well separated groups of three 2-value records. */
const GROUPS = [0, 0, 0.1, 0, 0, 0.1, 10, 10, 10.1, 10, 10, 10.1];

export function clusteringProbeCases(makeEngine: MakeEngine): void {
  describe('issue 11 probes: clustering input rules', () => {
    let eng: EngineOptions;
    beforeAll(async () => {
      eng = await makeEngine();
    });

    it('KMeansModel.predict of a record holding NaN fails naming the record, on either engine', async () => {
      const train = await series.fromArray(new NDArray(Float64Array.from(GROUPS), [6, 2]), eng);
      const model = await new KMeans({ k: 2, seed: 1 }).fit(train);
      try {
        const test = await series.fromArray(new NDArray(Float64Array.from([0, 0, 10, 10, NaN, 1]), [3, 2]), eng);
        const attempt = async (): Promise<unknown> => model.predict(test).toArray();
        // the record is the third (position 2 locally, key 2 on Spark)
        await expect(attempt()).rejects.toThrow(/finite numbers.*(record 2|key 2)/);
      } finally {
        await model.dispose();
      }
    });

    it('±Inf in KMeans or GaussianMixture input is refused like NaN', async () => {
      for (const bad of [Infinity, -Infinity]) {
        const values = Float64Array.from(GROUPS);
        values[7] = bad;
        const s = await series.fromArray(new NDArray(values, [6, 2]), eng);
        for (const fit of [() => new KMeans({ k: 2, seed: 1 }).fit(s), () => new GaussianMixture({ k: 2, seed: 1 }).fit(s)]) {
          const err = await fit().catch((e: unknown) => e);
          expect(err).toBeInstanceOf(InvalidArgumentError);
          expect(String(err)).toMatch(/NaN or ±Inf/);
        }
      }
    });

    it('k = 1 is refused at the call and records of length 0 at fit, before any query', async () => {
      expect(() => new KMeans({ k: 1 })).toThrow(InvalidArgumentError);
      expect(() => new GaussianMixture({ k: 1 })).toThrow(InvalidArgumentError);
      const empty = await series.fromArray(new NDArray(new Float64Array(0), [3, 0]), eng);
      for (const fit of [() => new KMeans({ k: 2 }).fit(empty), () => new GaussianMixture({ k: 2 }).fit(empty)]) {
        const err = await fit().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect(String(err)).toMatch(/length 0/);
      }
    });

    it('an aborted signal stops fit before anything runs, with the abort reason, on either engine', async () => {
      const s = await series.fromArray(new NDArray(Float64Array.from(GROUPS), [6, 2]), eng);
      const controller = new AbortController();
      const reason = new Error('stopped by the caller');
      controller.abort(reason);
      await expect(new KMeans({ k: 2, seed: 1 }).fit(s, { signal: controller.signal })).rejects.toBe(reason);
      await expect(new GaussianMixture({ k: 2, seed: 1 }).fit(s, { signal: controller.signal })).rejects.toBe(reason);
      // the signal is checked before the records are: NaN data still gives the abort reason
      const withNaN = await series.fromArray(new NDArray(Float64Array.from([NaN, 1, 2, 3]), [2, 2]), eng);
      await expect(new KMeans({ k: 2 }).fit(withNaN, { signal: controller.signal })).rejects.toBe(reason);
      await expect(new KMeans({ k: 2 }).fit(s, { signl: controller.signal } as never)).rejects.toThrow(InvalidArgumentError);
    });
  });
}
