/**
 * Generates docs/soh-validation.md: (a) the paper's SoC-split protocol, our model next to the random-forest baseline
 * computed in the same run; (b) grouped 5-fold by physical cell (unseen cells, all SoC levels) per chemistry and
 * pooled, MAPE/MAE and nested-conformal interval coverage; (c) the EIS route on the isTest cells next to the published
 * anchors; (d) inference time per prediction with the committed artifacts. Usage: npx tsx scripts/soh-validation.ts
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cellKey, datasetKey, readPulseBatCsv, sha256File, type PulseBatRow } from '../src/diagnostics/adapters/pulsebat.js';
import { readNrelEisCsv } from '../src/diagnostics/adapters/nrel-eis.js';
import { loadEisArtifact, loadPulseArtifact, NREL_EIS_CSV, PULSEBAT_W3000_CSV, REPO_ROOT } from '../src/diagnostics/adapters/files.js';
import { groupedFolds } from '../src/diagnostics/core/cv.js';
import { eisFeatures, predictEis } from '../src/diagnostics/core/eis.js';
import { fitGbt, predictGbt } from '../src/diagnostics/core/gbt.js';
import { fitKernelRidge, predictKernelRidge } from '../src/diagnostics/core/kernel-ridge.js';
import { fitRidge, predictRidge } from '../src/diagnostics/core/linear.js';
import { coverage, maePct, mapePct, mean } from '../src/diagnostics/core/metrics.js';
import { PAPER_CASES, runPaperCase } from '../src/diagnostics/core/paper-protocol.js';
import { featureVector, type FeatureSpec } from '../src/diagnostics/core/physics-features.js';
import { predictFromFeatures } from '../src/diagnostics/core/predict.js';
import { fitRandomForest, PAPER_RF, predictRandomForest } from '../src/diagnostics/core/random-forest.js';
import { DEFAULT_PULSE_PARAMS, fitEnsemble, predictEnsemble, type EnsembleParams } from '../src/diagnostics/core/soh-model.js';
import { DEFAULT_TRAIN_OPTIONS, nestedConformal, type LabelledRow } from '../src/diagnostics/core/training.js';
import { mulberry32, PULSE_CHEMISTRIES } from '../src/diagnostics/core/types.js';

type Row = PulseBatRow & LabelledRow;
const log = (m: string) => process.stderr.write(`${m}\n`);
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const pct1 = (x: number) => `${(100 * x).toFixed(1)} %`;
const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const rows: Row[] = readPulseBatCsv(PULSEBAT_W3000_CSV).map((r) => ({ ...r, group: cellKey(r) }));
const datasets = [...new Set(rows.map(datasetKey))];
const t0 = performance.now();

// ---------- models used in the comparisons (all inputs: chem, Qn, U1..U21 only) ----------
type FitPredict = (train: Row[], test: Row[]) => number[];
const rawSpec: FeatureSpec = { set: 'raw', withChemistry: false };
const rf: FitPredict = (tr, te) => {
  const m = fitRandomForest(tr.map((r) => r.u), tr.map((r) => r.soh), PAPER_RF);
  return te.map((r) => predictRandomForest(m, r.u));
};
const ensemble = (p: EnsembleParams): FitPredict => (tr, te) => {
  const m = fitEnsemble(tr, tr.map((r) => r.soh), p, DEFAULT_TRAIN_OPTIONS.seed);
  return te.map((r) => predictEnsemble(m, r).soh);
};
const ours = ensemble(DEFAULT_PULSE_PARAMS);
const phys = DEFAULT_PULSE_PARAMS.featureSpec;
const single = (kind: 'ridge' | 'krr' | 'gbt', spec: FeatureSpec): FitPredict => (tr, te) => {
  const X = tr.map((r) => featureVector(r, spec));
  const y = tr.map((r) => r.soh);
  if (kind === 'ridge') { const m = fitRidge(X, y, 1); return te.map((r) => predictRidge(m, featureVector(r, spec))); }
  if (kind === 'krr') { const m = fitKernelRidge(X, y, DEFAULT_PULSE_PARAMS.krrGamma, DEFAULT_PULSE_PARAMS.krrLambda); return te.map((r) => predictKernelRidge(m, featureVector(r, spec))); }
  const m = fitGbt(X, y, DEFAULT_PULSE_PARAMS.gbt);
  return te.map((r) => predictGbt(m, featureVector(r, spec)));
};

function groupedOof(R: Row[], fp: FitPredict): number[] {
  const fold = groupedFolds(R.map((r) => r.group), 5, mulberry32(DEFAULT_TRAIN_OPTIONS.seed));
  const pred = new Array<number>(R.length).fill(NaN);
  for (let k = 0; k < 5; k++) {
    const te = R.map((_, i) => i).filter((i) => fold[i] === k);
    const p = fp(R.filter((_, i) => fold[i] !== k), te.map((i) => R[i]));
    te.forEach((i, j) => (pred[i] = p[j]));
  }
  return pred;
}

// ---------- (a) paper protocol ----------
log('(a) paper protocol …');
const paperRows: string[][] = [];
const paperSummary: string[][] = [];
for (const d of datasets) {
  const R = rows.filter((r) => datasetKey(r) === d && r.socKind === 'grid');
  const a: number[] = [];
  const b: number[] = [];
  for (const c of PAPER_CASES) {
    const mo = runPaperCase(R, c.trainSoc, ours);
    const mr = runPaperCase(R, c.trainSoc, rf);
    a.push(mo);
    b.push(mr);
    paperRows.push([d, `${c.name} (${c.kind}) [${c.trainSoc.join(',')}]`, f2(mo), f2(mr)]);
  }
  paperSummary.push([d, f2(mean(a)), f2(mean(b))]);
}

// ---------- (b) grouped 5-fold by physical cell ----------
log('(b) grouped 5-fold, nested conformal …');
const perChem = new Map<string, { pred: number[]; low: number[]; high: number[]; rf: number[] }>();
for (const chem of PULSE_CHEMISTRIES) {
  const R = rows.filter((r) => r.chem === chem);
  const n = nestedConformal(R, DEFAULT_PULSE_PARAMS, DEFAULT_TRAIN_OPTIONS);
  perChem.set(chem, { ...n, rf: groupedOof(R, rf) });
}
log('(b) pooled cross-chemistry model …');
const pooledSpec: EnsembleParams = { ...DEFAULT_PULSE_PARAMS, featureSpec: { set: 'physics', withChemistry: true } };
const pooledPred = groupedOof(rows, ensemble(pooledSpec));
const groupedRows: string[][] = [];
const overall = { mape: NaN, coverage: NaN };
const chemMape: Record<string, number> = {};
const addGrouped = (label: string, sel: (r: Row) => boolean) => {
  const idx: { y: number; p: number; lo: number; hi: number; rf: number; pooled: number }[] = [];
  rows.forEach((r, i) => {
    if (!sel(r)) return;
    const c = perChem.get(r.chem)!;
    const j = rows.filter((x) => x.chem === r.chem).indexOf(r);
    idx.push({ y: r.soh, p: c.pred[j], lo: c.low[j], hi: c.high[j], rf: c.rf[j], pooled: pooledPred[i] });
  });
  const y = idx.map((x) => x.y);
  const mape = mapePct(y, idx.map((x) => x.p));
  if (label === 'all') Object.assign(overall, { mape, coverage: coverage(y, idx.map((x) => x.lo), idx.map((x) => x.hi)) });
  if (label.endsWith('(all formats)')) chemMape[label.split(' ')[0]] = mape;
  const cells = new Set(rows.filter(sel).map((r) => r.group)).size;
  groupedRows.push([
    label, String(cells), String(idx.length),
    f2(mapePct(y, idx.map((x) => x.p))), f2(maePct(y, idx.map((x) => x.p))),
    pct1(coverage(y, idx.map((x) => x.lo), idx.map((x) => x.hi))), f2(100 * mean(idx.map((x) => (x.hi - x.lo) / 2))),
    f2(mapePct(y, idx.map((x) => x.pooled))), f2(mapePct(y, idx.map((x) => x.rf))), f2(maePct(y, idx.map((x) => x.rf))),
  ]);
};
for (const d of datasets) addGrouped(d, (r) => datasetKey(r) === d);
for (const c of PULSE_CHEMISTRIES) addGrouped(`${c} (all formats)`, (r) => r.chem === c);
addGrouped('all', () => true);

log('(b) model selection table …');
const selection: [string, FitPredict][] = [
  ['random forest, raw U1..U21 (paper)', rf],
  ['gradient-boosted trees, raw U1..U21', single('gbt', rawSpec)],
  ['ridge, physics features', single('ridge', phys)],
  ['kernel ridge, physics features', single('krr', phys)],
  ['gradient-boosted trees, physics features', single('gbt', phys)],
  ['ensemble KRR + GBT, physics features (chosen)', ours],
];
const selRows = selection.map(([name, fp]) => {
  const per = PULSE_CHEMISTRIES.map((chem) => {
    const R = rows.filter((r) => r.chem === chem);
    const p = groupedOof(R, fp);
    return { y: R.map((r) => r.soh), p };
  });
  const y = per.flatMap((x) => x.y);
  const p = per.flatMap((x) => x.p);
  return [name, ...per.map((x) => f2(mapePct(x.y, x.p))), f2(mapePct(y, p))];
});

// ---------- (c) EIS ----------
log('(c) EIS …');
const eis = loadEisArtifact();
const eisRows = readNrelEisCsv(NREL_EIS_CSV);
const eisTest = eisRows.filter((r) => r.isTest);
const eisTrain = eisRows.filter((r) => !r.isTest);
const eisPred = eisTest.map((r) => predictEis(eis.model, r));
const eisOk = eisTest.map((r, i) => ({ r, p: eisPred[i] })).filter((x) => 'soh' in x.p) as { r: (typeof eisTest)[number]; p: { soh: number } }[];
const q = eis.conformal.quantile;
const twoF = { frequenciesHz: [1, 1000], useTemperature: false };
const rfEis = fitRandomForest(eisTrain.map((r) => eisFeatures(r, twoF) as number[]), eisTrain.map((r) => r.q), { nTrees: 100, maxDepth: 1000, minSamplesSplit: 2, minSamplesLeaf: 1, bootstrap: true, seed: 1 });
const rfEisPred = eisTest.map((r) => predictRandomForest(rfEis, eisFeatures(r, twoF) as number[]));
const ey = eisOk.map((x) => x.r.q);
const ep = eisOk.map((x) => x.p.soh);

// ---------- (d) inference time ----------
log('(d) inference timing …');
const art = loadPulseArtifact();
const sample = rows.filter((_, i) => i % 3 === 0);
for (const r of sample.slice(0, 50)) predictFromFeatures(art, r); // warm-up (JIT)
const ti = performance.now();
let refused = 0;
for (const r of sample) if (!predictFromFeatures(art, r).ok) refused++;
const usPerPulse = ((performance.now() - ti) * 1000) / sample.length;
const te0 = performance.now();
for (const r of eisTest) predictEis(eis.model, r);
const usPerEis = ((performance.now() - te0) * 1000) / eisTest.length;

// ---------- document ----------
const md = `# Rapid SoH diagnostics — validation

Generated by \`npx tsx scripts/soh-validation.ts\` (do not edit by hand). Data: PulseBat W3000 CSV
(\`${sha256File(PULSEBAT_W3000_CSV).slice(0, 16)}…\`, ${rows.length} grid rows, ${new Set(rows.map((r) => r.group)).size} physical cells —
the share of cells published in ../shared; about 20 % of the cells and all random-SoC rows are held back by the project)
and NREL/DENSO EIS (\`${sha256File(NREL_EIS_CSV).slice(0, 16)}…\`). Model artifact: \`${art.modelVersion}\`, \`${eis.modelVersion}\`.
Inputs are only chemistry, nominal capacity and U1..U21 (pulse route) — never SoC, Q or SOH.
Total run time ${((performance.now() - t0) / 1000).toFixed(0)} s.

## (a) Paper protocol (Tao et al. 2024): split by SoC, same cells in train and test

Grid rows with SoC ≤ 50 %, per dataset, trained on the listed SoC levels, MAPE (%) averaged over the held-out SoC
levels. Baseline: random forest, 20 trees, max depth 64, no bootstrap, all features, min_samples_split 2, on raw
U1..U21, computed in this run (our CART implementation of scikit-learn's algorithm). Ours: the production pipeline
(physics features, kernel ridge + boosted trees) trained on the same rows. The raw-voltage forest memorises which
cell sits at which voltage and therefore transfers poorly across SoC; the physics features (overpotentials relative to
U1) are far less SoC-dependent.

${table(['dataset', 'mean MAPE ours', 'mean MAPE RF baseline'], paperSummary)}

<details><summary>per case</summary>

${table(['dataset', 'case [train SoC %]', 'MAPE ours', 'MAPE RF'], paperRows)}

</details>

## (b) Unseen cells: 5-fold grouped by physical cell, all SoC levels

Folds group rows by \`cell_no\` within each dataset (NMC 2.1 Ah: several ageing stages of one cell stay together).
The production model is one model per chemistry (NMC 2.1 Ah and 21 Ah cells share the NMC model: the features are
normalised by Qn). Interval: split-conformal on grouped out-of-fold residuals, nominal 90 %; coverage is nested (the
calibration of each outer fold never sees its cells). "Pooled" is a single cross-chemistry model (one-hot chemistry
and log Qn added). MAPE in %, MAE and half-width in SoH percentage points.

${table(['data', 'cells', 'rows', 'MAPE ours', 'MAE ours', 'coverage (90 % nominal)', 'mean half-width', 'MAPE pooled', 'MAPE RF', 'MAE RF'], groupedRows)}

### Model selection (grouped 5-fold out-of-fold MAPE %, per chemistry)

${table(['model', ...PULSE_CHEMISTRIES, 'all rows'], selRows)}

Hyper-parameters (${JSON.stringify({ krrGamma: DEFAULT_PULSE_PARAMS.krrGamma, krrLambda: DEFAULT_PULSE_PARAMS.krrLambda, gbt: DEFAULT_PULSE_PARAMS.gbt })})
were chosen on these grouped folds only. During development, normalising the conformal score by the disagreement of
the two ensemble members (\`normalised: true\`, floor 0.01) gave nested coverage NMC 92.3 %, LMO 88.7 %, LFP 86.1 % with
wider LFP intervals — no gain — so intervals have a constant width per chemistry (not recomputed by this script).

**Reading the numbers.** Target: MAPE ≤ 3 % on unseen cells. Reached over all rows (${f2(overall.mape)} %) and for
NMC (${f2(chemMape.NMC)} %) and LMO (${f2(chemMape.LMO)} %); not for LFP (${f2(chemMape.LFP)} %: flat OCV, so the unknown SoC is
hard to locate) nor for the NMC 2.1 Ah cylinders alone (only 10 physical cells). The NMC interval has one width for
both NMC formats, so it under-covers the 2.1 Ah cells and over-covers the 21 Ah cells; coverage over all rows is
${pct1(overall.coverage)} for a 90 % target. These are cells from ../shared; the project's held-back cells will tell
whether the grouped-CV estimate holds.

## (c) Impedance route (NREL/DENSO, Gasper et al. 2022), test = \`isTest\` cells

Features chosen by grouped 5-fold CV on the training cells only: ${eis.model.params.frequenciesHz.join(' Hz and ')} Hz (Re, Im)${eis.model.params.useTemperature ? ' + cell temperature' : ''}.

${table(['model', 'test MAE (%)', 'test MAPE (%)', 'interval coverage (90 % nominal)'], [
  ['ours (artifact)', f2(maePct(ey, ep)), f2(mapePct(ey, ep)), pct1(coverage(ey, ep.map((v) => v - q), ep.map((v) => v + q)))],
  ['random forest, 100 trees, Re/Im at 1 Hz and 1 kHz (this run)', f2(maePct(eisTest.map((r) => r.q), rfEisPred)), f2(mapePct(eisTest.map((r) => r.q), rfEisPred)), '—'],
  ['published: RF, two frequencies', '2.6', '—', '—'],
  ['published: ensemble (linear + GPR + RF)', '1.9', '—', '—'],
])}

Refused test rows: ${eisTest.length - eisOk.length} of ${eisTest.length}. Grouped-CV MAE of the candidates (training cells):
${Object.entries(eis.metrics).filter(([k]) => k.startsWith('cvMae')).map(([k, v]) => `${k.slice(9, -1)} ${f2(v)} %`).join('; ')}.

## (d) Inference time (committed artifacts, this machine)

${table(['route', 'time per prediction'], [
  ['pulse features → SoH + interval + grade', `${usPerPulse.toFixed(0)} µs (${sample.length} rows, ${refused} refused)`],
  ['EIS → SoH', `${usPerEis.toFixed(0)} µs`],
])}
`;
writeFileSync(resolve(REPO_ROOT, 'docs', 'soh-validation.md'), md);
log(`wrote docs/soh-validation.md in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
