import { join } from 'node:path';
import { loadIms } from '../datasets/ims.js';
import { ALARM_THRESHOLDS, createDetector, DEFAULT_DETECTOR } from '../detectors/registry.js';
import { type AlarmSummary, alarmsOf } from '../eval/lead-time.js';
import { datasetDir, emitJson, numberFlag, parseFlags } from './args.js';

const iso = (t: number | undefined) =>
  t === undefined ? '-' : new Date(t).toISOString().slice(0, 16).replace('T', ' ');

/** `eval ims`: streams each bearing of IMS test 2 through the edge's detectors and reports alarms. */
export async function evalImsCommand(argv: string[]): Promise<void> {
  const f = parseFlags(argv, { detector: { type: 'string' }, threshold: { type: 'string' } });
  const path = join(datasetDir(f.data, 'ims-bearing'), 'merged_dataset_BearingTest_2.csv');
  const test = await loadIms(path);
  const end = test.times[test.times.length - 1] as number;
  const names =
    typeof f.detector === 'string' ? f.detector.split(',') : ['baseline', DEFAULT_DETECTOR, 'ewma-z'];
  const figures: Record<string, Record<string, AlarmSummary & { threshold: number }>> = {};
  console.log(`IMS test 2: ${test.times.length} snapshots, last ${iso(end)}; bearing 1 failed (outer race)`);
  for (const name of names) {
    const threshold = numberFlag(f.threshold, ALARM_THRESHOLDS[name] ?? 0.5);
    figures[name] = {};
    console.log(`\n${name} (alarm at score >= ${threshold.toFixed(3)})`);
    for (const b of test.bearings) {
      const s = alarmsOf({ times: test.times, values: b.values }, createDetector(name), { threshold, end });
      (figures[name] as Record<string, AlarmSummary & { threshold: number }>)[b.name] = { ...s, threshold };
      const lead =
        s.hoursBeforeEnd === undefined ? 'no alarm' : `${s.hoursBeforeEnd.toFixed(1)} h before the end`;
      console.log(
        `  ${b.name}: first alarm ${iso(s.firstAlarm)} (${lead}), ${s.alarms} alarm rows, episodes ${s.episodes.map(iso).join(', ') || '-'}`,
      );
    }
  }
  emitJson(f.json === true, {
    command: 'eval ims',
    snapshots: test.times.length,
    end: iso(end),
    detectors: figures,
  });
}
