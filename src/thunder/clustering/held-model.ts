/**
 * What every clustering/projection model shares: an optional MLlib model in the server's ML
 * cache (Spark fits) and the disposed state. After `dispose()` every method throws
 * `MlModelDisposedError`; disposing twice is harmless.
 */
import { MlModelDisposedError, type MlModel } from '../../connect/index.js';

export abstract class HeldModel implements AsyncDisposable {
  readonly engine: 'local' | 'spark';
  #ml: MlModel | undefined;
  #disposed = false;

  protected constructor(ml: MlModel | undefined) {
    this.#ml = ml;
    this.engine = ml ? 'spark' : 'local';
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** @internal The MLlib model (Spark fits, until disposed). */
  get ml(): MlModel | undefined {
    return this.#ml;
  }

  protected abstract readonly what: string;

  protected check(where: string): void {
    if (this.#disposed) throw new MlModelDisposedError(this.what, where);
  }

  /** Frees the server-side model (Spark fits); afterwards every method throws. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const ml = this.#ml;
    this.#ml = undefined;
    await ml?.dispose();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}
