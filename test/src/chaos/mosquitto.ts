// Mosquitto with our own configuration (port, users, ACLs, queue limits) as a managed process.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForPort } from './ports.js';
import type { ManagedProcess, ProcessGroup } from './process.js';
import type { BrokerUser } from './users.js';

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';

export interface MosquittoOptions {
  dir: string;
  port: number;
  users: readonly BrokerUser[];
  /** Per-session queue limit (Mosquitto's default of 1,000 drops silently). */
  maxQueued?: number;
  persistence?: boolean;
}

/** Write config, password and ACL files into `dir`, start Mosquitto, wait for its listener. */
export async function startMosquitto(group: ProcessGroup, opts: MosquittoOptions): Promise<ManagedProcess> {
  const passwords = join(opts.dir, 'passwords');
  writeFileSync(passwords, '', { mode: 0o644 });
  for (const u of opts.users) execFileSync('mosquitto_passwd', ['-b', passwords, u.username, u.password]);
  const acl = opts.users
    .map((u) =>
      [
        `user ${u.username}`,
        ...(u.publish ?? []).map((t) => `topic write ${t}`),
        ...(u.subscribe ?? []).map((t) => `topic read ${t}`),
      ].join('\n'),
    )
    .join('\n\n');
  writeFileSync(join(opts.dir, 'acl'), `${acl}\n`);
  const conf = [
    // When started as root Mosquitto would switch to its own user, which cannot read our files.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    `listener ${opts.port} 127.0.0.1`,
    'allow_anonymous false',
    `password_file ${passwords}`,
    `acl_file ${join(opts.dir, 'acl')}`,
    `max_queued_messages ${opts.maxQueued ?? 100_000}`,
    `persistence ${opts.persistence ? 'true' : 'false'}`,
    `persistence_location ${opts.dir}/`,
    'log_dest stdout',
    'log_type error',
    'log_type warning',
    'log_type notice',
  ].join('\n');
  writeFileSync(join(opts.dir, 'mosquitto.conf'), `${conf}\n`);
  const proc = group.start({
    name: 'mosquitto',
    command: MOSQUITTO_BIN,
    args: ['-c', join(opts.dir, 'mosquitto.conf')],
  });
  await waitForPort(opts.port);
  if (!proc.running) throw new Error(`mosquitto exited:\n${proc.output()}`);
  return proc;
}
