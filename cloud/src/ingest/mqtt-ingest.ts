// MQTT transport: alerts (optionally through a shared subscription) and gateway status. A QoS 1
// message is acknowledged only after its transaction committed, so a crash means redelivery, and
// redelivery is harmless because ingest is idempotent by alert id. Each committed alert (and each
// duplicate of a committed one) is answered with a receipt to its gateway (receipt-publisher.ts).
import { AppError, describeIssues, GatewayStatusSchema, parseTopic, TOPIC_FILTERS } from '@pdm/shared';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { CloudConfig } from '../config.js';
import { isTransient } from '../db/database.js';
import { listGateways } from '../services/list-gateways.js';
import { recordGatewayStatus } from '../services/record-gateway-status.js';
import { type IntakeDeps, intakeRaw, rejectMessage } from './alert-intake.js';
import { ReceiptPublisher } from './receipt-publisher.js';

export interface MqttIngest {
  stop(): Promise<void>;
}

/** The alert filter, shared between instances of one group when a group is configured. */
export function alertFilter(shareGroup: string | undefined): string {
  return shareGroup ? `$share/${shareGroup}/${TOPIC_FILTERS.alerts}` : TOPIC_FILTERS.alerts;
}

export async function startMqttIngest(
  deps: IntakeDeps & { logger: Logger },
  options: NonNullable<CloudConfig['mqtt']>,
): Promise<MqttIngest> {
  const logger = deps.logger.child({ component: 'mqtt-ingest' });
  let stopping = false;
  // A fixed client id gets a persistent session: messages delivered while this instance was down
  // or unacknowledged when it stopped are redelivered when it comes back.
  const persistent = options.clientId !== undefined;
  const protocolVersion = options.shareGroup ? 5 : 4;
  const client: MqttClient = mqtt.connect(options.url, {
    username: options.username,
    password: options.password,
    clientId: options.clientId ?? `pdm-cloud-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    protocolVersion,
    reconnectPeriod: 1_000,
    connectTimeout: 10_000,
    clean: !persistent,
    ...(persistent && protocolVersion === 5 ? { properties: { sessionExpiryInterval: 86_400 } } : {}),
  });
  // Installed before the first CONNACK: a persistent session's queued messages follow it at once,
  // and the default handler would acknowledge and drop them.
  const inFlight = new Set<Promise<void>>();
  // Receipts are not queued while the broker is away (that queue would grow with the outage): the
  // edge resends unreceipted alerts after its receipt timeout, and a resend is receipted again.
  const receipts = new ReceiptPublisher(
    {
      publish: (topic, payload) => {
        if (!client.connected) return false;
        client.publish(topic, payload, { qos: 1 });
        return true;
      },
    },
    deps.ctx.clock,
  );
  const routeDeps: RouteDeps = { ...deps, receipts };
  client.handleMessage = (packet, done) => {
    const work = handle(routeDeps, packet, () => stopping)
      .then(() => done())
      .catch((err: unknown) => {
        // Not acknowledged: the broker redelivers after reconnect.
        logger.error({ err, topic: packet.topic }, 'message left unacknowledged');
      })
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  };
  const first = await firstConnect(client);
  client.on('error', (err) => logger.warn({ err: err.message }, 'mqtt error'));
  client.on('reconnect', () => logger.info('mqtt reconnecting'));
  const subscribe = () =>
    client.subscribeAsync({
      [alertFilter(options.shareGroup)]: { qos: 1 },
      [TOPIC_FILTERS.gatewayStatus]: { qos: 1 },
    });
  // Without a session the broker kept nothing for us: alerts published before the subscription
  // reached nobody. Every known gateway is asked to resend what it has no receipt for.
  const askForResends = async () => {
    const known = await listGateways({ ctx: deps.ctx, input: {} });
    receipts.askResend(known.map((g) => g.id));
    logger.info({ gateways: known.length }, 'asked gateways to resend unreceipted alerts');
  };
  await subscribe();
  if (!first.sessionPresent)
    await askForResends().catch((err: unknown) => logger.error({ err }, 'resend request failed'));
  client.on('connect', (ack) => {
    if (ack.sessionPresent) return;
    subscribe()
      .then(askForResends)
      .catch((err: unknown) => logger.error({ err }, 'resubscribe failed'));
  });
  logger.info({ url: options.url, filter: alertFilter(options.shareGroup) }, 'mqtt ingest subscribed');
  return {
    stop: async () => {
      stopping = true;
      // Let messages being written finish and be acknowledged before the connection closes.
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => setTimeout(resolve, 5_000)),
      ]);
      receipts.flush();
      await client.endAsync();
    },
  };
}

/** Poison messages (failing for another reason than the database) get this many tries. */
const MAX_PERMANENT_FAILURES = 3;

/**
 * Retries a message while the database is busy or unreachable (until the ingest stops); a message
 * that keeps failing for any other reason is dead-lettered and acknowledged, so one bad message
 * cannot block the stream.
 */
async function handle(deps: RouteDeps, packet: IPublishPacket, stopped: () => boolean): Promise<void> {
  let permanentFailures = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      await route(deps, packet);
      return;
    } catch (err) {
      if (stopped()) throw err;
      // A refusal (4xx) will not change on a retry; other failures get a few tries.
      const refused = err instanceof AppError && err.status < 500;
      if (refused || (!isTransient(err) && ++permanentFailures >= MAX_PERMANENT_FAILURES)) {
        const payload = Buffer.from(packet.payload).toString('utf8');
        const reason = `ingest failed: ${err instanceof Error ? err.message : String(err)}`;
        await rejectMessage(deps, { source: 'mqtt', topic: packet.topic, reason, payload });
        return;
      }
      deps.logger.warn({ err, topic: packet.topic, attempt }, 'ingest failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * 2 ** attempt)));
    }
  }
}

type RouteDeps = IntakeDeps & { receipts: ReceiptPublisher };

async function route(deps: RouteDeps, packet: IPublishPacket): Promise<void> {
  const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
  const parsed = parseTopic(packet.topic);
  if (parsed.ok && parsed.topic.kind === 'alerts') {
    const outcome = await intakeRaw(deps, { payload, topic: packet.topic });
    // Committed or already committed: receipt it. Rejected alerts get none and stay at the edge.
    if (outcome.ok) deps.receipts.add(outcome.alert.gatewayId, outcome.alert.id);
    return;
  }
  if (parsed.ok && parsed.topic.kind === 'gateway-status') {
    if (payload.length === 0) return; // a cleared retained status
    const status = safeJson(payload, (v) => GatewayStatusSchema.safeParse(v));
    if (status.ok && status.value.gatewayId === parsed.topic.gatewayId) {
      await recordGatewayStatus({ ctx: deps.ctx, input: { status: status.value } });
      return;
    }
    const reason = status.ok ? 'gatewayId does not match the topic' : status.reason;
    await rejectMessage(deps, {
      source: 'mqtt',
      topic: packet.topic,
      reason,
      payload: payload.toString('utf8'),
    });
    return;
  }
  const reason = parsed.ok ? `unexpected topic kind ${parsed.topic.kind}` : parsed.reason;
  await rejectMessage(deps, {
    source: 'mqtt',
    topic: packet.topic,
    reason,
    payload: payload.toString('utf8'),
  });
}

function safeJson<T>(
  payload: Buffer,
  parse: (v: unknown) => { success: true; data: T } | { success: false; error: import('zod').ZodError },
): { ok: true; value: T } | { ok: false; reason: string } {
  try {
    const result = parse(JSON.parse(payload.toString('utf8')));
    return result.success
      ? { ok: true, value: result.data }
      : { ok: false, reason: describeIssues(result.error) };
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
}

/** Resolve on the first CONNACK; on an error before it, give up the client and reject. */
function firstConnect(client: MqttClient): Promise<{ sessionPresent: boolean }> {
  return new Promise((resolve, reject) => {
    const onConnect = (ack: { sessionPresent: boolean }) => {
      client.off('error', onError);
      resolve({ sessionPresent: ack.sessionPresent });
    };
    const onError = (err: Error) => {
      client.off('connect', onConnect);
      client.end(true);
      reject(err);
    };
    client.once('connect', onConnect);
    client.once('error', onError);
  });
}
