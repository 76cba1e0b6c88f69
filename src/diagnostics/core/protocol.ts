/**
 * The rapid pulse test as data, and the ideal current profile it prescribes.
 *
 * Origin: PulseBat (Tao et al., Nat. Commun. 2024, doi:10.1038/s41467-024-54454-0) injected, at each SoC, pulses of
 * ±0.5, ±1, ±1.5, ±2, ±2.5 C (positive = charge first) of widths 30 ms … 5 s with a rest of 15 × width after each
 * (visible in the `raw_workstep_example` workstep sheets of the dataset: 3 s pulses followed by 45 s rests). Their
 * U1..U21 layout uses the 3 s pulses up to +1.5 C. A lab test with 45 s rests takes 4 minutes; ours keeps the 3 s
 * pulses and amplitudes but shortens each rest to 19 s, so the whole test fits in 115 s. The end-of-rest voltages
 * are then extrapolated to the 45 s reference by fitting each rest's relaxation (see `relaxation.ts`), so the features
 * stay comparable with the training data.
 */

export type StepKind = 'rest' | 'pulse';

export interface ProtocolStep {
  kind: StepKind;
  /** C-rate, positive = charge (0 for rests). */
  cRate: number;
  durationS: number;
}

/** Where the four voltages of one pulse sit in U1..U21 (1-based as in PulseBat). */
export interface PulseSlot {
  cRate: number;
  /** U index at pulse start, pulse end, rest start, rest end. */
  uIndex: readonly [number, number, number, number];
}

/** PulseBat layout: U1 = OCV, then per pulse [start, end, rest start, rest end]. */
export const PULSE_SLOTS: readonly PulseSlot[] = [
  { cRate: 0.5, uIndex: [2, 3, 4, 5] },
  { cRate: -0.5, uIndex: [6, 7, 8, 9] },
  { cRate: 1, uIndex: [10, 11, 12, 13] },
  { cRate: -1, uIndex: [14, 15, 16, 17] },
  { cRate: 1.5, uIndex: [18, 19, 20, 21] },
];

export interface PulseProtocol {
  id: string;
  /** Rest sampled at the start to read the open-circuit voltage U1 (the pack must already be rested). */
  initialRestS: number;
  pulseWidthS: number;
  /** Rest after each pulse in this lab protocol. */
  restAfterPulseS: number;
  /** Rest after each pulse in the training data (15 × 3 s); end-of-rest voltages are referred to this time. */
  referenceRestS: number;
  pulseCRates: readonly number[];
  /** Hard ceiling on the whole test. */
  maxTotalS: number;
  minSampleRateHz: number;
  /** Largest open-circuit drift accepted in the initial rest (V/s per cell): a rested cell drifts far less. */
  maxRestedDriftVPerS: number;
  /** Relative tolerance on pulse amplitude (cyclers regulate current to well under 1 %). */
  amplitudeTolerance: number;
  /** Tolerance on pulse width. */
  widthToleranceS: number;
  /** Shortest rest after a pulse that still allows fitting the relaxation. */
  minRestS: number;
}

export const PULSE_PROTOCOL_V1: PulseProtocol = {
  id: 'batteryloop-pulse-v1',
  initialRestS: 5,
  pulseWidthS: 3,
  restAfterPulseS: 19,
  referenceRestS: 45,
  pulseCRates: PULSE_SLOTS.map((s) => s.cRate),
  maxTotalS: 120,
  minSampleRateHz: 10,
  maxRestedDriftVPerS: 0.0005,
  amplitudeTolerance: 0.05,
  widthToleranceS: 0.25,
  minRestS: 12,
};

/** Steps of a protocol in order. */
export function protocolSteps(p: PulseProtocol = PULSE_PROTOCOL_V1): ProtocolStep[] {
  const steps: ProtocolStep[] = [{ kind: 'rest', cRate: 0, durationS: p.initialRestS }];
  for (const c of p.pulseCRates) {
    steps.push({ kind: 'pulse', cRate: c, durationS: p.pulseWidthS });
    steps.push({ kind: 'rest', cRate: 0, durationS: p.restAfterPulseS });
  }
  return steps;
}

export function protocolDurationS(p: PulseProtocol = PULSE_PROTOCOL_V1): number {
  return protocolSteps(p).reduce((s, x) => s + x.durationS, 0);
}

/** Ideal current (A, positive = charge) at time `timeS` for a battery of nominal capacity `qnAh`. */
export function idealCurrentA(timeS: number, qnAh: number, p: PulseProtocol = PULSE_PROTOCOL_V1): number {
  let t0 = 0;
  for (const s of protocolSteps(p)) {
    // half-open steps [t0, t0 + d): the sample at the switching instant already belongs to the new step
    if (timeS >= t0 && timeS < t0 + s.durationS) return s.cRate * qnAh;
    t0 += s.durationS;
  }
  return 0;
}

/** Sampled ideal current profile (`time_s,current_A`) at `sampleRateHz`, including the final sample. */
export function idealCurrentProfile(qnAh: number, sampleRateHz: number, p: PulseProtocol = PULSE_PROTOCOL_V1): { timeS: number[]; currentA: number[] } {
  const total = protocolDurationS(p);
  const n = Math.round(total * sampleRateHz);
  const timeS: number[] = [];
  const currentA: number[] = [];
  for (let i = 0; i <= n; i++) {
    const t = i / sampleRateHz;
    timeS.push(t);
    currentA.push(idealCurrentA(t, qnAh, p));
  }
  return { timeS, currentA };
}
