/** Capturing the error a call throws or a promise rejects with, and checking its type and text. */
import { expect } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** What `fn` throws; `undefined` when it returns. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** What `p` rejects with; a test failure when it resolves. */
export async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await rejectionOf(p);
  if (e === undefined) throw new Error('expected a rejection');
  return e as Error;
}

/** What `p` rejects with; `undefined` when it resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

function check<E extends Error>(err: unknown, type: ErrorClass<E>, mention: string | RegExp | undefined): E {
  expect(err).toBeInstanceOf(type);
  if (typeof mention === 'string') expect((err as Error).message).toContain(mention);
  else if (mention) expect((err as Error).message).toMatch(mention);
  return err as E;
}

/** Expects `fn` to throw a `type` (default InvalidArgumentError) whose message contains or matches `mention`; returns it. */
export function throwsWith<E extends Error = InvalidArgumentError>(fn: () => unknown, mention?: string | RegExp, type: ErrorClass<E> = InvalidArgumentError as unknown as ErrorClass<E>): E {
  return check(thrownBy(fn), type, mention);
}

/** Expects `p` to reject with a `type` whose message contains or matches `mention`; returns the error. */
export async function rejectsWith<E extends Error>(p: Promise<unknown>, type: ErrorClass<E>, mention?: string | RegExp): Promise<E> {
  return check(await rejectionOf(p), type, mention);
}

/**
 * Expects `fn` to throw an InvalidArgumentError for `argument`: its `argument` field is that
 * name and its message starts with it (the project's rule for bad input); returns it.
 */
export function expectInvalid(fn: () => unknown, argument: string, message?: RegExp): InvalidArgumentError {
  const err = throwsWith(fn, message);
  expect(err.argument).toBe(argument);
  expect(err.message.startsWith(argument)).toBe(true);
  return err;
}
