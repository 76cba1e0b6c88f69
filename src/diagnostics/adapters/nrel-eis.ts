/** Reads the NREL/DENSO EIS table (`/work/shared/datasets/nrel-denso-eis/data.csv`, Gasper et al. 2022). */
import { readFileSync } from 'node:fs';
import type { EisSpectrumRow } from '../core/eis.js';
import { parseCsv } from './csv.js';

export interface NrelEisRow extends EisSpectrumRow {
  seriesIdx: number;
  isTest: boolean;
  /** Relative discharge capacity (SoH label). */
  q: number;
  socEis: number;
}

export function readNrelEisCsv(path: string): NrelEisRow[] {
  const t = parseCsv(readFileSync(path, 'utf8'));
  const at = (n: string) => {
    const i = t.header.indexOf(n);
    if (i < 0) throw new Error(`${path}: column ${n} missing`);
    return i;
  };
  const reCols = t.header.map((h, i) => [h, i] as const).filter(([h]) => h.startsWith('Zreal_'));
  const freqsHz = reCols.map(([h]) => Number(h.slice('Zreal_'.length, -2)));
  const imIdx = reCols.map(([h]) => at(h.replace('Zreal_', 'Zimag_')));
  const c = { s: at('seriesIdx'), test: at('isTest'), q: at('q'), t: at('TdegC_EIS'), soc: at('soc_EIS') };
  return t.rows.map((r) => ({
    seriesIdx: Number(r[c.s]),
    isTest: r[c.test] === '1',
    q: Number(r[c.q]),
    tempC: Number(r[c.t]),
    socEis: Number(r[c.soc]),
    freqsHz,
    zRealOhm: reCols.map(([, i]) => Number(r[i])),
    zImagOhm: imIdx.map((i) => Number(r[i])),
  }));
}
