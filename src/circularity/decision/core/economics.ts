/**
 * Value and CO₂ contributions of each route for one unit (pack or module). Every term names its factor and source so
 * the recommendation can explain itself. `view` selects the point SoH (expected value) or the interval low (robust).
 */
import type { DecisionFactors } from './factors.js';
import { isDamaged } from './constraints.js';
import { recyclingContributions } from './recycling.js';
import type { Contribution, ModuleInput, RecyclingProcess, Route } from './types.js';
import { type Unit, modulesToReplace } from './unit.js';

export { modulesToReplace };

export type SohView = 'point' | 'low';

/** Value and CO₂ of a module taken out of a pack during remanufacturing (its own best route). */
export type RemovedModuleValue = (m: ModuleInput) => { valueEur: number; co2AvoidedKg: number; route: string };

const sohOf = (u: Unit, view: SohView) => (view === 'point' ? u.sohPct : u.sohLowPct);

function transport(u: Unit, f: DecisionFactors, km: number, label: string): Contribution {
  const t = f.transport;
  const damaged = isDamaged(u, f);
  const tonneKm = (u.massKg / 1000) * km;
  const mult = damaged ? t.damagedMultiplier.value : t.adrClass9Multiplier.value;
  const packaging = damaged ? u.massKg * t.damagedPackagingEurPerKg.value : 0;
  return {
    factor: `transport to ${label} (${km} km, ${damaged ? 'damaged/defective, ADR SP 376' : 'ADR class 9'})`,
    valueEur: -(tonneKm * t.eurPerTonneKm.value * mult + packaging),
    co2AvoidedKg: -tonneKm * t.kgCo2PerTonneKm.value,
    source: `${t.eurPerTonneKm.value} ${t.eurPerTonneKm.unit} × ${mult} [${damaged ? t.damagedMultiplier.source : t.adrClass9Multiplier.source}]; ${t.kgCo2PerTonneKm.value} ${t.kgCo2PerTonneKm.unit} [${t.kgCo2PerTonneKm.source}]`,
  };
}

const labour = (hours: number, f: DecisionFactors, what: string): Contribution => ({
  factor: `labour: ${what} (${hours.toFixed(2)} h)`,
  valueEur: -hours * f.labour.rateEurPerHour.value,
  co2AvoidedKg: 0,
  source: `${f.labour.rateEurPerHour.value} ${f.labour.rateEurPerHour.unit} [${f.labour.rateEurPerHour.source}]`,
});

function testCost(u: Unit, f: DecisionFactors, perModule: boolean): Contribution {
  const l = f.labour;
  const n = u.modules.length;
  const eur = u.kind === 'module' ? l.moduleTestEur.value : perModule && n > 0 ? n * l.moduleTestEur.value : l.packTestEur.value;
  return { factor: u.kind === 'module' || (perModule && n > 0) ? 'module tests' : 'pack test', valueEur: -eur, co2AvoidedKg: 0, source: `${u.kind === 'module' || perModule ? l.moduleTestEur.source : l.packTestEur.source}` };
}

function displacement(usableKWh: number, share: number, u: Unit, f: DecisionFactors, what: string, shareSource: string): Contribution {
  const perKWh = f.co2.newBatteryKgCo2PerKWh[u.chemistry];
  return {
    factor: `avoided new battery production (${what})`,
    valueEur: 0,
    co2AvoidedKg: usableKWh * perKWh.value * share,
    source: `${perKWh.value} ${perKWh.unit} [${perKWh.source}] × ${share} [${shareSource}]`,
  };
}

export function reuseContributions(u: Unit, f: DecisionFactors, view: SohView): Contribution[] {
  const p = f.prices;
  const usable = (u.ratedEnergyKWh * sohOf(u, view)) / 100;
  const years = Math.max(0, u.warrantyRemainingMonths) / 12;
  const premium = Math.min(p.warrantyPremiumCap.value, years * p.warrantyPremiumPerYear.value);
  const sale = usable * p.reuseEurPerKWh.value;
  const out: Contribution[] = [
    { factor: `sale for EV re-use (${usable.toFixed(1)} kWh usable)`, valueEur: sale, co2AvoidedKg: 0, source: `${p.reuseEurPerKWh.value} ${p.reuseEurPerKWh.unit} [${p.reuseEurPerKWh.source}]` },
  ];
  if (premium > 0) out.push({ factor: `residual warranty (${years.toFixed(1)} years)`, valueEur: sale * premium, co2AvoidedKg: 0, source: `${p.warrantyPremiumPerYear.value}/year capped at ${p.warrantyPremiumCap.value} [${p.warrantyPremiumPerYear.source}]` });
  out.push(
    labour(u.kind === 'pack' ? f.labour.hours.reuse.value : f.labour.hours.repurposePerModule.value, f, 'inspection and certification'),
    testCost(u, f, false),
    transport(u, f, f.transport.distanceKm.reuse.value, 're-use workshop'),
    displacement(usable, f.co2.reuseDisplacementShare.value, u, f, 'EV re-use', f.co2.reuseDisplacementShare.source),
  );
  return out;
}

export function repurposeContributions(u: Unit, f: DecisionFactors, view: SohView): Contribution[] {
  const p = f.prices;
  const h = f.labour.hours;
  const usable = (u.ratedEnergyKWh * sohOf(u, view)) / 100;
  const n = u.modules.length;
  const hours = u.kind === 'pack' ? h.repurpose.value + h.repurposePerModule.value * n : h.repurposePerModule.value;
  return [
    { factor: `second-life sale (${usable.toFixed(1)} kWh usable)`, valueEur: usable * p.secondLifeEurPerKWh.value, co2AvoidedKg: 0, source: `${p.secondLifeEurPerKWh.value} ${p.secondLifeEurPerKWh.unit} [${p.secondLifeEurPerKWh.source}]` },
    { factor: 'second-life integration (BMS, rack, enclosure)', valueEur: -usable * p.repurposeIntegrationEurPerKWh.value, co2AvoidedKg: 0, source: `${p.repurposeIntegrationEurPerKWh.value} ${p.repurposeIntegrationEurPerKWh.unit} [${p.repurposeIntegrationEurPerKWh.source}]` },
    labour(hours, f, 'dismantling and integration'),
    testCost(u, f, true),
    transport(u, f, f.transport.distanceKm.repurpose.value, 'repurposing plant'),
    displacement(usable, f.co2.repurposeDisplacementShare.value, u, f, 'stationary storage', f.co2.repurposeDisplacementShare.source),
  ];
}

export function remanufactureContributions(u: Unit, f: DecisionFactors, view: SohView, removed: RemovedModuleValue): Contribution[] {
  const p = f.prices;
  const replace = modulesToReplace(u, f);
  const ids = new Set(replace.map((m) => m.id));
  const kept = u.modules.filter((m) => !ids.has(m.id));
  const delta = u.sohPct - u.sohLowPct;
  const keptSoh = kept.map((m) => (view === 'point' ? m.sohPct : (m.sohLowPct ?? m.sohPct - delta)));
  const spare = f.thresholds.spareModuleSohPct.value;
  // Series modules: the pack delivers what its weakest module holds.
  const packSoh = Math.min(spare, ...keptSoh);
  const usable = (u.ratedEnergyKWh * packSoh) / 100;
  const spareKWh = replace.reduce((a, m) => a + m.ratedEnergyKWh, 0);
  const out: Contribution[] = [
    { factor: `sale of remanufactured pack (${usable.toFixed(1)} kWh usable at ${packSoh.toFixed(1)} % SoH)`, valueEur: usable * p.reuseEurPerKWh.value, co2AvoidedKg: 0, source: `${p.reuseEurPerKWh.value} ${p.reuseEurPerKWh.unit}; OEM warranty lapses when the pack is opened [${p.reuseEurPerKWh.source}]` },
    { factor: `spare modules (${replace.length}, ${spareKWh.toFixed(1)} kWh)`, valueEur: -spareKWh * p.spareModuleEurPerKWh.value, co2AvoidedKg: 0, source: `${p.spareModuleEurPerKWh.value} ${p.spareModuleEurPerKWh.unit} [${p.spareModuleEurPerKWh.source}]` },
  ];
  for (const m of replace) {
    const r = removed(m);
    out.push({ factor: `removed module ${m.id} → ${r.route}`, valueEur: r.valueEur, co2AvoidedKg: r.co2AvoidedKg, source: 'module-level evaluation of the same factors' });
  }
  out.push(
    labour(f.labour.hours.remanufactureBase.value + f.labour.hours.remanufacturePerModule.value * replace.length, f, 'opening, module swap, re-balancing'),
    testCost(u, f, true),
    { factor: 'end-of-line pack test', valueEur: -f.labour.packTestEur.value, co2AvoidedKg: 0, source: f.labour.packTestEur.source },
    transport(u, f, f.transport.distanceKm.remanufacture.value, 'remanufacturing workshop'),
    displacement(usable, f.co2.reuseDisplacementShare.value, u, f, 'remanufactured pack in EV use', f.co2.reuseDisplacementShare.source),
  );
  return out;
}

export function recycleContributions(u: Unit, f: DecisionFactors, process: RecyclingProcess): Contribution[] {
  return [...recyclingContributions(u, process, f), transport(u, f, f.transport.distanceKm.recycle.value, `${process} recycler`)];
}

export function contributionsFor(route: Route, u: Unit, f: DecisionFactors, view: SohView, removed: RemovedModuleValue): Contribution[] {
  switch (route) {
    case 'reuse':
      return reuseContributions(u, f, view);
    case 'repurpose':
      return repurposeContributions(u, f, view);
    case 'remanufacture':
      return remanufactureContributions(u, f, view, removed);
    default:
      return recycleContributions(u, f, route.slice('recycle-'.length) as RecyclingProcess);
  }
}
