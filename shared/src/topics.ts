import { ID_PATTERN } from './ids.js';

export const TOPIC_ROOT = 'pdm/v1';
export const SPARKPLUG_NAMESPACE = 'spBv1.0';
export const SPARKPLUG_TYPES = [
  'NBIRTH',
  'NDATA',
  'NDEATH',
  'DBIRTH',
  'DDATA',
  'DDEATH',
  'NCMD',
  'DCMD',
] as const;
export type SparkplugType = (typeof SPARKPLUG_TYPES)[number];

/** `gateways` is reserved as the second level for gateway status and receipt topics. */
const RESERVED_SITE = 'gateways';

/** Subscription filters for each kind of topic. */
export const TOPIC_FILTERS = {
  telemetry: `${TOPIC_ROOT}/+/+/telemetry`,
  alerts: `${TOPIC_ROOT}/+/+/alerts`,
  gatewayStatus: `${TOPIC_ROOT}/gateways/+/status`,
  receipts: `${TOPIC_ROOT}/gateways/+/receipts`,
  sparkplug: `${SPARKPLUG_NAMESPACE}/#`,
} as const;

export type ParsedTopic =
  | { kind: 'telemetry'; siteId: string; assetId: string }
  | { kind: 'alerts'; siteId: string; assetId: string }
  | { kind: 'gateway-status'; gatewayId: string }
  | { kind: 'receipts'; gatewayId: string }
  | { kind: 'sparkplug'; groupId: string; type: SparkplugType; nodeId: string; deviceId?: string };

export type TopicParseResult = { ok: true; topic: ParsedTopic } | { ok: false; reason: string };

function checkId(value: string, what: string): void {
  if (!ID_PATTERN.test(value)) {
    throw new TypeError(`${what} "${value}" must be 1-64 characters of A-Z, a-z, 0-9, _ or -`);
  }
}

function checkSite(siteId: string): void {
  checkId(siteId, 'site id');
  if (siteId === RESERVED_SITE) throw new TypeError(`site id "${RESERVED_SITE}" is reserved`);
}

export function telemetryTopic(siteId: string, assetId: string): string {
  checkSite(siteId);
  checkId(assetId, 'asset id');
  return `${TOPIC_ROOT}/${siteId}/${assetId}/telemetry`;
}

export function alertTopic(siteId: string, assetId: string): string {
  checkSite(siteId);
  checkId(assetId, 'asset id');
  return `${TOPIC_ROOT}/${siteId}/${assetId}/alerts`;
}

export function gatewayStatusTopic(gatewayId: string): string {
  checkId(gatewayId, 'gateway id');
  return `${TOPIC_ROOT}/gateways/${gatewayId}/status`;
}

/** Where the cloud publishes receipts for the alerts of one gateway it has committed. */
export function receiptTopic(gatewayId: string): string {
  checkId(gatewayId, 'gateway id');
  return `${TOPIC_ROOT}/gateways/${gatewayId}/receipts`;
}

export function sparkplugTopic(parts: {
  groupId: string;
  type: SparkplugType;
  nodeId: string;
  deviceId?: string;
}): string {
  checkId(parts.groupId, 'group id');
  checkId(parts.nodeId, 'node id');
  const isDevice = parts.type.startsWith('D');
  if (isDevice && parts.deviceId === undefined) throw new TypeError(`${parts.type} needs a device id`);
  if (!isDevice && parts.deviceId !== undefined) throw new TypeError(`${parts.type} takes no device id`);
  if (parts.deviceId !== undefined) checkId(parts.deviceId, 'device id');
  const base = `${SPARKPLUG_NAMESPACE}/${parts.groupId}/${parts.type}/${parts.nodeId}`;
  return parts.deviceId === undefined ? base : `${base}/${parts.deviceId}`;
}

/** Parse a concrete topic (never a filter) into its kind and ids, or say why it is not ours. */
export function parseTopic(topic: string): TopicParseResult {
  if (topic.includes('+') || topic.includes('#')) return fail('wildcards are not allowed in a topic name');
  const parts = topic.split('/');
  if (parts[0] === SPARKPLUG_NAMESPACE) return parseSparkplug(parts);
  if (`${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return fail(`topic must start with ${TOPIC_ROOT}/`);
  if (parts.length !== 5) return fail(`expected ${TOPIC_ROOT}/{a}/{b}/{kind}, got ${parts.length} levels`);
  const [, , a = '', b = '', kind] = parts;
  if (a === RESERVED_SITE) {
    if (kind !== 'status' && kind !== 'receipts') return fail(`unknown gateway topic kind "${kind}"`);
    if (!ID_PATTERN.test(b)) return fail(`bad gateway id "${b}"`);
    return ok(
      kind === 'status' ? { kind: 'gateway-status', gatewayId: b } : { kind: 'receipts', gatewayId: b },
    );
  }
  if (!ID_PATTERN.test(a)) return fail(`bad site id "${a}"`);
  if (!ID_PATTERN.test(b)) return fail(`bad asset id "${b}"`);
  if (kind === 'telemetry') return ok({ kind: 'telemetry', siteId: a, assetId: b });
  if (kind === 'alerts') return ok({ kind: 'alerts', siteId: a, assetId: b });
  return fail(`unknown topic kind "${kind}"`);
}

function parseSparkplug(parts: string[]): TopicParseResult {
  const [, groupId = '', type = '', nodeId = '', deviceId, ...rest] = parts;
  if (rest.length > 0 || parts.length < 4) return fail('sparkplug topic must have 4 or 5 levels');
  if (!(SPARKPLUG_TYPES as readonly string[]).includes(type)) return fail(`unknown sparkplug type "${type}"`);
  const spType = type as SparkplugType;
  if (!ID_PATTERN.test(groupId)) return fail(`bad group id "${groupId}"`);
  if (!ID_PATTERN.test(nodeId)) return fail(`bad node id "${nodeId}"`);
  const isDevice = spType.startsWith('D');
  if (isDevice !== (deviceId !== undefined)) {
    return fail(isDevice ? `${spType} needs a device id` : `${spType} takes no device id`);
  }
  if (deviceId !== undefined && !ID_PATTERN.test(deviceId)) return fail(`bad device id "${deviceId}"`);
  return ok({ kind: 'sparkplug', groupId, type: spType, nodeId, ...(deviceId ? { deviceId } : {}) });
}

function ok(topic: ParsedTopic): TopicParseResult {
  return { ok: true, topic };
}

function fail(reason: string): TopicParseResult {
  return { ok: false, reason };
}
