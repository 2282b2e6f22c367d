/**
 * Which ML objects each session still holds on the server, so that `session.stop()` frees them
 * (one Delete for all) through the session's stop hook. Weak: a session that is never stopped
 * does not keep its handles alive here.
 */
import type { SparkSession } from '../session.js';
import { deleteCommand } from './commands.js';

export interface Tracked {
  /** The current server object id, or undefined once disposed. */
  liveId(): string | undefined;
  /** Marks the handle disposed without a request (the session is going away). */
  forget(): void;
}

const live = new WeakMap<SparkSession, Set<Tracked>>();

export function track(session: SparkSession, handle: Tracked): void {
  let set = live.get(session);
  if (!set) {
    const created = new Set<Tracked>();
    live.set(session, created);
    set = created;
    session.onStop(async () => {
      const ids = [...created].map((h) => h.liveId()).filter((id): id is string => id !== undefined);
      for (const h of created) h.forget();
      created.clear();
      live.delete(session);
      if (ids.length > 0) await session.executeCommand(deleteCommand(ids));
    });
  }
  set.add(handle);
}

export function untrack(session: SparkSession, handle: Tracked): void {
  live.get(session)?.delete(handle);
}
