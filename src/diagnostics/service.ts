/**
 * The testing facility's workflow (issue 5): a raw pulse test or a feature row → SoH with its interval and grade,
 * and, when asked, a signed `testResult` event in the battery's passport — on this node if it holds the passport,
 * else on the holder's node over HTTP (allowed there by the facility's contract agreement for the battery).
 */
import { createHash } from 'node:crypto';
import { nameBasedUuid } from '../platform/ids.js';
import { predictFromFeatures, predictFromPulseTest } from './core/predict.js';
import type { PulseArtifact } from './core/artifact.js';
import type { PulseTestPrediction, SohPrediction } from './core/predict.js';
import type { Refusal } from './core/types.js';

export interface SohRequest {
  chem: string;
  nominalCapacityAh: number;
  /** Cells in series in the tested unit (pack or module): voltages are divided to per-cell values. */
  seriesCells: number;
  features?: { u: number[] };
  pulse?: { timeS: number[]; currentA: number[]; voltageV: number[] };
}

export interface SohReport {
  prediction: SohPrediction | PulseTestPrediction;
  /** DC resistance of the tested unit from the +1 C pulse (|U11 − U1| / 1 C, 3 s), scaled by the series count. */
  internalResistanceOhm: number;
  inputSha256: string;
  /** U1..U21 per cell as the model saw them */
  featuresV: number[];
}

export interface RecordTarget {
  batteryId: string;
  componentId: string;
  testTemperatureC: number;
  /** The passport holder's node, when it is not this node. */
  holder?: { url: string; did: string };
}

export type RecordResult = { ok: true; batteryId: string; seq: number; hash: string; duplicate: boolean } | { ok: false; status: number; reason: string };

export interface DiagnosticsDeps {
  artifact: () => PulseArtifact;
  facility: () => { did: string; name: string };
  /** Appends a draft authored by this node: locally when the passport is here, else on `holder`. */
  append: (batteryId: string, draft: { eventId: string; type: 'testResult'; occurredAt: string; payload: unknown }, holder?: { url: string; did: string }) => Promise<RecordResult>;
  now: () => Date;
}

export class DiagnosticsService {
  constructor(private readonly d: DiagnosticsDeps) {}

  assess(req: SohRequest): SohReport | Refusal {
    const s = req.seriesCells;
    const inputSha256 = createHash('sha256').update(JSON.stringify({ chem: req.chem, nominalCapacityAh: req.nominalCapacityAh, seriesCells: s, features: req.features ?? null, pulse: req.pulse ?? null })).digest('hex');
    let p: SohPrediction | PulseTestPrediction | Refusal;
    let u: number[];
    if (req.pulse) {
      const ts = { timeS: req.pulse.timeS, currentA: req.pulse.currentA, voltageV: req.pulse.voltageV.map((v) => v / s) };
      p = predictFromPulseTest(this.d.artifact(), ts, req.chem, req.nominalCapacityAh);
      if (!p.ok) return p;
      u = (p as PulseTestPrediction).u;
    } else if (req.features) {
      u = req.features.u.map((v) => v / s);
      p = predictFromFeatures(this.d.artifact(), { chem: req.chem, qnAh: req.nominalCapacityAh, u });
      if (!p.ok) return p;
    } else {
      return { ok: false, code: 'missing-feature', reason: 'send either features (U1..U21) or the raw pulse time series' };
    }
    // U11 = end of the +1 C, 3 s pulse; U1 = open-circuit voltage (PULSE_SLOTS)
    const rCellOhm = Math.abs(u[10] - u[0]) / req.nominalCapacityAh;
    return { prediction: p, internalResistanceOhm: rCellOhm * s, inputSha256, featuresV: u };
  }

  /** Writes the assessment as the facility's signed testResult event (GUM expanded uncertainty from the interval). */
  async record(report: SohReport, target: RecordTarget): Promise<RecordResult> {
    const p = report.prediction;
    const f = this.d.facility();
    // a two-sided interval of nominal coverage c is read as an expanded uncertainty with k = z((1+c)/2) (JCGM 100 §6)
    const k = coverageFactor(p.coverage);
    const payload = {
      method: 'pulseTest',
      componentId: target.componentId,
      stateOfHealthPct: round(p.sohPred * 100, 2),
      capacityAh: round(p.remainingCapacityAh, 3),
      internalResistanceOhm: round(report.internalResistanceOhm, 6),
      testTemperatureC: target.testTemperatureC,
      uncertainty: { stateOfHealthPct: round(((p.sohHigh - p.sohLow) / 2) * 100, 2), coverageFactor: round(k, 3) },
      facility: { did: f.did, name: f.name },
      modelVersion: p.modelVersion,
      inputSha256: report.inputSha256,
      stateOfHealthIntervalPct: { low: round(p.sohLow * 100, 2), high: round(p.sohHigh * 100, 2), coveragePct: round(p.coverage * 100, 1) },
      grade: p.grade,
      pulseFeaturesV: report.featuresV.map((v) => Math.round(v * 1e5) / 1e5),
    };
    // the input hash makes the event id stable: re-sending the same test does not write it twice
    const eventId = nameBasedUuid(`${target.batteryId}|${target.componentId}|${report.inputSha256}`);
    return this.d.append(target.batteryId, { eventId, type: 'testResult', occurredAt: this.d.now().toISOString(), payload }, target.holder);
  }
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Standard normal quantile for the coverage factor of a two-sided interval (Acklam's approximation is overkill here). */
function coverageFactor(coverage: number): number {
  const table: [number, number][] = [[0.6827, 1], [0.8, 1.2816], [0.9, 1.6449], [0.95, 1.96], [0.9545, 2], [0.99, 2.5758], [0.9973, 3]];
  if (coverage <= table[0][0]) return 1;
  for (let i = 1; i < table.length; i++) {
    if (coverage <= table[i][0]) {
      const [c0, k0] = table[i - 1];
      const [c1, k1] = table[i];
      return k0 + ((coverage - c0) / (c1 - c0)) * (k1 - k0);
    }
  }
  return 3;
}


