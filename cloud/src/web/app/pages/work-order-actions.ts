/// <reference lib="dom" />
import type { WorkOrderDetail } from '@pdm/shared';
import { patch, post, put } from '../api.js';
import { fromLocalInput, toLocalInput } from '../format.js';
import { form, setStatus, value } from '../forms.js';
import { field, h } from '../view.js';
import { card } from './evidence.js';
import type { JobPlan } from './work-order.js';

const path = (o: WorkOrderDetail, action = '') => `/work-orders/${encodeURIComponent(o.id)}${action}`;

/** Approve, reject with a reason, and edit priority, due date, plan and assignee. */
export function actionsSection(
  o: WorkOrderDetail,
  plan: JobPlan | null,
  reload: () => Promise<void>,
): HTMLElement {
  const parts: HTMLElement[] = [];
  if (o.status === 'proposed') parts.push(decideForm(o, reload));
  if (o.status === 'approved') parts.push(scheduleForm(o, reload));
  if (o.status === 'completed') parts.push(closeForm(o, reload));
  if (['proposed', 'approved', 'scheduled', 'awaiting_parts'].includes(o.status)) {
    parts.push(editForm(o, reload));
    if (plan) parts.push(planForm(plan, reload));
  }
  if (parts.length === 0)
    parts.push(h('p', { class: 'muted' }, `Nothing to decide: the order is ${o.status.replace(/_/g, ' ')}.`));
  return card('Decision', ...parts);
}

/** An approved order goes to its assignee's schedule; without one, dispatch picks somebody. */
function scheduleForm(o: WorkOrderDetail, reload: () => Promise<void>): HTMLElement {
  if (!o.assigneeId) {
    return h(
      'p',
      { class: 'muted' },
      'Approved. Run dispatch, or set an assignee below to schedule it yourself.',
    );
  }
  return form(
    { label: 'Schedule', class: 'form schedule' },
    async () => {
      await post(path(o, '/transitions'), { to: 'scheduled', reason: `scheduled for ${o.assigneeId}` });
      await reload();
    },
    h('button', { type: 'submit', class: 'primary' }, `Schedule for ${o.assigneeId}`),
  );
}

/** A completed order is closed by the planner once the close-out is reviewed; it then counts for precision. */
function closeForm(o: WorkOrderDetail, reload: () => Promise<void>): HTMLFormElement {
  return form(
    { label: 'Close order', class: 'form close' },
    async () => {
      await post(path(o, '/transitions'), { to: 'closed', reason: 'close-out reviewed' });
      await reload();
    },
    h('p', {}, 'The technician has closed out the job. Review it, then close the order.'),
    h('button', { type: 'submit', class: 'primary' }, 'Close order'),
  );
}

function decideForm(o: WorkOrderDetail, reload: () => Promise<void>): HTMLFormElement {
  const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 500 });
  let rejecting = false;
  const el = form(
    { label: 'Approve or reject', class: 'form decide' },
    async (f) => {
      const text = value(f, 'reason');
      const to = rejecting ? 'rejected' : 'approved';
      await post(path(o, '/transitions'), text ? { to, reason: text } : { to });
      await reload();
    },
    field('Reason', reason, 'Required to reject; optional note when approving.'),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'submit', class: 'primary', onclick: () => setRejecting(false) }, 'Approve'),
      h('button', { type: 'submit', class: 'danger', onclick: () => setRejecting(true) }, 'Reject'),
    ),
  );
  function setRejecting(on: boolean) {
    rejecting = on;
    reason.required = on;
  }
  return el;
}

function editForm(o: WorkOrderDetail, reload: () => Promise<void>): HTMLFormElement {
  const priority = h(
    'select',
    { name: 'priority' },
    ...[1, 2, 3, 4, 5].map((p) =>
      h('option', { value: p, selected: p === o.priority }, `P${p}${p === 1 ? ' (most urgent)' : ''}`),
    ),
  );
  const due = h('input', { name: 'dueAt', type: 'datetime-local', value: toLocalInput(o.dueAt) });
  const assignee = h('input', {
    name: 'assigneeId',
    value: o.assigneeId ?? '',
    pattern: '[A-Za-z0-9_\\-]{1,64}',
  });
  return form(
    { label: 'Edit work order', class: 'form edit' },
    async (f) => {
      const changes = changed(o, {
        priority: Number(value(f, 'priority')),
        dueAt: fromLocalInput(value(f, 'dueAt')),
        assigneeId: value(f, 'assigneeId') || null,
      });
      if (Object.keys(changes).length === 0) {
        setStatus(f, 'Nothing changed.');
        return;
      }
      await patch(path(o), changes);
      await reload();
    },
    h('h3', {}, 'Edit'),
    field('Priority', priority),
    field('Due', due),
    field('Assignee', assignee, 'Technician id; empty leaves it to dispatch.'),
    h('button', { type: 'submit' }, 'Save changes'),
  );
}

/** The job plan of this failure mode: tasks (one per line) and the time they take. */
function planForm(plan: JobPlan, reload: () => Promise<void>): HTMLFormElement {
  const tasks = h('textarea', { name: 'tasks', rows: Math.max(3, plan.tasks.length + 1), required: true });
  tasks.value = plan.tasks.join('\n');
  const estimate = h('input', {
    name: 'estimatedMinutes',
    type: 'number',
    min: 1,
    required: true,
    value: plan.estimatedMinutes,
  });
  return form(
    { label: 'Edit job plan', class: 'form plan' },
    async (f) => {
      const { id, failureMode, title, skills, parts } = plan;
      await put(`/job-plans/${encodeURIComponent(id)}`, {
        failureMode,
        title,
        skills,
        parts,
        tasks: value(f, 'tasks')
          .split('\n')
          .map((t) => t.trim())
          .filter(Boolean),
        estimatedMinutes: Number(value(f, 'estimatedMinutes')),
      });
      await reload();
    },
    h('h3', {}, `Job plan for every ${plan.failureMode.replace(/_/g, ' ')} order`),
    field('Tasks, one per line', tasks),
    field('Estimated minutes', estimate),
    h('button', { type: 'submit' }, 'Save job plan'),
  );
}

/** Only the fields the planner changed, so the API sees the intent. */
function changed(o: WorkOrderDetail, next: Record<string, string | number | null>) {
  const out: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(next)) {
    const before = (o as unknown as Record<string, unknown>)[k] ?? null;
    const same =
      k === 'dueAt' && typeof v === 'number' && typeof before === 'number'
        ? Math.abs(v - before) < 60_000
        : before === v;
    if (!same) out[k] = v;
  }
  return out;
}
