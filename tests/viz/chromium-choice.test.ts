/**
 * The browser tests' choice of Chromium (tests/helpers/browser-binary.ts): the variable's
 * values that need no browser to check. The bundled browser itself is exercised by the browser
 * tests (`THUNDER_TEST_BROWSER=bundled npx vitest run tests/viz/report.browser.test.ts`); it is not
 * unpacked here, where the unit project could race the browser tests doing so.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveBrowser } from '../helpers/browser-binary.js';

describe('THUNDER_TEST_BROWSER', () => {
  it('refuses a value it does not know, naming the variable and the choices', async () => {
    await expect(resolveBrowser('chrome')).rejects.toThrow(/THUNDER_TEST_BROWSER must be auto, system, bundled or an absolute path; got "chrome"/);
  });

  it('takes an absolute path only when the file exists', async () => {
    await expect(resolveBrowser('/nonexistent/chromium')).rejects.toThrow('THUNDER_TEST_BROWSER=/nonexistent/chromium: no such file');
    expect(await resolveBrowser(process.execPath)).toEqual({ executablePath: process.execPath, source: 'path' });
  });

  it('system uses /usr/bin/chromium when there is one and fails clearly when not', async () => {
    const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
    if (system) expect(await resolveBrowser('system')).toEqual({ executablePath: system, source: 'system' });
    else await expect(resolveBrowser('system')).rejects.toThrow(/THUNDER_TEST_BROWSER=system: no Chromium at/);
  });
});
