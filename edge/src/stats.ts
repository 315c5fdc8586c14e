import type { BadReason } from './domain/bad-messages.js';
import type { MetricFamily } from './io/metrics-server.js';

/** Counters and gauges of a running agent. */
export interface EdgeStats {
  messages: number;
  samplesAccepted: number;
  readingsAccepted: number;
  readingsRejected: number;
  badMessages: Record<BadReason, number>;
  alertsOpened: number;
  alertsUpdated: number;
  alertsCleared: number;
  alertsOpen: number;
  alertsDelivered: number;
  alertCommitFailures: number;
  alertUpdatesDropped: number;
  outboxDepth: number;
  /** Alert events the broker acknowledged that await the cloud's receipt (part of `outboxDepth`). */
  alertsAwaitingReceipt: number;
  receiptsRejected: number;
  rollupsDropped: number;
  /** Delivery bookkeeping writes a full disk skipped (the alert is then sent again, never lost). */
  storeWritesSkipped: number;
  rollupsWrittenInflux: number;
  rollupsFailedInflux: number;
  rebirthsRequested: number;
  modelWindowsScored: number;
  assets: number;
  /** Newest event time accepted (ms), 0 before any. */
  watermark: number;
  sourceConnected: boolean;
  uplinkConnected: boolean;
  uplinkReconnects: number;
  eventLoopLagMs: number;
  eventLoopLagMaxMs: number;
}

const counter = (name: string, help: string, value: number): MetricFamily => ({
  name,
  help,
  type: 'counter',
  samples: [{ value }],
});
const gauge = (name: string, help: string, value: number): MetricFamily => ({
  name,
  help,
  type: 'gauge',
  samples: [{ value }],
});

/** Prometheus families for /metrics. Rates (samples/s) come from `rate()` over the counters. */
export function collectMetrics(s: EdgeStats): MetricFamily[] {
  return [
    counter('pdm_edge_messages_total', 'MQTT messages received', s.messages),
    counter('pdm_edge_samples_total', 'Samples accepted', s.samplesAccepted),
    counter('pdm_edge_readings_total', 'Sensor readings accepted', s.readingsAccepted),
    counter('pdm_edge_readings_rejected_total', 'Sensor readings rejected', s.readingsRejected),
    {
      name: 'pdm_edge_bad_messages_total',
      help: 'Bad messages by reason',
      type: 'counter',
      samples: Object.entries(s.badMessages).map(([reason, value]) => ({ labels: { reason }, value })),
    },
    {
      name: 'pdm_edge_alerts_total',
      help: 'Alert events committed, by state',
      type: 'counter',
      samples: [
        { labels: { state: 'open' }, value: s.alertsOpened },
        { labels: { state: 'update' }, value: s.alertsUpdated },
        { labels: { state: 'cleared' }, value: s.alertsCleared },
      ],
    },
    counter(
      'pdm_edge_alerts_delivered_total',
      'Alert events delivered (receipted by the cloud or answered 2xx)',
      s.alertsDelivered,
    ),
    counter(
      'pdm_edge_alert_commit_failures_total',
      'Alert events that could not be stored',
      s.alertCommitFailures,
    ),
    counter(
      'pdm_edge_alert_updates_dropped_total',
      'Alert updates dropped by the storage policy',
      s.alertUpdatesDropped,
    ),
    gauge('pdm_edge_alerts_open', 'Alerts currently open', s.alertsOpen),
    gauge('pdm_edge_outbox_depth', 'Alert events waiting for delivery', s.outboxDepth),
    gauge(
      'pdm_edge_alerts_awaiting_receipt',
      "Alert events acknowledged by the broker, waiting for the cloud's receipt",
      s.alertsAwaitingReceipt,
    ),
    counter('pdm_edge_receipts_rejected_total', 'Receipts refused as invalid', s.receiptsRejected),
    counter('pdm_edge_rollups_dropped_total', 'Telemetry rollups dropped (storage policy)', s.rollupsDropped),
    counter(
      'pdm_edge_store_writes_skipped_total',
      'Delivery bookkeeping writes skipped on a full disk (alerts are resent, never lost)',
      s.storeWritesSkipped,
    ),
    counter(
      'pdm_edge_influx_lines_written_total',
      'Rollup lines written to InfluxDB',
      s.rollupsWrittenInflux,
    ),
    counter(
      'pdm_edge_influx_lines_failed_total',
      'Rollup lines InfluxDB did not take',
      s.rollupsFailedInflux,
    ),
    counter('pdm_edge_sparkplug_rebirths_total', 'Sparkplug rebirth requests sent', s.rebirthsRequested),
    counter('pdm_edge_uplink_reconnects_total', 'Uplink reconnections', s.uplinkReconnects),
    counter('pdm_edge_model_windows_scored_total', 'Windows scored by tfjs models', s.modelWindowsScored),
    gauge('pdm_edge_assets', 'Assets seen', s.assets),
    gauge('pdm_edge_watermark_ms', 'Newest event time accepted', s.watermark),
    gauge('pdm_edge_source_connected', '1 when the telemetry source is connected', s.sourceConnected ? 1 : 0),
    gauge('pdm_edge_uplink_connected', '1 when the uplink is connected', s.uplinkConnected ? 1 : 0),
    gauge('pdm_edge_event_loop_lag_ms', 'Mean event-loop delay', s.eventLoopLagMs),
    gauge('pdm_edge_event_loop_lag_max_ms', 'Max event-loop delay', s.eventLoopLagMaxMs),
  ];
}
