/**
 * `npm run train:soh`: trains the rapid-SoH models from ../shared and writes models/soh-pulse.json and
 * models/soh-eis.json. Deterministic (fixed seed, no timestamps): running it twice yields byte-identical files, and
 * each artifact records the sha256 of the data it came from, the seed and the grouped-CV metrics.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { cellKey, readPulseBatCsv, sha256File } from '../src/diagnostics/adapters/pulsebat.js';
import { readNrelEisCsv } from '../src/diagnostics/adapters/nrel-eis.js';
import { EIS_ARTIFACT_PATH, NREL_EIS_CSV, PULSE_ARTIFACT_PATH, PULSEBAT_W3000_CSV, REPO_ROOT, SHARED_DIR } from '../src/diagnostics/adapters/files.js';
import { EIS_ARTIFACT_KIND, PULSE_ARTIFACT_KIND, type ChemistryModel, type EisArtifact, type PulseArtifact } from '../src/diagnostics/core/artifact.js';
import { halfWidth } from '../src/diagnostics/core/conformal.js';
import { predictEis } from '../src/diagnostics/core/eis.js';
import { trainEis } from '../src/diagnostics/core/eis-training.js';
import { coverage, maePct, mapePct } from '../src/diagnostics/core/metrics.js';
import { featureNames } from '../src/diagnostics/core/physics-features.js';
import { PULSE_PROTOCOL_V1 } from '../src/diagnostics/core/protocol.js';
import { DEFAULT_PULSE_PARAMS } from '../src/diagnostics/core/soh-model.js';
import { DEFAULT_TRAIN_OPTIONS, nestedConformal, trainChemModel, type LabelledRow } from '../src/diagnostics/core/training.js';
import { PULSE_CHEMISTRIES } from '../src/diagnostics/core/types.js';

const SEED = DEFAULT_TRAIN_OPTIONS.seed;
const r6 = (x: number) => Number(x.toFixed(6));
const shortHash = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 12);
const rel = (p: string) => relative(SHARED_DIR, p);

function writeArtifact(path: string, a: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(a) + '\n');
  process.stdout.write(`wrote ${relative(REPO_ROOT, path)}\n`);
}

function trainPulse(): PulseArtifact {
  const sha256 = sha256File(PULSEBAT_W3000_CSV);
  const all = readPulseBatCsv(PULSEBAT_W3000_CSV);
  // SoC, Q and SOH are never inputs: rows carry only chem, Qn and U1..U21 besides the label and the cell group.
  const rows: (LabelledRow & { qnAh: number })[] = all.map((r) => ({ chem: r.chem, qnAh: r.qnAh, u: r.u, soh: r.soh, group: cellKey(r) }));
  const chemistries: Record<string, ChemistryModel> = {};
  for (const chem of PULSE_CHEMISTRIES) {
    const t0 = Date.now();
    const R = rows.filter((r) => r.chem === chem);
    const trained = trainChemModel(R, DEFAULT_PULSE_PARAMS, DEFAULT_TRAIN_OPTIONS);
    const nested = nestedConformal(R, DEFAULT_PULSE_PARAMS, DEFAULT_TRAIN_OPTIONS);
    const y = R.map((r) => r.soh);
    const u1 = R.map((r) => r.u[0]);
    chemistries[chem] = {
      nRows: R.length,
      nCells: new Set(R.map((r) => r.group)).size,
      qnAhSeen: [...new Set(R.map((r) => r.qnAh))].sort((a, b) => a - b),
      u1RangeV: [Math.min(...u1), Math.max(...u1)],
      ranges: trained.ranges,
      model: trained.model,
      conformal: trained.conformal,
      cv: { mapePct: r6(mapePct(y, trained.oof.pred)), maePct: r6(maePct(y, trained.oof.pred)), coverage: r6(coverage(y, nested.low, nested.high)) },
    };
    process.stdout.write(`pulse ${chem}: ${R.length} rows, grouped-CV MAPE ${chemistries[chem].cv.mapePct.toFixed(2)} %, nested coverage ${(100 * chemistries[chem].cv.coverage).toFixed(1)} % (${Date.now() - t0} ms)\n`);
  }
  return {
    kind: PULSE_ARTIFACT_KIND,
    modelVersion: `soh-pulse-1.0.0+${shortHash(sha256, JSON.stringify(DEFAULT_PULSE_PARAMS), String(SEED))}`,
    protocolId: PULSE_PROTOCOL_V1.id,
    data: { file: rel(PULSEBAT_W3000_CSV), sha256, rows: rows.length, cells: new Set(rows.map((r) => r.group)).size },
    seed: SEED,
    featureSpec: DEFAULT_PULSE_PARAMS.featureSpec,
    featureNames: featureNames(DEFAULT_PULSE_PARAMS.featureSpec),
    params: DEFAULT_PULSE_PARAMS,
    chemistries,
  };
}

function trainEisArtifact(): EisArtifact {
  const t0 = Date.now();
  const sha256 = sha256File(NREL_EIS_CSV);
  const rows = readNrelEisCsv(NREL_EIS_CSV).map((r) => ({ ...r, soh: r.q, group: `series${r.seriesIdx}` }));
  const train = rows.filter((r) => !r.isTest);
  const test = rows.filter((r) => r.isTest);
  const t = trainEis(train, SEED);
  const pred = test.map((r) => predictEis(t.model, r));
  const ok = pred.map((p, i) => ('soh' in p ? { p, r: test[i] } : null)).filter((x) => x !== null);
  const y = ok.map((x) => x.r.soh);
  const yp = ok.map((x) => x.p.soh);
  const hw = ok.map((x) => halfWidth(t.conformal, x.p.difficulty));
  const metrics = {
    testRows: test.length,
    testRefused: test.length - ok.length,
    testMaePct: r6(maePct(y, yp)),
    testMapePct: r6(mapePct(y, yp)),
    testCoverage: r6(coverage(y, yp.map((v, i) => v - hw[i]), yp.map((v, i) => v + hw[i]))),
    trainCvMaePct: r6(Math.min(...t.candidates.map((c) => c.cvMaePct))),
  };
  process.stdout.write(`eis: chose ${t.params.frequenciesHz.join(', ')} Hz${t.params.useTemperature ? ' + temperature' : ''}, test MAE ${metrics.testMaePct.toFixed(2)} % (${Date.now() - t0} ms)\n`);
  return {
    kind: EIS_ARTIFACT_KIND,
    modelVersion: `soh-eis-1.0.0+${shortHash(sha256, JSON.stringify(t.params), String(SEED))}`,
    data: { file: rel(NREL_EIS_CSV), sha256, rows: train.length, cells: new Set(train.map((r) => r.group)).size },
    seed: SEED,
    model: t.model,
    conformal: t.conformal,
    metrics: { ...metrics, ...Object.fromEntries(t.candidates.map((c) => [`cvMaePct[${c.frequenciesHz.join('+')}Hz${c.useTemperature ? '+T' : ''}${c.krrWeight ? '+krr' : ''}]`, r6(c.cvMaePct)])) },
  };
}

writeArtifact(PULSE_ARTIFACT_PATH, trainPulse());
writeArtifact(EIS_ARTIFACT_PATH, trainEisArtifact());
