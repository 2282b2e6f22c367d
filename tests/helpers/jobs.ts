/**
 * The jobs of a Spark application as its driver's REST API (`<ui>/api/v1`) reports them, and
 * condition waits without deadlines of their own: a wait that never ends is ended by the test's
 * timeout, so no test here asserts how long something took.
 */
import type { ProgressEvent, SparkSession } from '../../src/connect/index.js';

export interface JobInfo {
  readonly jobId: number;
  /** RUNNING, SUCCEEDED, FAILED (a cancelled job is FAILED) or UNKNOWN. */
  readonly status: string;
  readonly numTasks: number;
  readonly numCompletedTasks: number;
  /** Spark Connect tags every job with its operation: `..._Operation_<operationId>`. */
  readonly jobTags?: readonly string[];
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Every job of the (only) application behind `uiUrl`, optionally only those in `status`. */
export async function jobs(uiUrl: string, status?: 'running' | 'succeeded' | 'failed'): Promise<JobInfo[]> {
  const [app] = await getJson<{ id: string }[]>(`${uiUrl}/api/v1/applications`);
  if (!app) throw new Error(`${uiUrl}: no application`);
  return getJson<JobInfo[]>(`${uiUrl}/api/v1/applications/${app.id}/jobs${status ? `?status=${status}` : ''}`);
}

/** The jobs that Spark Connect operation `operationId` started. */
export async function operationJobs(uiUrl: string, operationId: string): Promise<JobInfo[]> {
  return (await jobs(uiUrl)).filter((j) => j.jobTags?.some((t) => t.endsWith(`_Operation_${operationId}`)));
}

/** Re-evaluates `cond` (every 100 ms) until it holds. */
export async function waitUntil(cond: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Resolves with the operation id once the server reports, through the session's progress
 * events, tasks of an operation in flight (subscribe before starting the action).
 */
export function tasksRunning(spark: SparkSession): Promise<string> {
  return new Promise((resolve) => {
    const off = spark.onProgress((e: ProgressEvent) => {
      if (e.numInflightTasks > 0) {
        off();
        resolve(e.operationId);
      }
    });
  });
}

/** Polls the running jobs of `uiUrl` until `stop()`, which returns the most seen at once. */
export function maxRunningJobs(uiUrl: string): { stop: () => Promise<number> } {
  let max = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      max = Math.max(max, (await jobs(uiUrl, 'running')).length);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return { stop: async () => ((running = false), await loop.catch(() => undefined), max) };
}
