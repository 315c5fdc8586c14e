import { join } from 'node:path';
import { loadIms } from '../datasets/ims.js';
import { ALARM_THRESHOLDS, createDetector, DEFAULT_DETECTOR } from '../detectors/registry.js';
import { type AlarmSummary, attributeAlarms, scoresOf, summariseAlarms } from '../eval/lead-time.js';
import { datasetDir, emitJson, numberFlag, parseFlags } from './args.js';

const iso = (t: number | undefined) =>
  t === undefined ? '-' : new Date(t).toISOString().slice(0, 16).replace('T', ' ');

type BearingFigures = AlarmSummary & { threshold: number; attributed: AlarmSummary };

function line(name: string, s: AlarmSummary): string {
  const lead =
    s.hoursBeforeEnd === undefined ? 'no alarm' : `${s.hoursBeforeEnd.toFixed(1)} h before the end`;
  return `${name}: first alarm ${iso(s.firstAlarm)} (${lead}), ${s.alarms} alarm rows, episodes ${s.episodes.map(iso).join(', ') || '-'}`;
}

/**
 * `eval ims`: streams each bearing of IMS test 2 through the edge's detectors and reports alarms,
 * per channel and attributed across the machine's channels (`attributeAlarms`).
 */
export async function evalImsCommand(argv: string[]): Promise<void> {
  const f = parseFlags(argv, { detector: { type: 'string' }, threshold: { type: 'string' } });
  const path = join(datasetDir(f.data, 'ims-bearing'), 'merged_dataset_BearingTest_2.csv');
  const test = await loadIms(path);
  const end = test.times[test.times.length - 1] as number;
  const names =
    typeof f.detector === 'string' ? f.detector.split(',') : ['baseline', DEFAULT_DETECTOR, 'ewma-z'];
  const figures: Record<string, Record<string, BearingFigures>> = {};
  console.log(`IMS test 2: ${test.times.length} snapshots, last ${iso(end)}; bearing 1 failed (outer race)`);
  for (const name of names) {
    const threshold = numberFlag(f.threshold, ALARM_THRESHOLDS[name] ?? 0.5);
    const scores = test.bearings.map((b) => scoresOf(b.values, createDetector(name), test.times));
    const attributed = attributeAlarms(scores, threshold);
    const byBearing: Record<string, BearingFigures> = {};
    console.log(`\n${name} (alarm at score >= ${threshold.toFixed(3)})`);
    test.bearings.forEach((b, k) => {
      const own = summariseAlarms(
        test.times,
        Array.from(scores[k] ?? [], (s) => s >= threshold),
        end,
      );
      const machine = summariseAlarms(test.times, attributed[k] ?? [], end);
      byBearing[b.name] = { ...own, threshold, attributed: machine };
      console.log(`  ${line(b.name, own)}`);
      console.log(`    attributed: ${line(b.name, machine)}`);
    });
    figures[name] = byBearing;
  }
  emitJson(f.json === true, {
    command: 'eval ims',
    snapshots: test.times.length,
    end: iso(end),
    detectors: figures,
  });
}
