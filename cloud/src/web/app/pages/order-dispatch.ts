/// <reference lib="dom" />
import { dateTime, humanize } from '../format.js';
import { badge, h, table } from '../view.js';
import { card } from './evidence.js';
import type { JobPlan } from './work-order.js';

/** What `GET /console/work-orders/:id/dispatch` answers (cloud/src/web/order-dispatch.ts). */
export interface OrderDispatch {
  assignment: {
    technicianId: string;
    displayName: string | null;
    startAt: number;
    endAt: number;
    explanation: Explanation;
  } | null;
  reservations: { partId: string; qty: number; warehouseId: string; status: string }[];
  closeOut: {
    technicianId: string;
    notes: string;
    minutesSpent: number;
    failureConfirmed: boolean;
    causeCode: string;
    partsUsed: { partId: string; qty: number }[];
    photo: string | null;
    completedAt: number;
  } | null;
  purchaseRequests: {
    partId: string;
    qty: number;
    status: string;
    expectedAt: number;
    lateForFailure: boolean;
    reason: string;
  }[];
}

/** The dispatch explanation; fields may be missing, the summary is always there. */
interface Explanation {
  summary?: string;
  travelMin?: number;
  latenessMin?: number;
  skills?: { skill: string; required: number; has: number }[];
  load?: { technicianLoadMin: number; availableMin: number; fairShareMin: number };
  parts?: { partId: string; qty: number; warehouseId: string; kind: string }[];
}

/** The technician dispatch chose, when, and why. */
export function proposalSection(d: OrderDispatch | null): HTMLElement {
  const a = d?.assignment;
  if (!a) {
    return card(
      'Proposed technician',
      h('p', { class: 'muted' }, 'No dispatch decision yet: approve the order and run dispatch.'),
    );
  }
  return card(
    'Proposed technician',
    h(
      'p',
      {},
      h('strong', {}, a.displayName ?? a.technicianId),
      ` · ${dateTime(a.startAt)} – ${new Date(a.endAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`,
    ),
    h('h3', {}, 'Why'),
    h('ul', { class: 'why' }, ...reasons(a.explanation).map((r) => h('li', {}, r))),
  );
}

function reasons(e: Explanation): string[] {
  const out: string[] = [];
  if (e.skills?.length) {
    out.push(
      `Skills: ${e.skills.map((s) => `${humanize(s.skill)} ${s.has} (needs ${s.required})`).join(', ')}`,
    );
  }
  if (e.travelMin !== undefined) out.push(`Travel: ${e.travelMin} min`);
  if (e.load) {
    out.push(
      `Load: ${e.load.technicianLoadMin} of ${e.load.availableMin} min (fair share ${e.load.fairShareMin})`,
    );
  }
  if (e.parts?.length) {
    out.push(
      `Parts: ${e.parts.map((p) => `${p.qty} × ${p.partId} from ${p.warehouseId} (${p.kind})`).join(', ')}`,
    );
  }
  if (e.latenessMin !== undefined) out.push(e.latenessMin > 0 ? `${e.latenessMin} min late` : 'On time');
  return out.length > 0 ? out : [e.summary ?? 'no explanation recorded'];
}

/** The plan's parts with their reservation or purchase status. */
export function partsSection(plan: JobPlan | null, d: OrderDispatch | null): HTMLElement {
  const needs = plan?.parts ?? [];
  if (needs.length === 0) return card('Parts', h('p', { class: 'muted' }, 'No parts needed.'));
  const rows = needs.map((n) => {
    const held = (d?.reservations ?? []).filter((r) => r.partId === n.partId);
    const bought = (d?.purchaseRequests ?? []).filter((p) => p.partId === n.partId && p.status === 'open');
    const status = [
      ...held.map((r) => badge(r.status, r.status)),
      ...bought.map((p) =>
        badge(p.lateForFailure ? 'purchase late' : 'purchase', p.lateForFailure ? 'late' : 'open'),
      ),
    ];
    const where = [
      ...held.map((r) => `${r.qty} at ${r.warehouseId}`),
      ...bought.map((p) => `${p.qty} expected ${dateTime(p.expectedAt)}`),
    ];
    return [
      n.partId,
      String(n.quantity),
      h('span', {}, ...(status.length > 0 ? status : [badge('not reserved', 'none')])),
      where.join('; ') || '–',
    ];
  });
  return card('Parts', table(['Part', 'Qty', 'Status', 'Where'], rows));
}

/** What the technician reported when closing the job. */
export function closeOutSection(d: OrderDispatch | null): HTMLElement | null {
  const c = d?.closeOut;
  if (!c) return null;
  const fact = (term: string, value: string) => [h('dt', {}, term), h('dd', {}, value)];
  return card(
    'Close-out',
    h(
      'dl',
      { class: 'facts' },
      fact('By', `${c.technicianId}, ${dateTime(c.completedAt)}`),
      fact('Failure confirmed', c.failureConfirmed ? 'yes' : 'no (false alarm)'),
      fact('Cause', humanize(c.causeCode)),
      fact('Time spent', `${c.minutesSpent} min`),
      fact('Parts used', c.partsUsed.map((p) => `${p.qty} × ${p.partId}`).join(', ') || 'none'),
    ),
    h('p', { class: 'notes' }, c.notes),
    c.photo
      ? h('img', { src: c.photo, alt: `Photo taken at close-out by ${c.technicianId}`, class: 'photo' })
      : null,
  );
}
