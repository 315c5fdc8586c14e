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

/**
 * Text on the page whose contrast with its background is below WCAG AA (4.5:1, or 3:1 for large
 * text); none expected. Backgrounds are taken from the nearest ancestor with an opaque colour.
 */
export async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r = 0, g = 0, b = 0]: number[]) => {
      const f = (v: number) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c[3] ?? 0) >= 0.99) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      const style = getComputedStyle(el);
      if (!own || style.visibility === 'hidden' || style.display === 'none') continue;
      const [a, b] = [lum(rgb(style.color)), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`${ratio.toFixed(2)}: ${el.textContent?.trim().slice(0, 40)}`);
    }
    return out;
  });
}
