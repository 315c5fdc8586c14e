import { timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Logger } from 'pino';
import { installFloodGuard } from './flood-guard.js';

export interface EmbeddedBrokerUser {
  username: string;
  password: string;
  /** Topic filters (MQTT wildcards allowed) this user may publish to. Empty: nothing. */
  publish?: string[];
  /** Topic filters this user may subscribe to; a subscription must lie inside one of them. */
  subscribe?: string[];
}

export interface EmbeddedBrokerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  users?: EmbeddedBrokerUser[];
  /** Anonymous clients may connect and use every topic (tests and closed networks only). */
  allowAnonymous?: boolean;
  logger?: Logger;
}

export interface EmbeddedBroker {
  url: string;
  port: number;
  /** Counters of refused connections, publishes and subscriptions. */
  denials(): { connect: number; publish: number; subscribe: number };
  /** Clients disconnected because they did not drain while the broker's queue was full. */
  slowClientsCutOff(): number;
  close(): Promise<void>;
}

/**
 * An in-process aedes broker for gateways whose devices have no broker: per-device credentials
 * and topic ACLs. Clients that cannot keep up are cut off rather than queued without bound.
 */
export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const users = new Map((opts.users ?? []).map((u) => [u.username, u]));
  const denials = { connect: 0, publish: 0, subscribe: 0 };
  const aclOf = (client: Client | null): EmbeddedBrokerUser | undefined =>
    client ? users.get(String((client as Client & { pdmUser?: string }).pdmUser ?? '')) : undefined;

  const broker = await Aedes.createBroker({
    // A subscriber whose socket stays full this long is dropped instead of holding the broker.
    drainTimeout: 10_000,
    authenticate: (client, username, password, done) => {
      const user = username === undefined ? undefined : users.get(username);
      if (user && password !== undefined && sameSecret(password, user.password)) {
        (client as Client & { pdmUser?: string }).pdmUser = user.username;
        return done(null, true);
      }
      if (username === undefined && opts.allowAnonymous) return done(null, true);
      denials.connect++;
      const err = new Error('bad username or password') as AuthenticateError;
      err.returnCode = 4;
      done(err, false);
    },
    authorizePublish: (client, packet, done) => {
      const user = aclOf(client);
      if (!client || (!user && opts.allowAnonymous)) return done(null);
      if (user && (user.publish ?? []).some((f) => topicMatches(f, packet.topic))) return done(null);
      denials.publish++;
      done(new Error(`publish to ${packet.topic} not allowed`));
    },
    authorizeSubscribe: (client, sub, done) => {
      const user = aclOf(client);
      if (!user && opts.allowAnonymous) return done(null, sub);
      if (user && (user.subscribe ?? []).some((f) => filterCovers(f, sub.topic))) return done(null, sub);
      denials.subscribe++;
      // A null subscription is refused with SUBACK 0x80; the client stays connected.
      done(null, null);
    },
  });
  const guard = installFloodGuard(broker, { ...(opts.logger ? { logger: opts.logger } : {}) });
  broker.on('clientError', (client, err) =>
    opts.logger?.debug({ client: client?.id, err: err.message }, 'client error'),
  );
  const server = createServer((socket) => broker.handle(socket));
  server.on('error', (err) => opts.logger?.error({ err: err.message }, 'embedded broker server error'));
  server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  return {
    url: `mqtt://${host}:${port}`,
    port,
    denials: () => ({ ...denials }),
    slowClientsCutOff: () => guard.cutOff(),
    close: async () => {
      guard.stop();
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sameSecret(given: Buffer, expected: string): boolean {
  const want = Buffer.from(expected, 'utf8');
  return given.length === want.length && timingSafeEqual(given, want);
}

/** Whether a topic name matches a filter with `+` and `#` wildcards. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const part = f[i];
    if (part === '#') return !(i === 0 && (t[0] ?? '').startsWith('$'));
    if (i >= t.length) return false;
    if (part === '+') {
      if (i === 0 && (t[0] ?? '').startsWith('$')) return false;
      continue;
    }
    if (part !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Whether every topic that `inner` matches is also matched by `outer`. */
export function filterCovers(outer: string, inner: string): boolean {
  const o = outer.split('/');
  const n = inner.split('/');
  for (let i = 0; i < o.length; i++) {
    const part = o[i];
    if (part === '#') return true;
    const other = n[i];
    if (other === undefined || other === '#') return false;
    if (part === '+') {
      continue;
    }
    if (other === '+' || part !== other) return false;
  }
  return o.length === n.length;
}
