// Broker accounts of a reliability cluster: one per role, each with its own topic ACL.
import { randomBytes } from 'node:crypto';
import { TOPIC_FILTERS } from '@pdm/shared';

export interface BrokerUser {
  username: string;
  password: string;
  publish?: string[];
  subscribe?: string[];
}

export type Role = 'sim' | 'edge' | 'cloud' | 'tester' | 'siteA';

const secret = () => randomBytes(18).toString('base64url');

/** Fresh credentials for every role; `siteA` is a device that may publish only to site-a. */
export function makeBrokerUsers(): Record<Role, BrokerUser> {
  return {
    sim: { username: 'sim', password: secret(), publish: [TOPIC_FILTERS.telemetry, TOPIC_FILTERS.sparkplug] },
    edge: {
      username: 'edge',
      password: secret(),
      subscribe: [TOPIC_FILTERS.telemetry, TOPIC_FILTERS.sparkplug, TOPIC_FILTERS.receipts],
      publish: [TOPIC_FILTERS.alerts, TOPIC_FILTERS.gatewayStatus, TOPIC_FILTERS.sparkplug],
    },
    cloud: {
      username: 'cloud',
      password: secret(),
      subscribe: [TOPIC_FILTERS.alerts, TOPIC_FILTERS.gatewayStatus, '$share/+/pdm/v1/#'],
      publish: [TOPIC_FILTERS.receipts],
    },
    tester: {
      username: 'tester',
      password: secret(),
      publish: [TOPIC_FILTERS.telemetry, TOPIC_FILTERS.sparkplug],
      subscribe: [TOPIC_FILTERS.alerts, TOPIC_FILTERS.gatewayStatus],
    },
    siteA: { username: 'device-site-a', password: secret(), publish: ['pdm/v1/site-a/+/telemetry'] },
  };
}
