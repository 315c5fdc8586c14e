// `pnpm bench edge [--json] [--runs 3] [--messages 200000] [--quick]`: every edge figure in one run:
// in-process pipeline throughput (with and without the tfjs model), drain capacity through Mosquitto
// side by side with Node-RED and bare mqtt.js, alert latency, and peak memory at 10,000 sensors.
import { drainFigures } from './edge-drain.js';
import { latencyFigures } from './edge-latency.js';
import { pipelineFigures } from './edge-pipeline.js';
import { hasFlag, option, report } from './lib/report.js';

export async function main(args: string[]): Promise<void> {
  const quick = hasFlag(args, '--quick');
  const runs = option(args, '--runs', quick ? '1' : '3');
  const messages = option(args, '--messages', quick ? '50000' : '200000');
  const pipeline = await pipelineFigures(['--runs', runs, '--model']);
  const drain = await drainFigures(['--runs', runs, '--messages', messages]);
  const latency = await latencyFigures(['--alerts', quick ? '50' : '200']);
  const figures = {
    ...pipeline,
    ...drain,
    ...latency,
    target_readings_per_s: 1_000_000,
    target_peak_rss_mb: 150,
  };
  report('edge agent', figures, args);
}
