/**
 * A written report opened in a real headless Chromium driven by playwright-core
 * (a system Chromium when installed, else the one shipped in an npm package: see
 * browser-binary.ts; nothing is downloaded), recording what a test of an offline
 * report must check: console errors, page errors and every request.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { resolveBrowser } from './browser-binary.js';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedReport {
  readonly page: Page;
  /** Console messages of type error, and uncaught page errors. */
  readonly consoleErrors: string[];
  /** Every URL the page requested. */
  readonly requests: string[];
  /** Requests to anything but file: and data: URLs (an offline report makes none). */
  networkRequests(): string[];
  /** Writes a full-page screenshot to test-output/<name>. */
  screenshot(name: string, fullPage?: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Opens `indexHtml` and waits until the report marks itself rendered (`data-rendered` on <html>). */
export async function openReport(indexHtml: string, { renderTimeoutMs = 30_000 } = {}): Promise<OpenedReport> {
  const browser = await resolveBrowser();
  const profile = mkdtempSync(join(tmpdir(), 'report-chromium-'));
  const context = await chromium
    .launchPersistentContext(profile, { executablePath: browser.executablePath, args: ARGS, headless: true, viewport: { width: 1280, height: 900 } })
    .catch((e: unknown) => {
      rmSync(profile, { recursive: true, force: true });
      throw new Error(`launching the ${browser.source} Chromium ${browser.executablePath} failed: ${(e as Error).message}`, { cause: e });
    });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    context.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(indexHtml).href);
    // Page-side code is passed as strings: this project's TypeScript has no DOM library.
    await page.waitForFunction("document.documentElement.hasAttribute('data-rendered')", undefined, { timeout: renderTimeoutMs });
    return {
      page,
      consoleErrors,
      requests,
      networkRequests: () => requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')),
      async screenshot(name, fullPage = true) {
        const dir = resolve('test-output');
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: join(dir, name), fullPage });
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
