/// <reference lib="dom" />
/** A small view layer: build elements from tag, attributes and children. */

export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | Handler | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) setAttr(el, name, value);
  append(el, children);
  return el;
}

function setAttr(el: HTMLElement, name: string, value: Attrs[string]): void {
  if (value === null || value === undefined || value === false) return;
  if (typeof value === 'function') {
    el.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
  } else if (value === true) {
    el.setAttribute(name, '');
  } else if (name === 'value' && 'value' in el) {
    (el as HTMLInputElement).value = String(value);
    el.setAttribute(name, String(value));
  } else {
    el.setAttribute(name, String(value));
  }
}

export function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of `el`. */
export function mount(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A labelled form field; the error slot below it is filled by `showFieldErrors`. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f-${(control.getAttribute('name') ?? label).replace(/\W+/g, '-')}`;
  control.id = id;
  const errorId = `${id}-error`;
  control.setAttribute('aria-describedby', errorId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('small', { class: 'hint' }, hint) : null,
    h('div', {
      class: 'field-error',
      id: errorId,
      role: 'alert',
      'data-field': control.getAttribute('name'),
    }),
  );
}

export function button(label: string, onClick: Handler, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', onclick: onClick, ...attrs }, label);
}

export function table(headers: string[], rows: Child[][], caption?: string): HTMLTableElement {
  return h(
    'table',
    {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((c) => h('td', {}, c))))),
  );
}

export function badge(text: string, kind = text): HTMLElement {
  return h('span', { class: `badge badge-${kind.replace(/\W+/g, '-')}` }, text.replace(/_/g, ' '));
}
