// `pnpm demo`: the whole loop on embedded defaults. Progress while it runs; the API stays up until
// Ctrl-C, or with `--duration N` it stops after N seconds and prints a summary (one JSON object on
// the last line with --json).
import { WorkOrderPageSchema } from '@pdm/shared';
import { loginToken, type Stack, startStack } from '../stack.js';
import { parseDemoArgs } from './options.js';
import { type DemoFigures, formatProgress, progressPrinter } from './progress.js';

const ADMIN_PASSWORD = 'pdm-demo-admin';

async function main(): Promise<number> {
  let options: ReturnType<typeof parseDemoArgs>;
  try {
    options = parseDemoArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`pdm demo: ${(err as Error).message}`);
    console.error(
      'usage: pnpm demo [--duration <s>] [--json] [--data <dir>] [--port <n>] [--broker-port <n>]',
    );
    return 2;
  }
  const log = options.json ? console.error : console.log;
  const stack = await startStack({
    dataDir: options.data,
    httpPort: options.port,
    brokerPort: options.brokerPort,
    scenario: options.scenario,
    adminPassword: ADMIN_PASSWORD,
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
  });
  log(`pdm demo: data in ${options.data}`);
  log(`  API      ${stack.cloud.url}/api/v1 (OpenAPI at /api/v1/openapi.json)`);
  log(`  console  ${stack.cloud.url}/  (user admin, password ${ADMIN_PASSWORD})`);
  log(`  broker   ${stack.broker.url} (per-role credentials)`);
  log(options.duration ? `  running for ${options.duration} s` : '  press Ctrl-C to stop');

  const orders = workOrderCounter(
    stack.cloud.url,
    await loginToken(stack.cloud.url, 'admin', ADMIN_PASSWORD),
  );
  const started = Date.now();
  const printer = progressPrinter(options.json ? process.stderr : process.stdout);
  const tick = setInterval(() => {
    void orders.refresh();
    printer.update(formatProgress(figures(stack, orders.count), Date.now() - started), Date.now());
  }, 500);
  let simDone = false;
  void stack.sim.done.then(() => {
    simDone = true;
  });

  await waitForEnd(options.duration);
  clearInterval(tick);
  printer.done();
  await orders.refresh();
  const summary = {
    ...figures(stack, orders.count),
    simFinished: simDone,
    wallSeconds: Math.round((Date.now() - started) / 100) / 10,
    api: `${stack.cloud.url}/api/v1`,
    dataDir: options.data,
  };
  await stack.stop();
  log(formatProgress(summary, Date.now() - started));
  if (options.json) console.log(JSON.stringify(summary));
  return 0;
}

function figures(stack: Stack, workOrders: number): DemoFigures {
  const sim = stack.sim.progress();
  const edge = stack.edge.stats();
  const cloud = stack.cloud.stats();
  return {
    simTime: sim.samplesPublished > 0 ? sim.simTime : null,
    samplesPublished: sim.samplesPublished,
    samplesAccepted: edge.samplesAccepted,
    badMessages: Object.values(edge.badMessages).reduce((a, b) => a + b, 0),
    alertsOpened: edge.alertsOpened,
    alertsDelivered: edge.alertsDelivered,
    alertsReceived: cloud.alertsReceived,
    workOrders,
  };
}

/** Work orders in the database (all statuses, up to one page), read through the API. */
function workOrderCounter(baseUrl: string, token: string) {
  let count = 0;
  let inFlight = false;
  return {
    get count() {
      return count;
    },
    async refresh(): Promise<void> {
      if (inFlight) return;
      inFlight = true;
      try {
        const res = await fetch(`${baseUrl}/api/v1/work-orders?limit=200`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (res.ok) count = WorkOrderPageSchema.parse(await res.json()).items.length;
      } catch {
        // the next tick tries again
      } finally {
        inFlight = false;
      }
    },
  };
}

/** Resolves after `seconds`, or on Ctrl-C / SIGTERM when no duration is given (or before it ends). */
function waitForEnd(seconds: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = seconds ? setTimeout(resolve, seconds * 1000) : undefined;
    const onSignal = () => {
      if (timer) clearTimeout(timer);
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const e = err as NodeJS.ErrnoException & { port?: number };
    if (e.code === 'EADDRINUSE') {
      console.error(`pdm demo: port ${e.port ?? ''} is in use; choose others with --port and --broker-port`);
    } else {
      console.error(`pdm demo failed: ${e.stack ?? String(err)}`);
    }
    process.exit(1);
  },
);
