/**
 * `spark.conf`: the session's runtime configuration (ConfigRequest).
 * Values are strings on the wire; numbers and booleans are sent as text.
 */
import { InvalidArgumentError } from '../common/errors.js';
import type { SparkSession } from './session.js';

type ConfigOperation = Parameters<SparkSession['client']['config']>[0];

export class RuntimeConfig {
  readonly #session: SparkSession;

  /** @internal Made by `spark.conf`. */
  constructor(session: SparkSession) {
    this.#session = session;
  }

  private async run(op: ConfigOperation) {
    return this.#session.client.config(op);
  }

  /**
   * The value of `key`. Without a default, an unset key without a default
   * of its own fails with SparkConnectError `SQL_CONF_NOT_FOUND`.
   */
  async get(key: string, defaultValue?: string): Promise<string> {
    checkKey(key, 'get(key)');
    const res = await this.run(defaultValue === undefined ? { get: { keys: [key] } } : { getWithDefault: { pairs: [{ key, value: defaultValue }] } });
    return res.pairs?.[0]?.value ?? '';
  }

  /** The value of `key`, or undefined when it is not set and has no default. */
  async getOption(key: string): Promise<string | undefined> {
    checkKey(key, 'getOption(key)');
    const res = await this.run({ getOption: { keys: [key] } });
    return res.pairs?.[0]?.value ?? undefined;
  }

  async set(key: string, value: string | number | boolean): Promise<void> {
    checkKey(key, 'set(key)');
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw new InvalidArgumentError(`set(${key})`, 'a string, number or boolean', value);
    await this.run({ set: { pairs: [{ key, value: String(value) }] } });
  }

  /** Restores the default of `key`. */
  async unset(key: string): Promise<void> {
    checkKey(key, 'unset(key)');
    await this.run({ unset: { keys: [key] } });
  }

  /**
   * Every explicitly set configuration, optionally only keys starting with
   * `prefix`. Keys are always full names (the server strips the prefix; it is put back).
   */
  async getAll(prefix?: string): Promise<Record<string, string>> {
    const res = await this.run({ getAll: prefix === undefined ? {} : { prefix } });
    const out: Record<string, string> = {};
    for (const p of res.pairs ?? []) if (p.key !== undefined) out[`${prefix ?? ''}${p.key}`] = p.value ?? '';
    return out;
  }

  /** Whether `key` can be changed at run time (static configs cannot). */
  async isModifiable(key: string): Promise<boolean> {
    checkKey(key, 'isModifiable(key)');
    const res = await this.run({ isModifiable: { keys: [key] } });
    return res.pairs?.[0]?.value === 'true';
  }
}

function checkKey(key: string, argument: string): void {
  if (typeof key !== 'string' || key === '') throw new InvalidArgumentError(argument, 'a configuration key', key);
}
