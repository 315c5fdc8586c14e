// Servers that cloud suites need and that cannot run in-process. In CI (CI=true) an unreachable
// one fails the run, so such suites never skip there; on a developer machine they skip with a
// message saying how to start it.
import { connect } from 'node:net';

/** Whether something accepts TCP connections at the URL's host and port. */
export function answers(url: string, defaultPort: number, timeoutMs = 1_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || defaultPort) });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** True when the server answers; in CI a missing server throws, elsewhere it warns and skips. */
export async function serverAvailable(spec: {
  url: string;
  defaultPort: number;
  what: string;
  env: string;
}): Promise<boolean> {
  if (await answers(spec.url, spec.defaultPort)) return true;
  const why = `${spec.what} is not reachable at ${spec.url} (set ${spec.env}, or run: bash .ci/services.sh)`;
  if (process.env.CI) throw new Error(`${why}; ${spec.what} suites must not skip in CI`);
  console.warn(`skipping ${spec.what} suites: ${why}`);
  return false;
}
