import { InfluxDB, Point, type WriteApi } from '@influxdata/influxdb-client';
import type { Logger } from 'pino';
import type { Rollup } from '../domain/rollup.js';

export interface InfluxOptions {
  url: string;
  token: string;
  org: string;
  bucket: string;
  flushIntervalMs: number;
  gatewayId: string;
}

/**
 * Writes 1-minute rollups to an InfluxDB v2 write API (`telemetry_1m`, tags site / asset / sensor /
 * gateway, fields min / mean / max / count, millisecond precision). Its retry buffer is bounded;
 * lines it gives up on are counted, never held without limit.
 */
export class InfluxRollupWriter {
  private readonly api: WriteApi;
  written = 0;
  failed = 0;

  constructor(opts: InfluxOptions, logger: Logger) {
    const client = new InfluxDB({ url: opts.url, token: opts.token });
    this.api = client.getWriteApi(opts.org, opts.bucket, 'ms', {
      batchSize: 5_000,
      flushInterval: opts.flushIntervalMs,
      maxBufferLines: 100_000,
      maxRetries: 5,
      defaultTags: { gateway: opts.gatewayId },
      writeFailed: (err, lines) => {
        this.failed += lines.length;
        logger.warn({ err: err.message, lines: lines.length }, 'influx write failed');
      },
      writeSuccess: (lines) => {
        this.written += lines.length;
      },
      writeRetrySkipped: (entry) => {
        this.failed += entry.lines.length;
      },
    });
  }

  add(rows: readonly Rollup[]): void {
    for (const r of rows) {
      this.api.writePoint(
        new Point('telemetry_1m')
          .tag('site', r.siteId)
          .tag('asset', r.assetId)
          .tag('sensor', r.sensor)
          .floatField('min', r.min)
          .floatField('mean', r.mean)
          .floatField('max', r.max)
          .intField('count', r.count)
          .timestamp(r.minute),
      );
    }
  }

  flush(): Promise<void> {
    return this.api.flush();
  }

  async close(): Promise<void> {
    await this.api.close().catch(() => undefined);
  }
}
