/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { CAUSE_CODES } from '@pdm/shared/close-out';
import { post } from '../api.js';
import { humanize } from '../format.js';
import { form, value } from '../forms.js';
import { navigate, type PageContext } from '../router.js';
import { field, h, mount } from '../view.js';
import { loadJobs } from './jobs.js';

const PHOTO_MAX_PX = 1280;
/** The API takes photos up to 600 KiB (about 820,000 base64 characters); stay well inside. */
const PHOTO_MAX_CHARS = 700_000;

/** Close-out on a phone: notes, time spent, parts used, failure confirmed, cause code, photo. */
export async function closeOutPage(ctx: PageContext): Promise<void> {
  const found = (await loadJobs()).find((j) => j.job.workOrderId === ctx.params.id);
  if (!found) {
    mount(ctx.main, h('p', { class: 'error', role: 'alert' }, 'This job is not among your jobs.'));
    return;
  }
  const { job: o, plan } = found;
  const needs = mergeParts(
    o.parts.length > 0
      ? o.parts.map((p) => ({ partId: p.partId, qty: p.qty }))
      : (plan?.parts.map((p) => ({ partId: p.partId, qty: p.quantity })) ?? []),
  );
  const photo = h('input', { name: 'photo', type: 'file', accept: 'image/*', capture: 'environment' });
  const el = form(
    { label: 'Close out job', class: 'form close-out' },
    async (f) => {
      const body = {
        notes: value(f, 'notes'),
        minutesSpent: Number(value(f, 'minutesSpent')),
        partsUsed: needs.map((n) => ({ partId: n.partId, qty: Number(value(f, `part-${n.partId}`)) })),
        failureConfirmed: (f.elements.namedItem('failureConfirmed') as RadioNodeList).value === 'yes',
        causeCode: value(f, 'causeCode'),
        photo: photo.files?.[0] ? await shrinkPhoto(photo.files[0]) : undefined,
      };
      await post(`/work-orders/${encodeURIComponent(o.workOrderId)}/close-out`, body);
      navigate('/jobs');
    },
    field(
      'What did you find and do?',
      h('textarea', { name: 'notes', rows: 4, required: true, maxlength: 2000 }),
    ),
    field(
      'Time spent (minutes)',
      h('input', {
        name: 'minutesSpent',
        type: 'number',
        min: 1,
        max: 1440,
        required: true,
        inputmode: 'numeric',
      }),
    ),
    partsFieldset(needs),
    failureFieldset(),
    field(
      'Cause code',
      h(
        'select',
        { name: 'causeCode', required: true },
        h('option', { value: '' }, 'Choose…'),
        ...CAUSE_CODES.map((c) => h('option', { value: c }, humanize(c))),
      ),
    ),
    field('Photo (optional)', photo, 'Taken with the camera or picked from the phone; shrunk before upload.'),
    h('button', { type: 'submit', class: 'primary' }, 'Close out job'),
  );
  mount(
    ctx.main,
    h('p', {}, h('a', { href: '#/jobs' }, '← My jobs')),
    h('h1', {}, `Close out: ${o.title || humanize(o.failureMode)}`),
    h('p', { class: 'muted' }, `${o.assetId} at site ${o.siteId}`),
    el,
  );
}

function partsFieldset(needs: { partId: string; qty: number }[]): HTMLElement {
  return h(
    'fieldset',
    { class: 'parts-used' },
    h('legend', {}, 'Parts used (the rest of the reservation goes back to stock)'),
    needs.length === 0 ? h('p', { class: 'muted' }, 'No parts were reserved for this job.') : null,
    ...needs.map((n) =>
      field(
        `${n.partId} (reserved ${n.qty})`,
        h('input', {
          name: `part-${n.partId}`,
          type: 'number',
          min: 0,
          max: 999,
          value: n.qty,
          required: true,
          inputmode: 'numeric',
        }),
      ),
    ),
    h('div', { class: 'field-error', 'data-field': 'partsUsed', role: 'alert' }),
  );
}

function failureFieldset(): HTMLElement {
  const option = (v: string, label: string) =>
    h(
      'label',
      { class: 'choice' },
      h('input', { type: 'radio', name: 'failureConfirmed', value: v, required: true }),
      ` ${label}`,
    );
  return h(
    'fieldset',
    { class: 'choices' },
    h('legend', {}, 'Was the predicted failure confirmed?'),
    option('yes', 'Yes, the fault was there'),
    option('no', 'No, the machine was healthy'),
    h('div', { class: 'field-error', 'data-field': 'failureConfirmed', role: 'alert' }),
  );
}

/** One line per part, quantities added up across warehouses. */
function mergeParts(lines: { partId: string; qty: number }[]): { partId: string; qty: number }[] {
  const total = new Map<string, number>();
  for (const l of lines) total.set(l.partId, (total.get(l.partId) ?? 0) + l.qty);
  return [...total].map(([partId, qty]) => ({ partId, qty }));
}

/** Downscales a photo to at most 1280 px as a JPEG data URL, smaller until it fits the API's limit. */
async function shrinkPhoto(file: File): Promise<{ contentType: 'image/jpeg'; dataUrl: string }> {
  const bitmap = await createImageBitmap(file);
  let scale = Math.min(1, PHOTO_MAX_PX / Math.max(bitmap.width, bitmap.height));
  let dataUrl = '';
  for (let quality = 0.8; quality > 0.2; quality -= 0.15, scale *= 0.8) {
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    dataUrl = canvas.toDataURL('image/jpeg', quality);
    if (dataUrl.length <= PHOTO_MAX_CHARS) break;
  }
  bitmap.close();
  return { contentType: 'image/jpeg', dataUrl };
}
