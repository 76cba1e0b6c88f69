/**
 * `batteryloop twin …`: offline digital-twin tools over CSV files.
 * - `twin replay`: runs the twin reducer over a logged run (time_s,current_A,voltage_V[,temperature_C]; positive
 *   current = discharge) and writes time_s,soc,soc_sigma,soe_Wh,sop_discharge_W,sop_charge_W,sos (SoP: 10 s pulse).
 *   Parameters: the chemistry's documented defaults scaled by capacity (chemistry guessed from the OCV table), R0
 *   identified online, Arrhenius-scaled to --temperature-c or the temperature column.
 * - `twin fit`: identifies the 2-RC parameters from a pulse test and prints them as JSON.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CsvFormatError, ocvTableFromCsv, readNumericCsv, requireColumn, type NumericCsv } from '../twin/adapters/csv.js';
import { fitCell, type FitResult } from '../twin/core/fit.js';
import { replayRun } from '../twin/core/replay.js';
import type { Chemistry } from '../twin/core/model/chemistry.js';
import { CliError, say } from './io.js';

function readCsv(path: string): NumericCsv {
  try {
    return readNumericCsv(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code}`);
    if (e instanceof CsvFormatError) throw new CliError(e.message);
    throw e;
  }
}

function column(csv: NumericCsv, name: string, path: string): Float64Array {
  try {
    return requireColumn(csv, name, path);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

function readOcv(path: string, where?: string) {
  let csv = readCsv(path);
  if (where) {
    const m = /^([^=]+)=(.+)$/.exec(where);
    if (!m) throw new CliError('--ocv-where must look like column=value');
    const key = column(csv, m[1], path);
    const want = Number(m[2]);
    const keep: number[] = [];
    key.forEach((v, i) => v === want && keep.push(i));
    if (keep.length === 0) throw new CliError(`--ocv-where ${where}: no rows match`);
    csv = { header: csv.header, rows: keep.length, columns: new Map([...csv.columns].map(([k, v]) => [k, Float64Array.from(keep, (i) => v[i])])) };
  }
  try {
    return ocvTableFromCsv(csv, path);
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message}`);
  }
}

function num(v: string | undefined, name: string, lo: number, hi: number): number {
  const x = Number(v);
  if (v === undefined || !Number.isFinite(x) || x < lo || x > hi) throw new CliError(`${name} must be a number in [${lo}, ${hi}]`);
  return x;
}

const CHEMS: Chemistry[] = ['LFP', 'NMC', 'LMO'];

function chemistryOption(v?: string): Chemistry | undefined {
  if (v === undefined) return undefined;
  const c = v.toUpperCase() as Chemistry;
  if (!CHEMS.includes(c)) throw new CliError(`--chemistry must be one of ${CHEMS.join(', ')}`);
  return c;
}

export function registerTwinCommands(program: Command): void {
  const twin = program.command('twin').description('digital twin: SoC/SoE/SoP/SoH/SoS estimation and model fitting on CSV data');
  twin
    .command('replay')
    .description('replay a logged run through the twin (positive current = discharge) and write the estimates as CSV')
    .requiredOption('--in <csv>', 'input with time_s,current_A,voltage_V[,temperature_C]')
    .requiredOption('--capacity-ah <Ah>', 'cell (or pack) capacity')
    .requiredOption('--ocv <csv>', 'OCV table: SOC_OCV (%),OCV_charge,OCV_discharge,… or soc,ocv_V (fraction)')
    .requiredOption('--initial-soc <0..1>', 'initial SoC guess')
    .option('--temperature-c <T>', 'temperature when the input has no temperature_C column', '25')
    .option('--chemistry <LFP|NMC|LMO>', 'chemistry for the default parameters (guessed from the OCV table if absent)')
    .option('--voltage-step-v <V>', 'ADC step of the voltage channel, widens the measurement noise')
    .requiredOption('--out <csv>', 'output file')
    .action((o: { in: string; capacityAh: string; ocv: string; initialSoc: string; temperatureC: string; chemistry?: string; voltageStepV?: string; out: string }) => {
      const capacityAh = num(o.capacityAh, '--capacity-ah', 1e-3, 1e6);
      const initialSoc = num(o.initialSoc, '--initial-soc', 0, 1);
      const tempC = num(o.temperatureC, '--temperature-c', -40, 80);
      const quant = o.voltageStepV === undefined ? 0 : num(o.voltageStepV, '--voltage-step-v', 0, 1);
      const ocv = readOcv(o.ocv);
      const csv = readCsv(o.in);
      const timeS = column(csv, 'time_s', o.in);
      const currentA = column(csv, 'current_A', o.in);
      const voltageV = column(csv, 'voltage_V', o.in);
      const tempCol = csv.columns.get('temperature_C');
      for (let k = 0; k < csv.rows; k++) {
        if (!Number.isFinite(timeS[k]) || !Number.isFinite(currentA[k]) || !Number.isFinite(voltageV[k])) throw new CliError(`${o.in}: row ${k + 2} has a non-numeric time/current/voltage`);
        if (k > 0 && !(timeS[k] > timeS[k - 1])) throw new CliError(`${o.in}: time_s must increase (row ${k + 2})`);
      }
      const r = replayRun({ timeS, currentA, voltageV, tempC: tempCol }, { capacityAh, ocv, initialSoc, tempC, chemistry: chemistryOption(o.chemistry), voltageQuantStepV: quant });
      const lines = ['time_s,soc,soc_sigma,soe_Wh,sop_discharge_W,sop_charge_W,sos'];
      for (let k = 0; k < csv.rows; k++) {
        lines.push(`${timeS[k]},${r.soc[k].toFixed(5)},${r.socSigma[k].toFixed(5)},${r.soeWh[k].toFixed(4)},${r.sopDischargeW[k].toFixed(3)},${r.sopChargeW[k].toFixed(3)},${r.sos[k].toFixed(3)}`);
      }
      writeFileSync(o.out, lines.join('\n') + '\n');
      say(`wrote ${csv.rows} rows to ${o.out} (chemistry ${r.params.chemistry}, R0 online ${(r.last.r0RefOhm * 1000).toFixed(1)} mΩ at 25 °C, current offset ${(r.last.currentBiasA * 1000).toFixed(1)} mA)`);
    });
  twin
    .command('fit')
    .description('identify R0, R1, τ1, R2, τ2 from a pulse test; prints JSON')
    .requiredOption('--in <csv>', 'pulse data with time_s,current_A and a voltage column')
    .requiredOption('--ocv <csv>', 'OCV table (same formats as replay)')
    .requiredOption('--capacity-ah <Ah>', 'cell capacity')
    .option('--initial-soc <0..1>', 'SoC at the start of the test (or of each group)')
    .option('--voltage-column <name>', 'voltage column', 'voltage_V')
    .option('--group-column <name>', 'fit each value of this column separately, e.g. soc_pct (percent → initial SoC)')
    .option('--charge-positive', 'the file counts charge current as positive (flip to the discharge-positive convention)')
    .option('--ocv-where <col=value>', 'use only OCV rows where col equals value, e.g. BatteryIndex=1')
    .action((o: { in: string; ocv: string; capacityAh: string; initialSoc?: string; voltageColumn: string; groupColumn?: string; chargePositive?: boolean; ocvWhere?: string }) => {
      const capacityAh = num(o.capacityAh, '--capacity-ah', 1e-3, 1e6);
      const ocv = readOcv(o.ocv, o.ocvWhere);
      const csv = readCsv(o.in);
      const t = column(csv, 'time_s', o.in);
      const i = column(csv, 'current_A', o.in);
      const v = column(csv, o.voltageColumn, o.in);
      const sign = o.chargePositive ? -1 : 1;
      const groups = new Map<number, number[]>();
      const g = o.groupColumn ? column(csv, o.groupColumn, o.in) : undefined;
      for (let k = 0; k < csv.rows; k++) {
        const key = g ? g[k] : 0;
        (groups.get(key) ?? groups.set(key, []).get(key)!).push(k);
      }
      const results: (FitResult & { group?: number; initialSoc: number })[] = [];
      for (const [key, rows] of groups) {
        const initialSoc = o.initialSoc !== undefined ? num(o.initialSoc, '--initial-soc', 0, 1) : g ? key / 100 : NaN;
        if (!Number.isFinite(initialSoc)) throw new CliError('--initial-soc is needed without --group-column');
        const r = fitCell(
          { timeS: Float64Array.from(rows, (k) => t[k]), currentA: Float64Array.from(rows, (k) => sign * i[k]), voltageV: Float64Array.from(rows, (k) => v[k]) },
          ocv,
          { capacityAh, initialSoc },
        );
        results.push(g ? { group: key, initialSoc, ...r } : { initialSoc, ...r });
      }
      say(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
    });
}
