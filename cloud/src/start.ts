// Composition root of a running service: database, bootstrap, HTTP, MQTT ingest, jobs.
import { type Clock, systemClock } from '@pdm/shared';
import pino, { type Logger } from 'pino';
import { buildApp } from './app.js';
import type { CloudConfig } from './config.js';
import { createServiceContext } from './context-factory.js';
import { openDatabase } from './db/open.js';
import { newCounters } from './http/types.js';
import { type MqttIngest, startMqttIngest } from './ingest/mqtt-ingest.js';
import { startJobs } from './jobs/scheduler.js';
import { bootstrap } from './services/bootstrap.js';

export interface CloudService {
  url: string;
  stop(): Promise<void>;
  stats(): { alertsReceived: number; alertsDuplicate: number; alertsRejected: number; workOrders: number };
}

export async function startCloud(
  config: CloudConfig,
  deps: { clock?: Clock; logger?: Logger } = {},
): Promise<CloudService> {
  const logger = deps.logger ?? pino({ level: config.logLevel, name: 'pdm-cloud' });
  const clock = deps.clock ?? systemClock;
  const db = await openDatabase(config);
  const ctx = createServiceContext({ db, clock, config });
  const boot = await bootstrap({ ctx, input: config.bootstrap });
  logger.info({ dialect: db.dialect, ...boot }, 'database ready');
  const counters = newCounters();
  const app = await buildApp({ ctx, config, logger, counters });
  const stops: (() => Promise<void>)[] = [];
  try {
    const address = await app.listen({ host: config.host, port: config.port });
    stops.push(() => app.close());
    let mqttIngest: MqttIngest | undefined;
    if (config.mqtt) {
      mqttIngest = await startMqttIngest({ ctx, counters, logger }, config.mqtt);
      stops.unshift(() => mqttIngest!.stop());
    }
    if (config.jobs.enabled) {
      const jobs = startJobs({ ctx, config, logger });
      stops.unshift(() => jobs.stop());
    }
    const url = config.publicUrl ?? address.replace('[::1]', '127.0.0.1');
    logger.info({ url }, 'cloud service listening');
    return {
      url,
      stop: async () => {
        for (const stop of stops.splice(0))
          await stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
        await db.close();
      },
      stats: () => ({ ...counters }),
    };
  } catch (err) {
    for (const stop of stops) await stop().catch(() => undefined);
    await db.close();
    throw err;
  }
}
