/**
 * Which Chromium the browser tests drive. A system Chromium is used when one is
 * installed (it starts without unpacking anything); otherwise the headless
 * Chromium that the `@sparticuz/chromium` dev dependency ships inside its npm
 * package, unpacked into the system temp folder on first use (2–6 s, then
 * reused). Nothing is downloaded and nothing needs installing beyond `npm install`.
 *
 * `THUNDER_TEST_BROWSER` chooses explicitly:
 *   unset or `auto` – the system Chromium when present, else the bundled one
 *   `system`        – the system Chromium only (a test fails when it is missing)
 *   `bundled`       – the bundled one even when a system Chromium exists
 *   an absolute path – that Chromium (or Chrome) executable
 */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';

/** Where Debian, Ubuntu and Fedora put their Chromium. */
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export interface BrowserBinary {
  readonly executablePath: string;
  /** `system`, `bundled` or `path`: where the executable came from (for failure messages). */
  readonly source: 'system' | 'bundled' | 'path';
}

function systemChromium(): string | undefined {
  return SYSTEM_CHROMIUMS.find((p) => existsSync(p));
}

async function bundledChromium(): Promise<string> {
  // Imported lazily: the package's module code inspects the environment on load.
  const { default: chromium } = await import('@sparticuz/chromium');
  // The graphics stack (SwiftShader) is not needed: the reports draw SVG.
  chromium.setGraphicsMode = false;
  return chromium.executablePath();
}

/**
 * Resolves the Chromium to launch, per `THUNDER_TEST_BROWSER` (see above).
 * Throws naming the variable when its value is not understood or `system` finds none.
 */
export async function resolveBrowser(choice = process.env['THUNDER_TEST_BROWSER'] ?? 'auto'): Promise<BrowserBinary> {
  if (choice === 'auto' || choice === '') {
    const system = systemChromium();
    return system ? { executablePath: system, source: 'system' } : { executablePath: await bundledChromium(), source: 'bundled' };
  }
  if (choice === 'bundled') return { executablePath: await bundledChromium(), source: 'bundled' };
  if (choice === 'system') {
    const system = systemChromium();
    if (!system) throw new Error(`THUNDER_TEST_BROWSER=system: no Chromium at ${SYSTEM_CHROMIUMS.join(' or ')}`);
    return { executablePath: system, source: 'system' };
  }
  if (isAbsolute(choice)) {
    if (!existsSync(choice)) throw new Error(`THUNDER_TEST_BROWSER=${choice}: no such file`);
    return { executablePath: choice, source: 'path' };
  }
  throw new Error(`THUNDER_TEST_BROWSER must be auto, system, bundled or an absolute path; got ${JSON.stringify(choice)}`);
}
