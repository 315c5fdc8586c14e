import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Alert, AlertSchema, alertTopic, parseOrThrow } from '@pdm/shared';
import Database from 'better-sqlite3';
import { type SlotRecord, SlotRecordSchema } from '../domain/alert-record.js';
import type { Rollup } from '../domain/rollup.js';
import { type RulWindowState, RulWindowStateSchema } from '../domain/rul-window.js';

export interface OutboxRow {
  seq: number;
  id: string;
  topic: string;
  payload: string;
  attempts: number;
}

export interface StoreLimits {
  /** Soft cap on used database bytes: above it rollups are deleted, oldest first. */
  maxBytes: number;
  /** Hard cap on undelivered alert events: beyond it `update` events are dropped. */
  maxAlertRows: number;
}

export type EnqueueResult = 'stored' | 'dropped_update';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  topic TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0
);
-- The alert manager's state per asset and failure mode (open alert, cool-down), as JSON; written
-- in the same transaction as the outbox row of the event that changed it.
CREATE TABLE IF NOT EXISTS alert_state (
  site TEXT NOT NULL, asset TEXT NOT NULL, failure_mode TEXT NOT NULL, state TEXT NOT NULL,
  PRIMARY KEY (site, asset, failure_mode)
) WITHOUT ROWID;
-- RUL cycle windows per model and asset (JSON), with a fingerprint of the model inputs they fit.
CREATE TABLE IF NOT EXISTS model_windows (
  model TEXT NOT NULL, site TEXT NOT NULL, asset TEXT NOT NULL, input TEXT NOT NULL, state TEXT NOT NULL,
  PRIMARY KEY (model, site, asset)
) WITHOUT ROWID;
-- One row per asset and minute: data = {"sensor": [min, mean, max, count], ...}.
CREATE TABLE IF NOT EXISTS rollups (
  minute INTEGER NOT NULL, site TEXT NOT NULL, asset TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (minute, site, asset)
) WITHOUT ROWID;
`;

/** Added to `outbox` after its first release: pending -> sent (PUBACK) -> received (row deleted). */
const DELIVERY_COLUMNS = [
  "ALTER TABLE outbox ADD COLUMN delivery TEXT NOT NULL DEFAULT 'pending'",
  'ALTER TABLE outbox ADD COLUMN resend_at INTEGER',
];

/**
 * The edge's SQLite database: the durable alert outbox and 1-minute telemetry rollups. An alert is
 * committed here before it is sent; its row is `pending` until the broker's PUBACK makes it `sent`,
 * and is deleted once the cloud's receipt (or an HTTP 2xx) arrives. `sent` rows whose receipt is
 * late go back to `pending` (see `requeueDue`), as do all of them after a reconnect or a restart.
 * WAL with synchronous=FULL; writes in BEGIN IMMEDIATE transactions. Rollups are written through a
 * second connection to the same file with synchronous=NORMAL: telemetry needs no fsync per commit
 * (a power cut may lose its last seconds; the next alert commit, which fsyncs the WAL, makes it
 * durable too), and a drain writes hundreds of rollup chunks a second.
 */
export class EdgeStore {
  private readonly db: Database.Database;
  private readonly rollupDb: Database.Database;
  private readonly statements;
  private depthCache: number;
  droppedUpdates = 0;
  droppedRollups = 0;
  /** Bookkeeping writes (sent, received, attempts, windows) lost to a full disk; never alerts. */
  failedWrites = 0;

  constructor(
    path: string,
    private limits: StoreLimits,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.migrate();
    // An in-memory database is private to its connection: rollups then share the one connection.
    this.rollupDb = path === ':memory:' ? this.db : new Database(path);
    if (this.rollupDb !== this.db) {
      this.rollupDb.pragma('synchronous = NORMAL');
      this.rollupDb.pragma('busy_timeout = 5000');
    }
    this.limitWal();
    this.statements = {
      insert: this.db.prepare(
        'INSERT OR IGNORE INTO outbox (id, topic, payload, state, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      after: this.db.prepare(
        `SELECT seq, id, topic, payload, attempts FROM outbox
         WHERE seq > ? AND delivery = 'pending' ORDER BY seq LIMIT ?`,
      ),
      ack: this.db.prepare('DELETE FROM outbox WHERE seq = ?'),
      received: this.db.prepare('DELETE FROM outbox WHERE id = ?'),
      sent: this.db.prepare(
        "UPDATE outbox SET delivery = 'sent', resend_at = ? WHERE seq = ? AND delivery = 'pending'",
      ),
      requeueDue: this.db.prepare(
        "UPDATE outbox SET delivery = 'pending' WHERE delivery = 'sent' AND resend_at <= ?",
      ),
      requeueAll: this.db.prepare("UPDATE outbox SET delivery = 'pending' WHERE delivery = 'sent'"),
      countSent: this.db.prepare("SELECT count(*) AS n FROM outbox WHERE delivery = 'sent'"),
      attempt: this.db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?'),
      count: this.db.prepare('SELECT count(*) AS n FROM outbox'),
      saveState: this.db.prepare(
        `INSERT INTO alert_state (site, asset, failure_mode, state) VALUES (?, ?, ?, ?)
         ON CONFLICT (site, asset, failure_mode) DO UPDATE SET state = excluded.state`,
      ),
      allStates: this.db.prepare('SELECT site, asset, failure_mode, state FROM alert_state'),
      saveWindow: this.db.prepare(
        `INSERT INTO model_windows (model, site, asset, input, state) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (model, site, asset) DO UPDATE SET input = excluded.input, state = excluded.state`,
      ),
      allWindows: this.db.prepare('SELECT model, site, asset, input, state FROM model_windows'),
      rollup: this.rollupDb.prepare(
        `INSERT INTO rollups (minute, site, asset, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (minute, site, asset) DO UPDATE SET data = json_patch(data, excluded.data)`,
      ),
      pruneBefore: this.db.prepare('DELETE FROM rollups WHERE minute < ?'),
      oldestRollups: this.db.prepare(
        'DELETE FROM rollups WHERE minute <= (SELECT minute FROM rollups ORDER BY minute LIMIT 1 OFFSET ?)',
      ),
      rollupRange: this.db.prepare(
        `SELECT minute, data FROM rollups INDEXED BY rollups_by_asset
         WHERE site = ? AND asset = ? AND minute >= ? AND minute <= ? ORDER BY minute`,
      ),
      rollupsOf: this.db.prepare(
        `SELECT minute, json_extract(data, '$."' || ? || '"') AS v FROM rollups
         WHERE site = ? AND asset = ? AND v IS NOT NULL ORDER BY minute`,
      ),
    };
    this.depthCache = (this.statements.count.get() as { n: number }).n;
  }

  setLimits(limits: StoreLimits): void {
    this.limits = limits;
    this.limitWal();
  }

  /**
   * The write-ahead log is checkpointed (and truncated) at a quarter of the soft cap, at most
   * SQLite's default of 1,000 pages: on a small disk it must never be what fills it, since every
   * write, deleting rollups included, first appends to it.
   */
  private limitWal(): void {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = Math.max(16, Math.min(1000, Math.floor(this.limits.maxBytes / 4 / pageSize)));
    for (const db of new Set([this.db, this.rollupDb])) {
      db.pragma(`wal_autocheckpoint = ${pages}`);
      db.pragma(`journal_size_limit = ${pages * pageSize}`);
    }
  }

  /** Number of alert events not yet delivered (pending or sent and awaiting their receipt). */
  get depth(): number {
    return this.depthCache;
  }

  /** Number of alert events the broker acknowledged that still await the cloud's receipt. */
  awaitingReceipt(): number {
    return (this.statements.countSent.get() as { n: number }).n;
  }

  /**
   * Commit an alert event (validated against AlertSchema) before anything is sent, together with
   * the alert manager's state for its asset and failure mode (`state`), in one transaction: after a
   * crash both or neither are there. When the outbox already holds `maxAlertRows`, `update` events
   * are dropped (the state is still stored); `open` and `cleared` are always kept.
   */
  enqueue(alert: Alert, now: number, state?: SlotRecord): EnqueueResult {
    const valid = parseOrThrow(AlertSchema, alert, 'alert');
    const saveState = () => {
      if (state)
        this.statements.saveState.run(state.siteId, state.assetId, state.failureMode, JSON.stringify(state));
    };
    if (valid.state === 'update' && this.depthCache >= this.limits.maxAlertRows) {
      this.droppedUpdates++;
      this.withSpace(() => this.db.transaction(saveState).immediate());
      return 'dropped_update';
    }
    const write = this.db.transaction(() => {
      const info = this.statements.insert.run(
        valid.id,
        alertTopic(valid.siteId, valid.assetId),
        JSON.stringify(valid),
        valid.state,
        now,
      );
      saveState();
      return info;
    });
    const info = this.withSpace(() => write.immediate());
    this.depthCache += info.changes;
    return 'stored';
  }

  /** Store RUL cycle windows (one transaction). */
  saveModelWindows(
    rows: readonly {
      modelId: string;
      asset: { siteId: string; assetId: string };
      input: string;
      state: unknown;
    }[],
  ): void {
    if (rows.length === 0) return;
    const save = this.db.transaction(() => {
      for (const r of rows)
        this.statements.saveWindow.run(
          r.modelId,
          r.asset.siteId,
          r.asset.assetId,
          r.input,
          JSON.stringify(r.state),
        );
    });
    this.bestEffort(() => save.immediate(), undefined);
  }

  /** Stored RUL cycle windows; rows that do not parse are reported in `invalid`, never thrown. */
  modelWindows(): {
    records: {
      modelId: string;
      asset: { siteId: string; assetId: string };
      input: string;
      state: RulWindowState;
    }[];
    invalid: string[];
  } {
    const rows = this.statements.allWindows.all() as {
      model: string;
      site: string;
      asset: string;
      input: string;
      state: string;
    }[];
    const records = [];
    const invalid: string[] = [];
    for (const row of rows) {
      const where = `${row.model}:${row.site}/${row.asset}`;
      try {
        const parsed = RulWindowStateSchema.safeParse(JSON.parse(row.state));
        if (!parsed.success) {
          invalid.push(
            `${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
          );
          continue;
        }
        records.push({
          modelId: row.model,
          asset: { siteId: row.site, assetId: row.asset },
          input: row.input,
          state: parsed.data,
        });
      } catch (err) {
        invalid.push(`${where}: ${(err as Error).message}`);
      }
    }
    return { records, invalid };
  }

  /**
   * The alert manager's stored state. A row that no longer parses is skipped and reported in
   * `invalid` (with its key and the reason), never thrown: a damaged row must not stop the agent.
   */
  alertStates(): { records: SlotRecord[]; invalid: string[] } {
    const rows = this.statements.allStates.all() as {
      site: string;
      asset: string;
      failure_mode: string;
      state: string;
    }[];
    const records: SlotRecord[] = [];
    const invalid: string[] = [];
    for (const row of rows) {
      const where = `${row.site}/${row.asset}/${row.failure_mode}`;
      let raw: unknown;
      try {
        raw = JSON.parse(row.state);
      } catch (err) {
        invalid.push(`${where}: ${(err as Error).message}`);
        continue;
      }
      const parsed = SlotRecordSchema.safeParse(raw);
      if (parsed.success) records.push(parsed.data);
      else
        invalid.push(
          `${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
        );
    }
    return { records, invalid };
  }

  /** Pending (not sent, or due for a resend) events after `seq`, oldest first. */
  pending(afterSeq: number, limit: number): OutboxRow[] {
    return this.statements.after.all(afterSeq, limit) as OutboxRow[];
  }

  markAttempt(seq: number): void {
    this.bestEffort(() => this.statements.attempt.run(seq), undefined);
  }

  /** The broker acknowledged the event: keep it, as `sent`, until its receipt or `resendAt`. */
  markSent(seq: number, resendAt: number): void {
    // Not recorded on a full disk: the row stays pending and is sent again (the cloud dedupes by id).
    this.bestEffort(() => this.statements.sent.run(resendAt, seq), undefined);
  }

  /** The cloud's receipt for these alert ids: remove their rows. Returns how many were removed. */
  markReceived(ids: readonly string[]): number {
    const remove = this.db.transaction((batch: readonly string[]) => {
      let n = 0;
      for (const id of batch) n += this.statements.received.run(id).changes;
      return n;
    });
    const removed = this.bestEffort(() => remove.immediate(ids), 0);
    this.depthCache -= removed;
    return removed;
  }

  /** `sent` rows whose receipt is overdue at `now` become `pending` again. Returns how many. */
  requeueDue(now: number): number {
    return this.bestEffort(() => this.statements.requeueDue.run(now).changes, 0);
  }

  /** Every `sent` row becomes `pending` (after a reconnect or a restart). Returns how many. */
  requeueAll(): number {
    return this.bestEffort(() => this.statements.requeueAll.run().changes, 0);
  }

  /** The event is delivered without a receipt to wait for (HTTP 2xx, or receipts off): remove it. Idempotent. */
  markDelivered(seq: number): boolean {
    const changes = this.bestEffort(() => this.statements.ack.run(seq).changes, 0);
    this.depthCache -= changes;
    return changes > 0;
  }

  /** Store finished rollup minutes; dropped (and counted) rather than ever blocking alerts. */
  addRollups(rows: readonly Rollup[]): void {
    if (rows.length === 0) return;
    const insert = this.rollupDb.transaction((batch: readonly Rollup[]) => {
      for (const [key, data] of groupByAssetMinute(batch)) {
        const [minute, site, asset] = key.split('|') as [string, string, string];
        this.statements.rollup.run(Number(minute), site, asset, JSON.stringify(data));
      }
    });
    try {
      if (this.usedBytes() > this.limits.maxBytes) this.freeRollups();
      insert.immediate(rows);
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      this.droppedRollups += rows.length;
      // Make some room now (the oldest quarter of the rollups), so the next alert finds it.
      this.makeRoom(0.25);
    }
  }

  /** Delete rollups older than `minute`. */
  pruneRollups(beforeMinute: number): number {
    return this.bestEffort(() => this.statements.pruneBefore.run(beforeMinute).changes, 0);
  }

  rollupsOf(
    siteId: string,
    assetId: string,
    sensor: string,
  ): Omit<Rollup, 'siteId' | 'assetId' | 'sensor'>[] {
    const rows = this.statements.rollupsOf.all(sensor, siteId, assetId) as { minute: number; v: string }[];
    return rows.map(({ minute, v }) => {
      const [min, mean, max, count] = JSON.parse(v) as [number, number, number, number];
      return { minute, min, mean, max, count };
    });
  }

  /** Mean of each of `sensors` per stored minute in [fromMinute, toMinute], oldest first. */
  rollupMeans(
    asset: { siteId: string; assetId: string },
    sensors: readonly string[],
    fromMinute: number,
    toMinute: number,
  ): Map<string, [number, number][]> {
    const rows = this.statements.rollupRange.all(asset.siteId, asset.assetId, fromMinute, toMinute) as {
      minute: number;
      data: string;
    }[];
    const out = new Map<string, [number, number][]>();
    for (const { minute, data } of rows) {
      const parsed = JSON.parse(data) as Record<string, [number, number, number, number]>;
      for (const sensor of sensors) {
        const mean = parsed[sensor]?.[1];
        if (mean === undefined || !Number.isFinite(mean)) continue;
        let list = out.get(sensor);
        if (!list) {
          list = [];
          out.set(sensor, list);
        }
        list.push([minute, mean]);
      }
    }
    return out;
  }

  usedBytes(): number {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * pageSize;
  }

  integrityOk(): boolean {
    return this.db.pragma('integrity_check', { simple: true }) === 'ok';
  }

  close(): void {
    if (this.rollupDb.open) this.rollupDb.close();
    if (this.db.open) this.db.close();
  }

  private migrate(): void {
    const columns = this.db.pragma('table_info(outbox)') as { name: string }[];
    if (!columns.some((c) => c.name === 'delivery')) for (const sql of DELIVERY_COLUMNS) this.db.exec(sql);
    this.db.exec('CREATE INDEX IF NOT EXISTS outbox_delivery ON outbox (delivery, resend_at)');
    // For an asset's recent rollups (alert evidence): one index row per asset and minute.
    this.db.exec('CREATE INDEX IF NOT EXISTS rollups_by_asset ON rollups (site, asset, minute)');
  }

  /** Run a write; when the disk is full, make room (rollups go, never alerts) and retry once. */
  private withSpace<T>(write: () => T): T {
    try {
      return write();
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      this.makeRoom();
      return write();
    }
  }

  /** A bookkeeping write that a full disk may skip (counted), after one try to make room. */
  private bestEffort<T>(write: () => T, skipped: T): T {
    try {
      return this.withSpace(write);
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      this.failedWrites++;
      return skipped;
    }
  }

  /**
   * Room on a full disk: copy the log into the database file and truncate it, delete the oldest
   * `share` of the rollups (all of them for an alert), truncate the log again. Each step may itself
   * fail for want of space; what the others free still counts.
   */
  private makeRoom(share = 1): void {
    const attempt = (step: () => unknown) => {
      try {
        step();
      } catch (err) {
        if (!isDiskFull(err)) throw err;
      }
    };
    attempt(() => this.db.pragma('wal_checkpoint(TRUNCATE)'));
    attempt(() => this.freeRollups(share));
    attempt(() => this.db.pragma('wal_checkpoint(TRUNCATE)'));
  }

  /** Delete the oldest share of rollups (telemetry goes before alerts). */
  private freeRollups(share = 0.25): void {
    const total = (this.db.prepare('SELECT count(*) AS n FROM rollups').get() as { n: number }).n;
    if (total === 0) return;
    const offset = Math.max(0, Math.min(total - 1, Math.floor(total * share)));
    this.droppedRollups += this.statements.oldestRollups.run(offset).changes;
  }
}

/** Rollups of one chunk grouped into one JSON object per asset and minute. */
function groupByAssetMinute(
  rows: readonly Rollup[],
): Map<string, Record<string, [number, number, number, number]>> {
  const out = new Map<string, Record<string, [number, number, number, number]>>();
  for (const r of rows) {
    const key = `${r.minute}|${r.siteId}|${r.assetId}`;
    let data = out.get(key);
    if (!data) {
      data = {};
      out.set(key, data);
    }
    data[r.sensor] = [r.min, r.mean, r.max, r.count];
  }
  return out;
}

function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE';
}
