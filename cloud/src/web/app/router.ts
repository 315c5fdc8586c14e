/// <reference lib="dom" />
import type { Session } from './api.js';

export interface PageContext {
  main: HTMLElement;
  params: Record<string, string>;
  session: Session;
  /** Runs when the user leaves the page (stop polling, drop listeners). */
  onLeave(fn: () => void): void;
}

export type Page = (ctx: PageContext) => void | Promise<void>;

export interface Route {
  /** A hash path pattern such as `/orders/:id`. */
  path: string;
  title: string;
  page: Page;
  /** Roles that may open it; the API enforces the same. */
  roles: readonly string[];
}

/** Matches a hash path against the routes; returns the route and its parameters. */
export function match(routes: readonly Route[], hashPath: string) {
  const parts = hashPath.split('/').filter(Boolean);
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      const part = parts[i]!;
      if (p.startsWith(':')) {
        params[p.slice(1)] = decodeURIComponent(part);
        return true;
      }
      return p === part;
    });
    if (ok) return { route, params };
  }
  return null;
}

export function currentPath(): string {
  return location.hash.replace(/^#/, '') || '/';
}

export function navigate(path: string): void {
  if (currentPath() === path) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = path;
}
