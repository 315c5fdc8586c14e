import type { MissingRule } from '../config-schema.js';
import { matchesAsset } from './asset-match.js';
import type { AssetState } from './asset-state.js';
import { escalatedSeverity, type Signal } from './signal.js';

/**
 * Missing-data rules: a sensor of a matching asset has sent nothing for `after` of event time,
 * measured against the gateway's newest event time. Stale assets are skipped: their silence is
 * already known (death certificate) and no alert may come from them.
 */
export class MissingTracker {
  private readonly open = new Set<string>();

  check(
    at: { watermark: number; assets: Iterable<AssetState>; rules: readonly MissingRule[] },
    emit: (asset: AssetState, signal: Signal) => void,
  ): void {
    for (const asset of at.assets) {
      if (asset.stale || Number.isNaN(asset.firstSeen)) continue;
      for (const rule of at.rules) {
        if (!matchesAsset(rule.match, asset)) continue;
        const last = asset.sensors.get(rule.sensor)?.series.lastTime ?? asset.firstSeen;
        const silentFor = at.watermark - Math.max(last, asset.firstSeen);
        const key = `${asset.siteId}/${asset.assetId}/${rule.id}`;
        const silent = silentFor >= rule.after;
        if (silent === this.open.has(key)) continue;
        if (silent) this.open.add(key);
        else this.open.delete(key);
        emit(asset, signalOf(rule, { active: silent, silentFor, watermark: at.watermark, last }));
      }
    }
  }

  /** The rule's condition was open for this asset before a restart. */
  resume(asset: { siteId: string; assetId: string }, ruleId: string): void {
    this.open.add(`${asset.siteId}/${asset.assetId}/${ruleId}`);
  }

  /** Forget conditions of rules no longer configured. */
  retain(ruleIds: ReadonlySet<string>): void {
    for (const key of this.open) {
      if (!ruleIds.has(key.slice(key.lastIndexOf('/') + 1))) this.open.delete(key);
    }
  }
}

function signalOf(
  rule: MissingRule,
  s: { active: boolean; silentFor: number; watermark: number; last: number },
): Signal {
  return {
    ruleId: rule.id,
    version: rule.version,
    source: 'rule',
    failureMode: rule.failureMode,
    active: s.active,
    score: s.silentFor,
    threshold: rule.after,
    severity: escalatedSeverity(rule.severity, rule.escalate, (at) => s.silentFor >= at),
    time: s.watermark,
    since: Number.isFinite(s.last) ? s.last - rule.after : s.watermark - rule.after,
    sensors: [rule.sensor],
    message: rule.message ?? `no ${rule.sensor} data for ${Math.round(s.silentFor / 1000)} s`,
  };
}
