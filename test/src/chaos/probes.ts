// Reading outcomes: the edge's health and counters, its SQLite outbox, and the cloud's API.

import type { EdgeStats } from '@pdm/edge';
import {
  type WorkOrder,
  type WorkOrderDetail,
  WorkOrderDetailSchema,
  WorkOrderPageSchema,
} from '@pdm/shared';
import Database from 'better-sqlite3';

export type EdgeHealth = EdgeStats & { state: string; reason?: string; httpStatus: number };

/** The edge's /healthz (200 online, 503 degraded) with its counters; undefined when down. */
export async function edgeHealth(metricsUrl: string): Promise<EdgeHealth | undefined> {
  try {
    const res = await fetch(`${metricsUrl}/healthz`, { signal: AbortSignal.timeout(3_000) });
    const body = (await res.json()) as EdgeHealth;
    return { ...body, httpStatus: res.status };
  } catch {
    return undefined;
  }
}

/** Alert ids and states waiting in the edge outbox (read-only; safe while the edge runs or after kill -9). */
export function outboxRows(path: string): { id: string; state: string }[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare('SELECT id, state FROM outbox ORDER BY seq').all() as { id: string; state: string }[];
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` of a SQLite file. */
export function integrityOf(path: string): string {
  const db = new Database(path, { fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

export class CloudApi {
  constructor(
    readonly baseUrl: string,
    private token = '',
  ) {}

  async login(username: string, password: string): Promise<string> {
    const res = await this.call('POST', '/auth/login', { body: { username, password }, auth: false });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    this.token = (res.body as { token: string }).token;
    return this.token;
  }

  withToken(token: string): CloudApi {
    return new CloudApi(this.baseUrl, token);
  }

  async call(
    method: string,
    path: string,
    opts: {
      body?: unknown;
      raw?: string | Uint8Array;
      headers?: Record<string, string>;
      auth?: boolean;
    } = {},
  ): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.auth !== false && this.token) headers.authorization = `Bearer ${this.token}`;
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: (opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body))) as BodyInit,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body, text, headers: res.headers };
  }

  /** Every work order (all pages). */
  async workOrders(query = ''): Promise<WorkOrder[]> {
    const out: WorkOrder[] = [];
    let cursor: string | undefined;
    for (;;) {
      const q = new URLSearchParams(query);
      q.set('limit', '200');
      if (cursor) q.set('cursor', cursor);
      const res = await this.call('GET', `/work-orders?${q}`);
      if (res.status !== 200) throw new Error(`GET /work-orders: ${res.status} ${res.text}`);
      const page = WorkOrderPageSchema.parse(res.body);
      out.push(...page.items);
      if (!page.nextCursor) return out;
      cursor = page.nextCursor;
    }
  }

  async workOrder(id: string): Promise<WorkOrderDetail> {
    const res = await this.call('GET', `/work-orders/${id}`);
    if (res.status !== 200) throw new Error(`GET /work-orders/${id}: ${res.status} ${res.text}`);
    return WorkOrderDetailSchema.parse(res.body);
  }

  /** Alert ids on every work order, with how often each id appears. */
  async alertIds(): Promise<Map<string, number>> {
    const seen = new Map<string, number>();
    for (const order of await this.workOrders()) {
      for (const a of (await this.workOrder(order.id)).alerts) seen.set(a.id, (seen.get(a.id) ?? 0) + 1);
    }
    return seen;
  }
}
