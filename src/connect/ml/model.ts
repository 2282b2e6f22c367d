/**
 * A handle on an object in the server's ML cache (a fitted model, or a summary or sub-model
 * reached from one). The object lives on the server; the handle holds its id.
 *
 * Lifetime: `dispose()` / `await using` deletes the server object; `session.stop()` deletes every
 * handle still live. A disposed handle refuses every call with `MlModelDisposedError`, before
 * any request.
 *
 * Loss: the server may drop an object (deleted behind our back, evicted from the ML cache after
 * idle time, session timeout). Then reads fail with `MlModelLostError`, unless the model was
 * fitted with `{ onLost: 'refit' }`: the handle then runs the same Fit again (same estimator,
 * params and dataset plan) once and retries. That is safe when the estimator is deterministic
 * for its params (MLlib's seeds default to a fixed per-class value, so KMeans, GaussianMixture
 * and PCA are) and the dataset plan reads the same rows (no `rand()`, no changing tables).
 * DataFrames already built by `transform()` keep the old id: run after a loss they fail with the
 * server's `CONNECT_ML.CACHE_INVALID` error; build them again from the handle.
 */
import type { ActionOptions } from '../dataframe.js';
import { DataFrame } from '../dataframe.js';
import { InvalidArgumentError } from '../../common/errors.js';
import { SparkConnectError } from '../errors.js';
import type { SparkSession } from '../session.js';
import type { ExecutePlanResponse__Output } from '../transport/messages.js';
import { deleteCommand, fetchCommand, fetchRelation, transformRelation, type MethodSpec } from './commands.js';
import { MlModelDisposedError, MlModelLostError, isCacheInvalid, narrowNotAllowed } from './errors.js';
import { track, untrack } from './registry.js';
import { fromMlLiteral, toMlLiteral, toMlParams, type MlParamValue, type MlParams, type MlValue } from './values.js';

/** An argument of a model method: a literal value (Float64Array = dense vector) or a DataFrame. */
export type MlArg = MlParamValue | DataFrame;

/** A step of an attribute chain: `'summary'`, or `{ method: 'predict', args: [vector] }`. */
export type MlMethod = string | { readonly method: string; readonly args?: readonly MlArg[] };

export type MlLostPolicy = 'error' | 'refit';

/** @internal What the handle needs to fit again after a loss. */
export type Refit = (options: ActionOptions) => Promise<string>;

type FetchResult = { kind: 'value'; value: MlValue } | { kind: 'object'; id: string };

export class MlModel implements AsyncDisposable {
  readonly session: SparkSession;
  /** The estimator class that produced it (empty for objects reached through an attribute). */
  readonly estimator: string;
  /** The uid the estimator was fitted with (MLlib copies it into the model). */
  readonly uid: string;
  readonly onLost: MlLostPolicy;
  #id: string | undefined;
  #refit: Refit | undefined;
  #refitting: Promise<string> | undefined;
  readonly #tracked = { liveId: () => this.#id, forget: () => void (this.#id = undefined) };

  /** @internal Models come from `MlEstimator.fit` or `model.getObject`. */
  constructor(session: SparkSession, id: string, info: { estimator: string; uid: string; onLost?: MlLostPolicy; refit?: Refit }) {
    this.session = session;
    this.#id = id;
    this.estimator = info.estimator;
    this.uid = info.uid;
    this.onLost = info.onLost ?? 'error';
    this.#refit = info.refit;
    track(session, this.#tracked);
  }

  /** The server object id (throws once disposed). */
  get id(): string {
    return this.liveId('id');
  }

  get disposed(): boolean {
    return this.#id === undefined;
  }

  private get what(): string {
    return this.estimator ? `the ${this.estimator.slice(this.estimator.lastIndexOf('.') + 1)} model ${this.uid}` : `ML object ${this.uid}`;
  }

  private liveId(operation: string): string {
    if (this.#id === undefined) throw new MlModelDisposedError(this.what, operation);
    return this.#id;
  }

  /**
   * Reads an attribute chain: `get('summary.trainingCost')`, `get(['clusterCenterMatrix'])`,
   * `get([{ method: 'predict', args: [vector] }])`. Only allowlisted attributes are served
   * (else `MlNotAllowedError`). Vectors come back as Float64Array, matrices as DenseMatrix.
   */
  async get(chain: string | readonly MlMethod[], options: ActionOptions = {}): Promise<MlValue> {
    const where = `get(${describeChain(chain)})`;
    const r = await this.fetch(chain, where, options);
    if (r.kind === 'object') {
      // The server cached a new object for this chain; free it, the caller asked for a value.
      await this.session.executeCommand(deleteCommand([r.id])).catch(() => undefined);
      throw new InvalidArgumentError(where, 'an attribute chain that ends in a value (use getObject for models and summaries)', describeChain(chain));
    }
    return r.value;
  }

  /** Calls one method: `call('predict', vector)`. */
  call(method: string, ...args: readonly MlArg[]): Promise<MlValue> {
    return this.get([{ method, args }]);
  }

  /** An attribute chain that yields a server object (a summary, a sub-model), as its own handle. */
  async getObject(chain: string | readonly MlMethod[], options: ActionOptions = {}): Promise<MlModel> {
    const where = `getObject(${describeChain(chain)})`;
    const r = await this.fetch(chain, where, options);
    if (r.kind !== 'object') throw new InvalidArgumentError(where, 'an attribute chain that ends in a model or summary', 'a value');
    return new MlModel(this.session, r.id, { estimator: '', uid: `${this.uid}.${describeChain(chain)}` });
  }

  /** An attribute chain whose result is a DataFrame (e.g. `gaussiansDF`), lazily. */
  getDataFrame(chain: string | readonly MlMethod[]): DataFrame {
    const id = this.liveId(`getDataFrame(${describeChain(chain)})`);
    const specs = toSpecs(chain, 'getDataFrame');
    return new DataFrame(this.session, fetchRelation(this.session.nextPlanId(), id, specs));
  }

  /**
   * `model.transform(df)` on the server (MlRelation.Transform), lazily: the input's columns plus
   * the model's outputs (e.g. `prediction`). `params` override the model's (e.g. `featuresCol`).
   */
  transform(df: DataFrame, params: MlParams = {}): DataFrame {
    const id = this.liveId('transform(df)');
    if (!(df instanceof DataFrame) || df.session !== this.session) throw new InvalidArgumentError('transform(df)', 'a DataFrame of the same session', df);
    return new DataFrame(this.session, transformRelation(this.session.nextPlanId(), id, df.relation, toMlParams(params, 'transform')));
  }

  /** Deletes the server object. Idempotent; later calls throw `MlModelDisposedError`. */
  async dispose(): Promise<void> {
    const id = this.#id;
    if (id === undefined) return;
    this.#id = undefined;
    untrack(this.session, this.#tracked);
    if (this.session.client.isClosed) return;
    await this.session.executeCommand(deleteCommand([id]));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private async fetch(chain: string | readonly MlMethod[], where: string, options: ActionOptions): Promise<FetchResult> {
    const specs = toSpecs(chain, where);
    const once = async (): Promise<FetchResult> => resultOf(await this.session.executeCommand(fetchCommand(this.liveId(where), specs), options));
    try {
      return await once();
    } catch (e) {
      if (!isCacheInvalid(e)) throw narrowNotAllowed(e, `${this.estimator || 'object'}.${describeChain(chain)}`);
      if (this.onLost !== 'refit' || !this.#refit) throw new MlModelLostError(this.#id ?? '?', this.what, e);
      await this.refitAfterLoss(options);
      return await once();
    }
  }

  private async refitAfterLoss(options: ActionOptions): Promise<void> {
    const refit = this.#refit!;
    this.#refitting ??= refit(options).finally(() => (this.#refitting = undefined));
    const id = await this.#refitting;
    if (this.#id === undefined) {
      await this.session.executeCommand(deleteCommand([id])).catch(() => undefined);
      throw new MlModelDisposedError(this.what, 'refit');
    }
    this.#id = id;
  }
}

function describeChain(chain: string | readonly MlMethod[]): string {
  if (typeof chain === 'string') return chain;
  return chain.map((m) => (typeof m === 'string' ? m : `${m.method}(${m.args?.length ? '…' : ''})`)).join('.');
}

function toSpecs(chain: string | readonly MlMethod[], where: string): MethodSpec[] {
  const steps: readonly MlMethod[] = typeof chain === 'string' ? chain.split('.') : chain;
  if (!Array.isArray(steps) || steps.length === 0) throw new InvalidArgumentError(where, "an attribute name or chain, e.g. 'summary.trainingCost'", chain);
  return steps.map((m, i) => {
    const name = typeof m === 'string' ? m : m?.method;
    if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name)) throw new InvalidArgumentError(`${where}[${i}]`, 'a method or attribute name', name);
    const args: readonly MlArg[] = typeof m === 'string' ? [] : (m.args ?? []);
    return {
      method: name,
      args: args.map((a, j) => (a instanceof DataFrame ? { input: a.relation } : { param: toMlLiteral(a, `${where}[${i}].args[${j}]`) })),
    };
  });
}

function resultOf(responses: readonly ExecutePlanResponse__Output[]): FetchResult {
  const r = responses.find((x) => x.responseType === 'mlCommandResult')?.mlCommandResult;
  if (r?.resultType === 'param' && r.param) return { kind: 'value', value: fromMlLiteral(r.param) };
  if (r?.resultType === 'summary' && r.summary) return { kind: 'object', id: r.summary };
  const id = r?.operatorInfo?.objRef?.id;
  if (r?.resultType === 'operatorInfo' && id) return { kind: 'object', id };
  throw new SparkConnectError('the server sent no ML result for the fetch', { messageParameters: {}, exceptionClasses: [] }, 13);
}

/** @internal The object id of a Fit result. */
export function fittedId(responses: readonly ExecutePlanResponse__Output[]): string {
  const id = responses.find((x) => x.responseType === 'mlCommandResult')?.mlCommandResult?.operatorInfo?.objRef?.id;
  if (!id) throw new SparkConnectError('the server sent no model reference for the fit', { messageParameters: {}, exceptionClasses: [] }, 13);
  return id;
}
