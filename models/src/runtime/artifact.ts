import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { type ModelCard, ModelCardError, parseModelCard } from './card.js';

export interface LoadedArtifact {
  model: tf.LayersModel;
  card: ModelCard;
  dir: string;
}

const WEIGHTS_FILE = 'weights.bin';

/** `<root>/<name>/<version>` */
export function artifactDir(root: string, name: string, version: string): string {
  return join(root, name, version);
}

/** Writes `model.json`, `weights.bin` and `card.json` (validated first) into `dir`. */
export async function saveArtifact(dir: string, model: tf.LayersModel, card: ModelCard): Promise<void> {
  const valid = parseModelCard(card);
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const data = a.weightData;
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : concat(data ?? []);
      const modelJson = {
        format: a.format,
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: a.weightSpecs ?? [] }],
      };
      await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
      await writeFile(join(dir, WEIGHTS_FILE), bytes);
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  await writeFile(join(dir, 'card.json'), `${JSON.stringify(valid, null, 2)}\n`);
}

function concat(parts: ArrayBuffer[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}

/** Reads and validates `card.json` only. */
export async function readCard(dir: string): Promise<ModelCard> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, 'card.json'), 'utf8'));
  } catch (err) {
    throw new ModelCardError(`cannot read ${join(dir, 'card.json')}`, [String(err)]);
  }
  return parseModelCard(raw, join(dir, 'card.json'));
}

/** Loads a model and its card; the card is validated before any weights are read. */
export async function loadArtifact(dir: string): Promise<LoadedArtifact> {
  const card = await readCard(dir);
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = await Promise.all(
    json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(join(dir, p))),
  );
  const bytes = concat(
    buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer),
  );
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: specs,
      weightData: bytes.buffer as ArrayBuffer,
    }),
  );
  return { model, card, dir };
}

/** Versions present under `<root>/<name>`, oldest first (`v2` before `v10`). */
export async function listVersions(root: string, name: string): Promise<string[]> {
  try {
    return (await readdir(join(root, name))).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } catch {
    return [];
  }
}

/** The newest version under `<root>/<name>`, if any. */
export async function latestVersion(root: string, name: string): Promise<string | undefined> {
  return (await listVersions(root, name)).at(-1);
}
