/**
 * `batteryloop soh …`: rapid state-of-health from a pulse test (features or raw time series). Uses the committed
 * artifact models/soh-pulse.json (override with --model); no training data is needed at inference.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  formatCsv, loadPulseArtifact, parseCsv, predictFromFeatures, predictFromPulseTest, U_COUNT,
  type PulseArtifact, type PulseTestPrediction, type Refusal,
} from '../diagnostics/index.js';
import { CliError, say } from './io.js';

const OUT_COLUMNS = ['soh_pred', 'soh_low', 'soh_high', 'soh_error'];
const REQUIRED = ['chem', 'Qn_Ah', ...Array.from({ length: U_COUNT }, (_, i) => `U${i + 1}`)];

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function loadArtifact(path?: string): PulseArtifact {
  try {
    return path ? loadPulseArtifact(path) : loadPulseArtifact();
  } catch (e) {
    throw new CliError(`cannot load the SoH model${path ? ` ${path}` : ''}: ${(e as Error).message} (run npm run train:soh)`);
  }
}

/** A numeric cell: empty or non-numeric text becomes NaN so the core refuses it as a missing feature. */
const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? NaN : Number(s));

export interface PredictCsvSummary {
  rows: number;
  predicted: number;
  refused: number;
}

/** Adds soh_pred, soh_low, soh_high (fractions of nominal capacity) and soh_error to every row, order preserved. */
export function predictCsv(inPath: string, outPath: string, modelPath?: string): PredictCsvSummary {
  const table = parseCsv(readText(inPath));
  const missing = REQUIRED.filter((c) => !table.header.includes(c));
  if (missing.length) throw new CliError(`${inPath} lacks column(s) ${missing.join(', ')} (needs chem, Qn_Ah, U1..U${U_COUNT})`);
  const artifact = loadArtifact(modelPath);
  const keep = table.header.map((h, i) => [h, i] as const).filter(([h]) => !OUT_COLUMNS.includes(h));
  const col = (n: string) => table.header.indexOf(n);
  const uCols = REQUIRED.slice(2).map(col);
  let predicted = 0;
  const out = table.rows.map((r) => {
    const p = predictFromFeatures(artifact, { chem: (r[col('chem')] ?? '').trim(), qnAh: num(r[col('Qn_Ah')]), u: uCols.map((i) => num(r[i])) });
    const base = keep.map(([, i]) => r[i] ?? '');
    if (!p.ok) return [...base, '', '', '', `${p.code}: ${p.reason}`];
    predicted++;
    return [...base, p.sohPred.toFixed(6), p.sohLow.toFixed(6), p.sohHigh.toFixed(6), ''];
  });
  try {
    writeFileSync(outPath, formatCsv([...keep.map(([h]) => h), ...OUT_COLUMNS], out));
  } catch (e) {
    throw new CliError(`cannot write ${outPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { rows: out.length, predicted, refused: out.length - predicted };
}

/** Reads a `time_s,current_A,voltage_V` file and predicts; refusals are returned, not thrown. */
export function predictPulseFile(inPath: string, chem: string, qnAh: number, opts: { seriesCells?: number; modelPath?: string } = {}): PulseTestPrediction | Refusal {
  const table = parseCsv(readText(inPath));
  const idx = ['time_s', 'current_A', 'voltage_V'].map((c) => table.header.indexOf(c));
  if (idx.some((i) => i < 0)) throw new CliError(`${inPath} needs the columns time_s,current_A,voltage_V`);
  const series = {
    timeS: table.rows.map((r) => num(r[idx[0]])),
    currentA: table.rows.map((r) => num(r[idx[1]])),
    voltageV: table.rows.map((r) => num(r[idx[2]])),
  };
  return predictFromPulseTest(loadArtifact(opts.modelPath), series, chem, qnAh, { seriesCells: opts.seriesCells });
}

export function registerSohCommands(program: Command): void {
  const soh = program.command('soh').description('rapid state of health from a seconds-long pulse test (docs/pulse-test-protocol.md)');

  soh
    .command('predict')
    .description('SoH for every row of a feature CSV (chem, Qn_Ah, U1..U21); adds soh_pred, soh_low, soh_high, soh_error')
    .requiredOption('--in <csv>', 'input CSV with at least chem,Qn_Ah,U1..U21')
    .requiredOption('--out <csv>', 'output CSV: input rows in order plus the SoH columns')
    .option('--model <json>', 'pulse model artifact (default models/soh-pulse.json)')
    .action((o: { in: string; out: string; model?: string }) => {
      const s = predictCsv(o.in, o.out, o.model);
      say(`${o.out}: ${s.predicted} of ${s.rows} rows predicted, ${s.refused} refused (see soh_error)`);
    });

  soh
    .command('pulse')
    .description('SoH from a raw pulse test time series (time_s,current_A,voltage_V); prints JSON')
    .requiredOption('--in <csv>', 'time series CSV: time_s,current_A,voltage_V (current positive when charging)')
    .requiredOption('--chem <chem>', 'cathode chemistry: NMC, LMO or LFP')
    .requiredOption('--qn-ah <Ah>', 'nominal capacity of the tested unit (Ah)')
    .option('--series-cells <n>', 'cells in series in the tested unit (pack/module voltages are divided by it)', '1')
    .option('--model <json>', 'pulse model artifact (default models/soh-pulse.json)')
    .action((o: { in: string; chem: string; qnAh: string; seriesCells: string; model?: string }) => {
      const qnAh = Number(o.qnAh);
      const seriesCells = Number(o.seriesCells);
      if (!(qnAh > 0)) throw new CliError('--qn-ah must be a positive number of ampere-hours');
      if (!Number.isInteger(seriesCells) || seriesCells < 1) throw new CliError('--series-cells must be a positive integer');
      say(JSON.stringify(predictPulseFile(o.in, o.chem, qnAh, { seriesCells, modelPath: o.model }), null, 2));
    });
}
