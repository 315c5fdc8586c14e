// The embedded broker in a process of its own, so it can be killed, stopped and restarted.
// Usage: broker-main.ts <port>; users come as JSON in PDM_CHAOS_BROKER_USERS.
import { type EmbeddedBrokerUser, startEmbeddedBroker } from '@pdm/edge';

const port = Number(process.argv[2] ?? 0);
const users = JSON.parse(process.env.PDM_CHAOS_BROKER_USERS ?? '[]') as EmbeddedBrokerUser[];
const broker = await startEmbeddedBroker({ host: '127.0.0.1', port, users });
console.log(`broker ready ${broker.port}`);
const report = () => console.log(`broker denials ${JSON.stringify(broker.denials())}`);
process.on('SIGUSR2', report);
const stop = () => {
  report();
  void broker.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
