/** Data source options as the protocol wants them: strings. */
import { InvalidArgumentError } from '../common/errors.js';

export type OptionValue = string | number | boolean;

export function optionString(key: string, value: OptionValue): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new InvalidArgumentError(`option(${key})`, 'a string, number or boolean', value);
  }
  return String(value);
}

export function withOptions(current: Readonly<Record<string, string>>, added: Readonly<Record<string, OptionValue>>): Record<string, string> {
  const out = { ...current };
  for (const [k, v] of Object.entries(added)) out[k] = optionString(k, v);
  return out;
}
