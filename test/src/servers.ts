import { connect } from 'node:net';

/** A server that integration tests need and that cannot run in-process. */
export interface ServerSpec {
  /** Environment variable holding its address, e.g. PDM_TEST_PG_URL. */
  env: string;
  /** Address used when the variable is unset (where `.ci/services.sh` starts it). */
  fallback: string;
  what: string;
}

export const SERVERS = {
  mosquitto: { env: 'PDM_TEST_MOSQUITTO_URL', fallback: 'mqtt://127.0.0.1:18830', what: 'Mosquitto' },
  victoriaMetrics: { env: 'PDM_TEST_VM_URL', fallback: 'http://127.0.0.1:18428', what: 'VictoriaMetrics' },
  postgres: {
    env: 'PDM_TEST_PG_URL',
    fallback: 'postgres://pdm:pdm@127.0.0.1:15432/pdm',
    what: 'PostgreSQL',
  },
} satisfies Record<string, ServerSpec>;

/**
 * The address of a server if it answers on its port. In CI (CI=true) a missing server is an error,
 * so such tests never skip there; on a developer machine without it they are skipped with a
 * message saying how to start it (`bash .ci/services.sh`).
 */
export async function findServer(spec: ServerSpec): Promise<string | undefined> {
  const url = process.env[spec.env] ?? spec.fallback;
  if (await answers(url)) return url;
  const why = `${spec.what} is not reachable at ${url} (set ${spec.env}, or run: bash .ci/services.sh)`;
  if (process.env.CI) throw new Error(`${why}; integration tests must not skip in CI`);
  console.warn(`skipping ${spec.what} tests: ${why}`);
  return undefined;
}

const DEFAULT_PORTS: Record<string, number> = { 'postgres:': 5432, 'mqtt:': 1883, 'http:': 80 };

/** Whether something accepts TCP connections at the URL's host and port. */
export function answers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const { hostname, port, protocol } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) || (DEFAULT_PORTS[protocol] ?? 0) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Chromium for browser tests: PDM_TEST_CHROMIUM or /usr/bin/chromium; missing is an error in CI. */
export async function findChromium(): Promise<string | undefined> {
  const { existsSync } = await import('node:fs');
  const path = process.env.PDM_TEST_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  const why = `Chromium not found at ${path} (set PDM_TEST_CHROMIUM, or run: bash .ci/services.sh)`;
  if (process.env.CI) throw new Error(`${why}; browser tests must not skip in CI`);
  console.warn(`skipping browser tests: ${why}`);
  return undefined;
}
