// The bare baseline of `pnpm bench edge-drain`, on plain Node with V8 defaults: mqtt.js, JSON.parse
// and a threshold on each reading, nothing else. Args: <url> <clientId> <count>. Prints one JSON line
// when `count` messages went through: first/last message times and CPU time in between.
import mqtt from 'mqtt';

const [url, clientId, countArg] = process.argv.slice(2);
const count = Number(countArg);
let n = 0;
let firstAt = 0;
let cpuAtFirst = 0;
let over = 0;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const client = mqtt.connect(url, { clientId, clean: false });
client.on('message', (_topic, payload) => {
  if (n++ === 0) {
    firstAt = Date.now();
    cpuAtFirst = cpuMs();
  }
  const r = JSON.parse(payload.toString()).readings;
  for (const k in r) if (r[k] > 1e6) over++;
  if (n === count) {
    console.log(JSON.stringify({ firstAt, doneAt: Date.now(), cpuMs: cpuMs() - cpuAtFirst, over }));
  }
});
client.on('connect', () => client.subscribe('pdm/v1/+/+/telemetry', { qos: 1 }));
