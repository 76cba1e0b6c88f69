/**
 * Recovered-material value and CO₂ of one recycling process for a battery of given chemistry, energy and mass:
 * Σ content(kg/kWh) × rated kWh × yield × price, minus process cost per kg of battery; CO₂ credit for avoided
 * primary production minus process emissions (Ciez & Whitacre 2019 structure).
 */
import type { DecisionFactors } from './factors.js';
import { type Chemistry, type Contribution, MATERIALS, type RecyclingProcess } from './types.js';

export interface RecyclingUnit {
  chemistry: Chemistry;
  ratedEnergyKWh: number;
  massKg: number;
}

export function recyclingContributions(unit: RecyclingUnit, process: RecyclingProcess, f: DecisionFactors): Contribution[] {
  const p = f.recovery[process];
  const out: Contribution[] = [];
  const cathodeMetals = new Set(['lithiumCarbonate', 'nickel', 'cobalt', 'manganese']);
  for (const m of MATERIALS) {
    const content = f.materialKgPerKWh[unit.chemistry][m];
    const kg = content.value * unit.ratedEnergyKWh * p.yield[m].value;
    if (kg <= 0) continue;
    const premium = cathodeMetals.has(m) ? p.cathodePremium.value : 1;
    const price = f.metalPriceEurPerKg[m];
    out.push({
      factor: `recovered ${m} (${kg.toFixed(1)} kg)`,
      valueEur: kg * price.value * premium,
      co2AvoidedKg: kg * f.primaryKgCo2PerKg[m].value,
      source: `${price.value} ${price.unit} [${price.source}] × yield ${p.yield[m].value} × ${content.value} ${content.unit}${premium !== 1 ? ` × cathode premium ${premium}` : ''}`,
    });
  }
  out.push({
    factor: `${process} processing (${unit.massKg.toFixed(0)} kg)`,
    valueEur: -unit.massKg * p.costEurPerKg.value,
    co2AvoidedKg: -unit.massKg * p.kgCo2PerKg.value,
    source: `${p.costEurPerKg.value} ${p.costEurPerKg.unit}, ${p.kgCo2PerKg.value} ${p.kgCo2PerKg.unit} [${p.costEurPerKg.source}]`,
  });
  return out;
}

/** Share of the contained lithium a process recovers (checked against Annex XII Part B). */
export const lithiumYield = (process: RecyclingProcess, f: DecisionFactors) => f.recovery[process].yield.lithiumCarbonate.value;
