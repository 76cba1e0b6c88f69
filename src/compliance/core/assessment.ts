/** A computed percentage set against the target in force on a date (shared by efficiency, recovery, content). */
import { applicableTarget, nextTarget, type RegulatoryTarget } from './regulatory-targets.js';

export type ComplianceStatus = 'meets' | 'below' | 'no-target-yet' | 'no-input';

export interface Assessment {
  valuePct: number | null;
  target: RegulatoryTarget | null;
  /** Shown so an operator sees the coming step (e.g. the 2031 level while the 2027 one applies). */
  next: RegulatoryTarget | null;
  status: ComplianceStatus;
  assessedOn: string;
}

export function assess(kind: RegulatoryTarget['kind'], subject: string, valuePct: number | null, dateIso: string): Assessment {
  const target = applicableTarget(kind, subject, dateIso);
  const next = nextTarget(kind, subject, dateIso);
  let status: ComplianceStatus;
  if (valuePct === null) status = 'no-input';
  else if (!target) status = 'no-target-yet';
  // Rounding to 1e-9 avoids a float like 64.99999999 failing a 65 % target that was met exactly.
  else status = valuePct + 1e-9 >= target.valuePct ? 'meets' : 'below';
  return { valuePct, target, next, status, assessedOn: dateIso.slice(0, 10) };
}

export const pct = (num: number, den: number): number | null => (den > 0 ? (100 * num) / den : null);

export function yearEnd(year: number): string {
  return `${String(year).padStart(4, '0')}-12-31`;
}
