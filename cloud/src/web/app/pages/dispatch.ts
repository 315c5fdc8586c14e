/// <reference lib="dom" />
import type { PageContext } from '../router.js';
import { h, mount } from '../view.js';

export function dispatchPage(ctx: PageContext): void {
  mount(ctx.main, h('h1', {}, 'Dispatch'));
}
