/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { RequestError } from './api.js';
import { h } from './view.js';

/** A form with a status line for its messages; the submit handler is guarded by `run`. */
export function form(
  attrs: { label: string; class?: string },
  onSubmit: (form: HTMLFormElement) => Promise<void>,
  ...children: Node[]
): HTMLFormElement {
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const el = h('form', { 'aria-label': attrs.label, class: attrs.class ?? 'form', novalidate: true });
  el.append(...children, status);
  // A field's error goes away as soon as the user changes that field.
  const clearField = (event: Event) => {
    const name = (event.target as HTMLInputElement).name;
    if (!name) return;
    el.querySelector(`[name="${CSS.escape(name)}"]`)?.removeAttribute('aria-invalid');
    const slot = el.querySelector(`.field-error[data-field="${CSS.escape(name)}"]`);
    if (slot) slot.textContent = '';
    // A message about marked fields goes once none is marked any more.
    if (status.dataset.aboutFields && !el.querySelector('[aria-invalid="true"]')) setStatus(el, '');
  };
  el.addEventListener('input', clearField);
  el.addEventListener('change', clearField);
  el.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(el, () => onSubmit(el));
  });
  return el;
}

/** Runs an action for a form: disables it meanwhile, shows the API's errors by field. */
export async function run(el: HTMLFormElement, action: () => Promise<void>): Promise<boolean> {
  clearErrors(el);
  if (!checkLocally(el)) return false;
  const controls = [...el.querySelectorAll<HTMLButtonElement>('button')];
  controls.forEach((b) => {
    b.disabled = true;
  });
  try {
    await action();
    return true;
  } catch (e) {
    showError(el, e);
    return false;
  } finally {
    controls.forEach((b) => {
      b.disabled = false;
    });
  }
}

/** The browser's own checks (required, min, max), shown the same way as the API's. */
function checkLocally(el: HTMLFormElement): boolean {
  const invalid = [...el.elements].filter(
    (c): c is HTMLInputElement => 'validity' in c && !(c as HTMLInputElement).validity.valid,
  );
  const seen = new Set<string>();
  for (const control of invalid) {
    if (seen.has(control.name)) continue;
    seen.add(control.name);
    setFieldError(
      el,
      control.name,
      `${labelOf(control).replace(/[?:]\s*$/, '')}: ${control.validationMessage}`,
    );
  }
  invalid[0]?.focus();
  if (invalid.length > 0) {
    setStatus(el, `Please correct the ${invalid.length === 1 ? 'field' : 'fields'} marked in red.`, true);
    markAboutFields(el);
  }
  return invalid.length === 0;
}

export function showError(el: HTMLFormElement, e: unknown): void {
  if (!(e instanceof RequestError)) {
    setStatus(el, `Something went wrong: ${(e as Error).message}`, true);
    return;
  }
  setStatus(el, e.message, true);
  for (const issue of e.issues) {
    const name = matchField(el, issue.path);
    if (name) setFieldError(el, name, `${issue.path}: ${issue.message}`);
  }
  const first = el.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (first) markAboutFields(el);
  first?.focus();
}

/** The status message is about the marked fields: it clears once they are all corrected. */
function markAboutFields(el: HTMLFormElement): void {
  const status = el.querySelector<HTMLElement>('.form-status');
  if (status) status.dataset.aboutFields = 'true';
}

export function setStatus(el: HTMLFormElement, message: string, isError = false): void {
  const status = el.querySelector('.form-status');
  if (!status) return;
  status.textContent = message;
  status.classList.toggle('error', isError);
  delete (status as HTMLElement).dataset.aboutFields;
}

function clearErrors(el: HTMLFormElement): void {
  setStatus(el, '');
  el.querySelectorAll('.field-error').forEach((e) => {
    e.textContent = '';
  });
  el.querySelectorAll('[aria-invalid]').forEach((c) => {
    c.removeAttribute('aria-invalid');
  });
}

/** Finds the control an issue path names: `priority`, `body.priority`, `partsUsed.0.qty`. */
function matchField(el: HTMLFormElement, path: string): string | undefined {
  const names = [...el.querySelectorAll('[data-field]')].map((e) => e.getAttribute('data-field') ?? '');
  const parts = path.split('.');
  const candidates = [path, ...parts.map((_, i) => parts.slice(i).join('.')), parts[0] ?? ''];
  return candidates.find((c) => c && names.includes(c));
}

function setFieldError(el: HTMLFormElement, name: string, message: string): void {
  const slot = el.querySelector(`.field-error[data-field="${CSS.escape(name)}"]`);
  if (slot) slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
  el.querySelector(`[name="${CSS.escape(name)}"]`)?.setAttribute('aria-invalid', 'true');
}

function labelOf(control: HTMLInputElement): string {
  const legend = control.closest('fieldset')?.querySelector('legend')?.textContent;
  if (control.type === 'radio' && legend) return legend;
  return control.labels?.[0]?.textContent?.trim() ?? control.name;
}

/** Reads a named control's value from a form. */
export function value(el: HTMLFormElement, name: string): string {
  const control = el.elements.namedItem(name) as HTMLInputElement | null;
  return control?.value.trim() ?? '';
}
