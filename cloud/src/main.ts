#!/usr/bin/env -S npx tsx
// `pdm-cloud`: the work-order service, configured by PDM_CLOUD_* environment variables.
import { loadCloudConfig } from './config.js';
import { startCloud } from './start.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadCloudConfig>;
  try {
    config = loadCloudConfig(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const service = await startCloud(config);
  const shutdown = () => {
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
