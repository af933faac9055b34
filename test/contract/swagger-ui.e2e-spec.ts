import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type Browser, chromium, type Page } from 'playwright-core';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';
import { createTestApp } from '../support/test-app';
import { OPENAPI_JSON } from '../support/contract/prism-proxy';

// Swagger UI at /docs in a real browser: Debian's headless Chromium (scripts/apt-packages.txt), driven by
// playwright-core, which never downloads a browser of its own.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const SCREENSHOT = resolve(__dirname, '../../.tmp/swagger-ui.png');

const contract = JSON.parse(readFileSync(OPENAPI_JSON, 'utf8'));
const operationIds: string[] = Object.values(contract.paths)
  .flatMap((item) => Object.values(item as Record<string, { operationId: string }>))
  .map((op) => op.operationId)
  .sort();

describe('Swagger UI (/docs) in headless Chromium', () => {
  let app: INestApplication;
  let browser: Browser;
  let page: Page;
  /** Console errors, uncaught page errors and failed requests: a CSP that blocks Swagger UI shows up here. */
  const problems: string[] = [];

  beforeAll(async () => {
    expect(existsSync(CHROMIUM)).toBe(true); // apt-get install chromium (scripts/setup.sh does)
    app = await createTestApp({});
    await app.listen(0, '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 60_000 });
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) =>
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
    );
    await page.goto(`${await app.getUrl()}/docs`, { waitUntil: 'load', timeout: 60_000 });
  }, APP_START_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await page?.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => undefined);
    await browser?.close();
    await app?.close();
  }, APP_START_HOOK_TIMEOUT_MS);

  it('renders every operation of the contract, by operationId', async () => {
    await page.locator('.opblock').first().waitFor({ timeout: 60_000 });
    const shown = await page.locator('.opblock-summary-operation-id').allInnerTexts();
    expect(shown.map((text) => text.trim()).sort()).toEqual(operationIds);
  }, 120_000);

  it('runs listBooks with "Try it out" → "Execute" and shows its 200 answer', async () => {
    const operation = page
      .locator('.opblock')
      .filter({ has: page.locator('.opblock-summary-operation-id', { hasText: /^listBooks$/ }) });
    await operation.locator('.opblock-summary').first().click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 60_000 });
    expect((await status.innerText()).trim()).toBe('200');
    expect(
      await operation.locator('.live-responses-table .response .response-col_description').first().innerText(),
    ).toContain('"items"');
  }, 120_000);

  it('logs no error in the browser (a Content-Security-Policy that blocks Swagger UI would)', () => {
    expect(problems).toEqual([]);
  });
});
