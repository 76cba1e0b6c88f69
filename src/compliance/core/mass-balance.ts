/**
 * Mass balance of a recycler batch: intake per component (from passports or chemistry defaults) against the
 * battery-derived mass in the outputs. Elements are conserved, so no output can carry more Co, Ni, ... than came in;
 * the tolerance absorbs weighing and assay error (relative, plus a small absolute floor for trace components).
 */
import { COMPONENTS, resolveComposition, type Component } from './composition.js';
import type { OutputFraction, RecyclerBatch } from './batch.js';

export interface Tolerance {
  /** Relative slack on the input mass, e.g. 0.02 = outputs may exceed inputs by up to 2 %. */
  relative: number;
  /** Absolute slack in kg so trace components with near-zero intake do not fail on assay noise. */
  absoluteKg: number;
}
export const DEFAULT_TOLERANCE: Tolerance = { relative: 0.02, absoluteKg: 0.001 };

export interface BatchIntake {
  totalKg: number;
  componentsKg: Record<Component, number>;
  /** passportId → where its composition came from. */
  compositionSources: Record<string, 'passport' | 'chemistry-default'>;
}

export type BalanceSubject = { kind: 'component'; component: Component } | { kind: 'total' } | { kind: 'fraction'; fractionId: string };

export interface BalanceViolation {
  subject: BalanceSubject;
  inputKg: number;
  outputKg: number;
  allowedKg: number;
  message: string;
}

export interface MassBalanceResult {
  ok: boolean;
  intake: BatchIntake;
  outputComponentsKg: Record<Component, number>;
  outputInputDerivedKg: number;
  violations: BalanceViolation[];
}

export class MassBalanceError extends Error {
  override name = 'MassBalanceError';
  constructor(
    readonly batchId: string,
    readonly violations: BalanceViolation[],
  ) {
    super(`batch ${batchId}: ${violations.map((v) => v.message).join('; ')}`);
  }
}

function zeros(): Record<Component, number> {
  return Object.fromEntries(COMPONENTS.map((c) => [c, 0])) as Record<Component, number>;
}

export function batchIntake(batch: RecyclerBatch): BatchIntake {
  const componentsKg = zeros();
  const compositionSources: BatchIntake['compositionSources'] = {};
  let totalKg = 0;
  for (const item of batch.intake) {
    if (!Number.isFinite(item.massKg) || item.massKg <= 0) {
      throw new RangeError(`batch ${batch.batchId}: intake ${item.passportId} massKg must be > 0, got ${item.massKg}`);
    }
    const { composition, source } = resolveComposition(item.chemistry, item.composition, `intake ${item.passportId}`);
    compositionSources[item.passportId] = source;
    totalKg += item.massKg;
    for (const c of COMPONENTS) componentsKg[c] += (composition[c] ?? 0) * item.massKg;
  }
  return { totalKg, componentsKg, compositionSources };
}

export function inputDerivedKg(o: OutputFraction): number {
  return o.inputDerivedMassKg ?? o.massKg;
}

const fmt = (kg: number) => `${kg.toFixed(3)} kg`;

function overLimit(inputKg: number, outputKg: number, tol: Tolerance): { over: boolean; allowedKg: number } {
  const allowedKg = inputKg * (1 + tol.relative) + tol.absoluteKg;
  return { over: outputKg > allowedKg, allowedKg };
}

export function checkMassBalance(batch: RecyclerBatch, tol: Tolerance = DEFAULT_TOLERANCE): MassBalanceResult {
  if (tol.relative < 0 || tol.absoluteKg < 0) throw new RangeError('tolerance must be non-negative');
  const intake = batchIntake(batch);
  const out = zeros();
  const violations: BalanceViolation[] = [];
  let derivedTotal = 0;

  for (const o of batch.outputs) {
    const derived = inputDerivedKg(o);
    if (!(o.massKg >= 0) || !(derived >= 0)) {
      throw new RangeError(`batch ${batch.batchId}: output ${o.fractionId} masses must be ≥ 0`);
    }
    // A fraction cannot hold more battery-derived mass than it weighs, nor components beyond that.
    let compSum = 0;
    for (const [c, kg] of Object.entries(o.componentsKg)) {
      if (!(COMPONENTS as readonly string[]).includes(c)) throw new RangeError(`output ${o.fractionId}: unknown component "${c}"`);
      if (!(typeof kg === 'number' && kg >= 0)) throw new RangeError(`output ${o.fractionId}: ${c} must be ≥ 0 kg`);
      out[c as Component] += kg;
      compSum += kg;
    }
    const inner = Math.max(compSum, derived);
    const f = overLimit(o.massKg, inner, { relative: 0, absoluteKg: tol.absoluteKg });
    if (f.over) {
      violations.push({
        subject: { kind: 'fraction', fractionId: o.fractionId },
        inputKg: o.massKg,
        outputKg: inner,
        allowedKg: f.allowedKg,
        message: `fraction ${o.fractionId} (${o.name}) declares ${fmt(inner)} of battery-derived content but weighs ${fmt(o.massKg)}`,
      });
    }
    derivedTotal += derived;
  }

  for (const c of COMPONENTS) {
    const { over, allowedKg } = overLimit(intake.componentsKg[c], out[c], tol);
    if (over) {
      const pct = intake.componentsKg[c] > 0 ? `${((out[c] / intake.componentsKg[c] - 1) * 100).toFixed(1)} %` : 'n/a (no input)';
      violations.push({
        subject: { kind: 'component', component: c },
        inputKg: intake.componentsKg[c],
        outputKg: out[c],
        allowedKg,
        message: `output of ${c} (${fmt(out[c])}) exceeds input (${fmt(intake.componentsKg[c])}) by ${pct}, tolerance ${(tol.relative * 100).toFixed(1)} % + ${fmt(tol.absoluteKg)}`,
      });
    }
  }
  const t = overLimit(intake.totalKg, derivedTotal, tol);
  if (t.over) {
    violations.push({
      subject: { kind: 'total' },
      inputKg: intake.totalKg,
      outputKg: derivedTotal,
      allowedKg: t.allowedKg,
      message: `battery-derived output mass (${fmt(derivedTotal)}) exceeds intake (${fmt(intake.totalKg)})`,
    });
  }
  return { ok: violations.length === 0, intake, outputComponentsKg: out, outputInputDerivedKg: derivedTotal, violations };
}

/** Throws MassBalanceError naming every offending component / fraction; returns the result when balanced. */
export function assertMassBalance(batch: RecyclerBatch, tol: Tolerance = DEFAULT_TOLERANCE): MassBalanceResult {
  const r = checkMassBalance(batch, tol);
  if (!r.ok) throw new MassBalanceError(batch.batchId, r.violations);
  return r;
}
