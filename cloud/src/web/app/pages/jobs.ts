/// <reference lib="dom" />
import type { PageContext } from '../router.js';
import { h, mount } from '../view.js';

export function myJobsPage(ctx: PageContext): void {
  mount(ctx.main, h('h1', {}, 'My jobs'));
}
export function closeOutPage(ctx: PageContext): void {
  mount(ctx.main, h('h1', {}, 'Close out'));
}
