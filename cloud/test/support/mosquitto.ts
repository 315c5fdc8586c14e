// Mosquitto for tests that need MQTT v5 shared subscriptions (the in-process broker has none).
// PDM_TEST_MOSQUITTO_URL, default where .ci/services.sh starts it; CI fails when unreachable.
import { serverAvailable } from './server.js';

export const MOSQUITTO_URL = process.env.PDM_TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:18830';

export function mosquittoAvailable(): Promise<boolean> {
  return serverAvailable({
    url: MOSQUITTO_URL,
    defaultPort: 1883,
    what: 'Mosquitto',
    env: 'PDM_TEST_MOSQUITTO_URL',
  });
}
