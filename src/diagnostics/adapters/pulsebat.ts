/**
 * Reads the PulseBat CSV (`/work/shared/datasets/pulsebat-tao2024/csv/pulsebat_W3000_U1-U21.csv`) into typed rows and
 * hashes the file so artifacts record exactly which data they were trained on.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { U_COUNT } from '../core/types.js';
import { parseCsv } from './csv.js';

export interface PulseBatRow {
  chem: string;
  qnAh: number;
  cellNo: string;
  sourceId: string;
  socKind: string;
  pulseWidthMs: number;
  qAh: number;
  soh: number;
  socPct: number;
  u: number[];
}

/** The dataset groups: chemistry + format (NMC comes as 2.1 Ah cylinders and 21 Ah pouches). */
export function datasetKey(r: { chem: string; qnAh: number }): string {
  return `${r.chem} ${r.qnAh} Ah`;
}

/** Physical-cell group key for grouped validation (cell numbers repeat across datasets). */
export function cellKey(r: PulseBatRow): string {
  return `${datasetKey(r)}#${r.cellNo}`;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function readPulseBatCsv(path: string): PulseBatRow[] {
  const t = parseCsv(readFileSync(path, 'utf8'));
  const col = (n: string) => {
    const i = t.header.indexOf(n);
    if (i < 0) throw new Error(`${path}: column ${n} missing`);
    return i;
  };
  const c = {
    chem: col('chem'), qn: col('Qn_Ah'), cell: col('cell_no'), src: col('source_id'), kind: col('soc_kind'),
    w: col('pulse_width_ms'), q: col('Q_Ah'), soh: col('SOH'), soc: col('SOC_pct'),
  };
  const uCols = Array.from({ length: U_COUNT }, (_, i) => col(`U${i + 1}`));
  return t.rows.map((r) => ({
    chem: r[c.chem],
    qnAh: Number(r[c.qn]),
    cellNo: r[c.cell],
    sourceId: r[c.src],
    socKind: r[c.kind],
    pulseWidthMs: Number(r[c.w]),
    qAh: Number(r[c.q]),
    soh: Number(r[c.soh]),
    socPct: Number(r[c.soc]),
    u: uCols.map((i) => Number(r[i])),
  }));
}
