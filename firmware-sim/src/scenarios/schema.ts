import { IdSchema } from '@pdm/shared';
import { z } from 'zod';
import {
  ASSET_CATALOG,
  ASSET_TYPES,
  type AssetType,
  FAILURE_MODES,
  SENSOR_FAULT_KINDS,
} from '../devices/catalog.js';
import { DurationSchema, PositiveDurationSchema, StartTimeSchema } from './duration.js';

/** A machine fault injected at a known time (offset from the scenario start). */
export const FaultSchema = z
  .object({
    mode: z.enum(FAILURE_MODES),
    /** When the fault starts developing, as an offset from the start. */
    onset: DurationSchema,
    /** Nominal time from onset to failure; the actual time varies by `spread`. */
    timeToFailure: PositiveDurationSchema.optional(),
    /** Relative spread of the time to failure (0 = exactly nominal). */
    spread: z.number().min(0).max(0.9).default(0),
  })
  .strict();

/** A sensor misbehaving while the machine is fine. */
export const SensorFaultSchema = z
  .object({
    sensor: IdSchema,
    kind: z.enum(SENSOR_FAULT_KINDS),
    at: DurationSchema,
    duration: PositiveDurationSchema,
    /** drift: offset reached at the end; spike: peak value; ignored otherwise. */
    magnitude: z.number().refine(Number.isFinite, 'must be a finite number').optional(),
    /** spike: how many isolated spikes inside the window. */
    count: z.number().int().min(1).max(1000).default(3),
  })
  .strict();

export const OperationSchema = z
  .object({
    /** Mean load (0-1 of rated) during the day shift and at night. */
    dayLoad: z.number().min(0).max(1.2).default(0.85),
    nightLoad: z.number().min(0).max(1.2).default(0.5),
    /** Local hours of the day shift, [start, end). */
    dayStartHour: z.number().min(0).max(24).default(6),
    dayEndHour: z.number().min(0).max(24).default(22),
    /** Random load steps per day, each a few percent to ~20% up or down. */
    loadChangesPerDay: z.number().min(0).max(500).default(8),
    /** Stop/start cycles per day (each stop lasts 10-40 minutes). */
    startsPerDay: z.number().min(0).max(100).default(1),
  })
  .strict();

export const AssetSchema = z
  .object({
    id: IdSchema,
    type: z.enum(ASSET_TYPES),
    name: z.string().max(200).optional(),
    sampleInterval: PositiveDurationSchema.optional(),
    /** Subset of the type's sensors to report; all by default. */
    sensors: z.array(IdSchema).min(1).optional(),
    /** Per-sensor sample intervals (e.g. vib_rms every 1s, bearing_temp every 10s); the asset's otherwise. */
    sensorIntervals: z.record(IdSchema, PositiveDurationSchema).optional(),
    operation: OperationSchema.optional(),
    faults: z.array(FaultSchema).default([]),
    sensorFaults: z.array(SensorFaultSchema).default([]),
  })
  .strict()
  .superRefine((asset, ctx) => {
    const info = ASSET_CATALOG[asset.type];
    const known = new Set(info.sensors.map((s) => s.id));
    asset.sensors?.forEach((s, i) => {
      if (!known.has(s))
        ctx.addIssue({ code: 'custom', path: ['sensors', i], message: unknownSensor(s, asset.type) });
    });
    const reported = new Set(asset.sensors ?? known);
    for (const sensor of Object.keys(asset.sensorIntervals ?? {})) {
      if (!known.has(sensor)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sensorIntervals', sensor],
          message: unknownSensor(sensor, asset.type),
        });
      } else if (!reported.has(sensor)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sensorIntervals', sensor],
          message: `"${sensor}" is not among this asset's reported sensors (${[...reported].join(', ')})`,
        });
      }
    }
    asset.faults.forEach((f, i) => {
      if (!info.modes.includes(f.mode)) {
        ctx.addIssue({
          code: 'custom',
          path: ['faults', i, 'mode'],
          message: `${asset.type} cannot develop ${f.mode}; allowed: ${info.modes.join(', ')}`,
        });
      }
    });
    asset.sensorFaults.forEach((f, i) => {
      if (!known.has(f.sensor)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sensorFaults', i, 'sensor'],
          message: unknownSensor(f.sensor, asset.type),
        });
      }
    });
  });

function unknownSensor(sensor: string, type: AssetType): string {
  const known = ASSET_CATALOG[type].sensors.map((s) => s.id).join(', ');
  return `"${sensor}" is not a sensor of ${type} (its sensors: ${known})`;
}

export const SiteSchema = z
  .object({
    id: IdSchema.refine((id) => id !== 'gateways', '"gateways" is reserved'),
    name: z.string().max(200).optional(),
    location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict(),
    /** Hours added to UTC to get local time, for day and night shifts. */
    utcOffsetHours: z.number().min(-12).max(14).default(0),
    /** Sparkplug edge node id for this site's gateway; `<site>-gw` by default. */
    gatewayId: IdSchema.optional(),
    assets: z.array(AssetSchema).min(1, 'a site needs at least one asset'),
  })
  .strict();

/** Random faults: each asset of the listed types develops `mode` at `perAssetPerDay` (Poisson). */
export const FaultRateSchema = z
  .object({
    mode: z.enum(FAILURE_MODES),
    perAssetPerDay: z.number().positive().max(10),
    assetTypes: z.array(z.enum(ASSET_TYPES)).optional(),
    timeToFailure: PositiveDurationSchema.optional(),
    spread: z.number().min(0).max(0.9).default(0.3),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    name: IdSchema,
    description: z.string().max(2000).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    start: StartTimeSchema,
    duration: PositiveDurationSchema,
    /** Default time acceleration: simulated ms per wall ms (1 = live). */
    speed: z.number().positive().max(1e9).default(1),
    /** Default sample interval for assets that do not set their own. */
    sampleInterval: PositiveDurationSchema.default(10_000),
    /** Default operating pattern for assets that do not set their own. */
    operation: OperationSchema.default(OperationSchema.parse({})),
    faultRates: z.array(FaultRateSchema).default([]),
    /** Sparkplug group id for every site; each site's own id when absent (a consumer then reads the site from the group). */
    sparkplugGroup: IdSchema.optional(),
    sites: z.array(SiteSchema).min(1, 'a scenario needs at least one site'),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    const sites = new Set<string>();
    scenario.sites.forEach((site, si) => {
      if (sites.has(site.id))
        ctx.addIssue({
          code: 'custom',
          path: ['sites', si, 'id'],
          message: `duplicate site id "${site.id}"`,
        });
      sites.add(site.id);
      const assets = new Set<string>();
      site.assets.forEach((asset, ai) => {
        if (assets.has(asset.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sites', si, 'assets', ai, 'id'],
            message: `duplicate asset id "${asset.id}"`,
          });
        }
        assets.add(asset.id);
      });
    });
  });

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type SiteSpec = Scenario['sites'][number];
export type AssetSpec = SiteSpec['assets'][number];
export type FaultSpec = AssetSpec['faults'][number];
export type SensorFaultSpec = AssetSpec['sensorFaults'][number];
export type Operation = z.output<typeof OperationSchema>;
