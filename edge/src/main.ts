#!/usr/bin/env -S npx tsx
// CLI: `pdm-edge --config <file>` (or PDM_EDGE_CONFIG). SIGHUP reloads rules and models; SIGINT/SIGTERM stop.
// edge/bin/pdm-edge.mjs runs this file on plain Node (see there); `npx tsx edge/src/main.ts` works too.
import { parseArgs } from 'node:util';
import { AppError } from '@pdm/shared';
import { writeToStream } from 'mqtt-packet';
import { pino } from 'pino';
import { startAgent } from './agent.js';
import { loadEdgeConfig } from './config.js';

const USAGE = 'usage: pdm-edge --config <file.yaml|file.json>   (environment overrides: PDM_EDGE_<NAME>)';

// mqtt-packet (under mqtt.js and aedes) otherwise builds 65,536 two-byte Buffers for packet ids on
// the first packet it writes: 6 MB of heap for the life of the process. Off, each id is a 2-byte
// write from Node's buffer pool.
writeToStream.cacheNumbers = false;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const path = values.config ?? process.env.PDM_EDGE_CONFIG;
  if (!path) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const config = loadEdgeConfig(path);
  const logger = pino({ level: config.logLevel, base: { gatewayId: config.gatewayId } });
  const agent = await startAgent(config, { logger });
  logger.info({ config: path, metrics: agent.metricsUrl, broker: agent.broker?.url }, 'edge agent started');
  process.on('SIGHUP', () => {
    const rejected = (err: unknown) =>
      logger.error({ err: (err as Error).message }, 'reload rejected; keeping the running configuration');
    try {
      // Models that fail to load are logged by the agent and keep running in their old version.
      agent.reload(loadEdgeConfig(path)).catch(rejected);
    } catch (err) {
      rejected(err);
    }
  });
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await agent.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof AppError) console.error(err.message);
  else console.error(err);
  process.exitCode = 1;
});
