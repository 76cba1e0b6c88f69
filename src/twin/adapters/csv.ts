/**
 * The twin's only file-reading code: numeric CSV columns and OCV tables.
 * OCV formats: the Berkeley hysteresis curve (`SOC_OCV` in percent, `OCV_charge`, `OCV_discharge`, …) or a plain
 * two-column `soc,ocv_V` table (SoC as a fraction; percent is detected when the SoC column exceeds 1.5).
 */
import { readFileSync } from 'node:fs';
import { buildOcvTable, type OcvTable } from '../core/model/ocv.js';

export interface NumericCsv {
  header: string[];
  columns: Map<string, Float64Array>;
  rows: number;
}

export class CsvFormatError extends Error {}

export function parseNumericCsv(text: string, source = 'csv'): NumericCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length < 2) throw new CsvFormatError(`${source}: needs a header and at least one data row`);
  const header = lines[0].split(',').map((h) => h.trim());
  const n = lines.length - 1;
  const cols = header.map(() => new Float64Array(n));
  for (let r = 0; r < n; r++) {
    const cells = lines[r + 1].split(',');
    for (let c = 0; c < header.length; c++) {
      const t = cells[c];
      cols[c][r] = t === undefined || t.trim() === '' ? NaN : Number(t);
    }
  }
  const columns = new Map<string, Float64Array>();
  header.forEach((h, i) => columns.set(h, cols[i]));
  return { header, columns, rows: n };
}

export function readNumericCsv(path: string): NumericCsv {
  return parseNumericCsv(readFileSync(path, 'utf8'), path);
}

export function requireColumn(csv: NumericCsv, name: string, source: string): Float64Array {
  const c = csv.columns.get(name);
  if (!c) throw new CsvFormatError(`${source}: missing column ${name} (have: ${csv.header.join(', ')})`);
  return c;
}

export function ocvTableFromCsv(csv: NumericCsv, source: string): OcvTable {
  const lower = new Map([...csv.columns].map(([k, v]) => [k.toLowerCase(), v]));
  const socCol = lower.get('soc_ocv') ?? lower.get('soc') ?? lower.get('soc_interp') ?? csv.columns.get(csv.header[0]);
  if (!socCol) throw new CsvFormatError(`${source}: no SoC column`);
  let maxSoc = -Infinity;
  for (const s of socCol) if (s > maxSoc) maxSoc = s;
  const socs = maxSoc > 1.5 ? Array.from(socCol, (s) => s / 100) : Array.from(socCol);
  const ch = lower.get('ocv_charge');
  const dis = lower.get('ocv_discharge');
  if (ch && dis) return buildOcvTable({ socs, ocvChargeV: ch, ocvDischargeV: dis, source });
  const v = lower.get('ocv_v') ?? lower.get('ocv') ?? lower.get('ocv_interp') ?? csv.columns.get(csv.header[1]);
  if (!v) throw new CsvFormatError(`${source}: no OCV column (expected ocv_V or OCV_charge/OCV_discharge)`);
  return buildOcvTable({ socs, ocvChargeV: v, ocvDischargeV: v, source });
}

export function readOcvTable(path: string): OcvTable {
  return ocvTableFromCsv(readNumericCsv(path), path);
}
