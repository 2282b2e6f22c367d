/**
 * Issue 11, item 6 for clustering: one rule on both engines, at the call, for NaN/±Inf records,
 * k = 1, records of length 0 and an aborted signal. Each case failed before the fix on at least
 * one engine (local predict gave label 0 for NaN; ±Inf ended in ml-matrix's RangeError; k = 1 was
 * refused only by MLlib; an aborted signal was ignored locally; Spark's predict of a NaN record
 * failed with a SparkConnectError, not the local engine's InvalidArgumentError, and a Spark fit's
 * pre-check did not name the record).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { SparkInterruptedError } from '../../../src/connect/index.js';
import { GaussianMixture, KMeans, NDArray, PCA, series, type EngineOptions, type Series } from '../../../src/thunder/index.js';
import type { MakeEngine } from '../cases/helpers.js';

/** Two well separated groups of three 2-value records. */
const GROUPS = [0, 0, 0.1, 0, 0, 0.1, 10, 10, 10.1, 10, 10, 10.1];

export function clusteringProbeCases(makeEngine: MakeEngine, engine: 'local' | 'spark'): void {
  describe('issue 11 probes: clustering input rules', () => {
    let eng: EngineOptions;
    beforeAll(async () => {
      eng = await makeEngine();
    });

    it('KMeansModel/GaussianMixtureModel/PCA methods given a record holding NaN or ±Inf throw InvalidArgumentError naming the record, on either engine', async () => {
      const train = await series.fromArray(new NDArray(Float64Array.from(GROUPS), [6, 2]), eng);
      const km = await new KMeans({ k: 2, seed: 1 }).fit(train);
      const gmm = await new GaussianMixture({ k: 2, seed: 1 }).fit(train);
      const pca = await new PCA({ k: 1 }).fit(train);
      try {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const test = await series.fromArray(new NDArray(Float64Array.from([0, 0, 10, 10, bad, 1]), [3, 2]), eng);
          const methods: [string, () => Series][] = [
            ['predict(series)', () => km.predict(test)],
            ['similarity(series)', () => km.similarity(test)],
            ['distances(series)', () => km.distances(test)],
            ['predict(series)', () => gmm.predict(test)],
            ['predictProbability(series)', () => gmm.predictProbability(test)],
            ['transform(series)', () => pca.transform(test)],
          ];
          for (const [argument, method] of methods) {
            // locally at the call (the records are at hand); on Spark at the action that reads them
            const err = await (async () => method().toArray())().catch((e: unknown) => e);
            expect(err).toBeInstanceOf(InvalidArgumentError);
            expect((err as InvalidArgumentError).argument).toBe(argument);
            // the third record holds it (position 2 locally, key 2 on Spark), and the value is named
            expect(String(err)).toMatch(new RegExp(`finite numbers.*got "${String(bad)} in (record 2|the record with key 2)`));
          }
        }
      } finally {
        await km.dispose();
        await gmm.dispose();
        await pca.dispose();
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
          // values[7] is in the fourth record: position 3 locally, key 3 on Spark
          expect(String(err)).toMatch(/NaN or ±Inf.*got "(-?Infinity in record 3|1 record containing NaN or ±Inf, the first with key 3)"/);
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

    // The abort arrives while MLlib's fit command runs on the server: it is interrupted there and
    // the call rejects with the reason instead of returning a model.
    if (engine === 'spark') it('an abort during a Spark fit interrupts the fit command', async () => {
      const session = eng.engine!;
      const s = await series.fromArray(new NDArray(Float64Array.from(GROUPS), [6, 2]), eng);
      for (const estimator of [new KMeans({ k: 2, seed: 1 }), new GaussianMixture({ k: 2, seed: 1 })]) {
        const controller = new AbortController();
        const execute = session.executeCommand.bind(session);
        let fitCommand: Promise<unknown> | undefined;
        const spy = vi.spyOn(session, 'executeCommand').mockImplementation((command, options) => {
          const running = execute(command, options);
          if (command.mlCommand?.fit) {
            fitCommand = running;
            controller.abort(new Error('stopped during the fit'));
          }
          return running;
        });
        try {
          await expect(estimator.fit(s, { signal: controller.signal })).rejects.toThrow(/stopped during the fit/);
          // the fit command itself was interrupted (not only the reads after it)
          await expect(fitCommand).rejects.toBeInstanceOf(SparkInterruptedError);
        } finally {
          spy.mockRestore();
        }
      }
    });
  });
}
