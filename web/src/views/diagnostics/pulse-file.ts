/**
 * Reads the file a lab uploads (pure): a raw pulse test `time_s,current_A,voltage_V` (docs/pulse-test-protocol.md,
 * current positive when charging) or a features row with columns U1..U21 (PulseBat layout, optionally chem and Qn_Ah).
 * Errors name the line, so the form can say what is wrong with the file before anything is sent.
 */

export type PulseFile =
  | { kind: 'pulse'; timeS: number[]; currentA: number[]; voltageV: number[] }
  | { kind: 'features'; u: number[]; chem?: string; nominalCapacityAh?: number };

export class PulseFileError extends Error {}

const SPLIT = /[,;\t]/;

function cells(line: string): string[] {
  return line.split(SPLIT).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

function column(header: string[], names: RegExp): number {
  return header.findIndex((h) => names.test(h.toLowerCase()));
}

export function parsePulseFile(text: string): PulseFile {
  const lines = text.split(/\r?\n/).map((l, i) => ({ l: l.trim(), n: i + 1 })).filter((x) => x.l !== '' && !x.l.startsWith('#'));
  if (lines.length === 0) throw new PulseFileError('the file is empty');
  const first = cells(lines[0].l);
  const hasHeader = first.some((c) => c !== '' && !Number.isFinite(Number(c)));
  const header = hasHeader ? first : [];
  const rows = hasHeader ? lines.slice(1) : lines;

  const u1 = header.findIndex((h) => /^u1$/i.test(h));
  if (u1 >= 0) {
    const idx = Array.from({ length: 21 }, (_, k) => header.findIndex((h) => h.toLowerCase() === `u${k + 1}`));
    const missing = idx.findIndex((i) => i < 0);
    if (missing >= 0) throw new PulseFileError(`header has U1 but no U${missing + 1}: a features file needs U1..U21`);
    if (rows.length === 0) throw new PulseFileError('the features file has a header but no row');
    const row = cells(rows[0].l);
    const u = idx.map((i) => Number(row[i]));
    const bad = u.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new PulseFileError(`line ${rows[0].n}: U${bad + 1} is not a number`);
    const chemCol = column(header, /^chem/);
    const qnCol = column(header, /^qn(_ah)?$|^nominal/);
    const qn = qnCol >= 0 ? Number(row[qnCol]) : NaN;
    return { kind: 'features', u, chem: chemCol >= 0 ? row[chemCol] : undefined, nominalCapacityAh: Number.isFinite(qn) ? qn : undefined };
  }

  let ti = 0;
  let ci = 1;
  let vi = 2;
  if (hasHeader) {
    ti = column(header, /^t(ime)?([ _(]|$)|^time/);
    ci = column(header, /^(i|current)([ _(]|$)|^current/);
    vi = column(header, /^(u|v|voltage)([ _(]|$)|^voltage/);
    if (ti < 0 || ci < 0 || vi < 0) throw new PulseFileError(`line ${lines[0].n}: expected columns time_s, current_A, voltage_V (found ${header.join(', ')})`);
  }
  if (rows.length < 2) throw new PulseFileError('a pulse test needs at least two samples');
  const timeS: number[] = [];
  const currentA: number[] = [];
  const voltageV: number[] = [];
  for (const { l, n } of rows) {
    const c = cells(l);
    const t = Number(c[ti]);
    const i = Number(c[ci]);
    const v = Number(c[vi]);
    if (!Number.isFinite(t) || !Number.isFinite(i) || !Number.isFinite(v)) throw new PulseFileError(`line ${n}: time, current and voltage must be numbers`);
    if (timeS.length && t <= timeS[timeS.length - 1]) throw new PulseFileError(`line ${n}: time ${t} s does not increase`);
    timeS.push(t);
    currentA.push(i);
    voltageV.push(v);
  }
  return { kind: 'pulse', timeS, currentA, voltageV };
}

/** A curve segment of the SoH response (per-cell voltage of one rest or pulse). */
export interface CurveSegment {
  kind: 'rest' | 'pulse';
  cRate: number;
  startS: number;
  endS: number;
  timeS: number[];
  voltageV: number[];
}

/**
 * The response curve for the chart: the per-cell voltage of all segments on one time axis, the 21 features placed
 * where they were read (U1 end of the initial rest; per pulse: its first and last sample, then the first and last
 * sample of the rest after it; rest ends are referred to the 45 s reference, so they may sit off the curve), and the
 * uploaded current at the same times when the raw series is known.
 */
export function curveOf(segments: readonly CurveSegment[], u: readonly number[] | undefined, upload?: { timeS: number[]; currentA: number[] }): { x: number[]; voltage: (number | null)[]; features: (number | null)[]; current: (number | null)[] } {
  const x: number[] = [];
  const voltage: number[] = [];
  for (const s of segments) {
    for (let i = 0; i < s.timeS.length; i++) {
      const t = s.timeS[i];
      if (x.length && t <= x[x.length - 1]) continue;
      x.push(t);
      voltage.push(s.voltageV[i]);
    }
  }
  const at = new Map(x.map((t, i) => [t, i]));
  const features: (number | null)[] = x.map(() => null);
  const put = (t: number | undefined, v: number | undefined) => {
    if (t === undefined || v === undefined) return;
    const i = at.get(t);
    if (i !== undefined) features[i] = v;
  };
  if (u && u.length === 21) {
    const firstPulse = segments.findIndex((s) => s.kind === 'pulse');
    if (firstPulse > 0) put(segments[firstPulse - 1].endS, u[0]);
    let k = 0;
    segments.forEach((s, j) => {
      if (s.kind !== 'pulse' || k >= 5) return;
      put(s.startS, u[1 + 4 * k]);
      put(s.endS, u[2 + 4 * k]);
      const rest = segments[j + 1];
      if (rest && rest.kind === 'rest') {
        put(rest.startS, u[3 + 4 * k]);
        put(rest.endS, u[4 + 4 * k]);
      }
      k++;
    });
  }
  let current: (number | null)[] = x.map(() => null);
  if (upload) {
    const byT = new Map(upload.timeS.map((t, i) => [t, upload.currentA[i]]));
    current = x.map((t) => byT.get(t) ?? null);
  }
  return { x, voltage, features, current };
}
