import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where browser tests write their screenshots (git-ignored). */
export const SHOTS_DIR = fileURLToPath(new URL('../../test-results/browser/', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Script errors and 5xx answers the page met; a test expects none. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * One person's browser: Chromium with a fresh user-data directory, so sessions never leak between
 * people or runs. `phone` gives a touch device of 390x844 CSS pixels.
 */
export async function openBrowser(executablePath: string, opts: { phone?: boolean } = {}): Promise<Person> {
  const dir = mkdtempSync(join(tmpdir(), 'pdm-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: opts.phone ? PHONE : DESKTOP,
    deviceScaleFactor: opts.phone ? 2 : 1,
    isMobile: opts.phone ?? false,
    hasTouch: opts.phone ?? false,
    timezoneId: 'UTC',
    locale: 'en-GB',
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  // 4xx answers are part of the story (a wrong password, a missing proposal); 5xx never are.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} from ${r.request().method()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as test-results/browser/<name>.png and returns its path. */
export async function shoot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the login form and waits for the landing page. */
export async function signIn(page: Page, baseUrl: string, user: { username: string; password: string }) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Form controls and buttons on the page that have no accessible name (none expected). */
export async function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (el: Element) =>
      (el as HTMLInputElement).labels?.length ||
      el.getAttribute('aria-label') ||
      el.getAttribute('aria-labelledby') ||
      (el.tagName === 'BUTTON' && el.textContent?.trim());
    return [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !named(el))
      .map((el) => el.outerHTML.slice(0, 80));
  });
}
