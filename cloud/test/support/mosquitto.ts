// Mosquitto for tests that need MQTT v5 shared subscriptions (the in-process broker has none).
// PDM_TEST_MOSQUITTO_URL, default where .ci/services.sh starts it; CI fails when unreachable.
import { connect } from 'node:net';

export const MOSQUITTO_URL = process.env.PDM_TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:18830';

export async function mosquittoAvailable(): Promise<boolean> {
  const { hostname, port } = new URL(MOSQUITTO_URL);
  const ok = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 1883) });
    const finish = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
  if (ok) return true;
  const why = `Mosquitto is not reachable at ${MOSQUITTO_URL} (set PDM_TEST_MOSQUITTO_URL, or run: bash .ci/services.sh)`;
  if (process.env.CI) throw new Error(`${why}; these suites must not skip in CI`);
  console.warn(`skipping Mosquitto suites: ${why}`);
  return false;
}
