/**
 * Dated, editable economic and environmental factors of the end-of-life decision. Every number carries its unit and
 * its source; prices are INDICATIVE mid-points of 2025 ranges (they move weekly) and exist so that the decision can
 * be recomputed, not to quote a market. Override any of them with a JSON file (`--factors`, see `mergeFactors`).
 */
import type { Chemistry, Material, RecyclingProcess, Sourced } from './types.js';

export interface DecisionFactors {
  asOf: string;
  note: string;
  currency: 'EUR';
  /** Price per kg of the traded form (lithium as Li₂CO₃, i.e. per kg LCE). */
  metalPriceEurPerKg: Record<Material, Sourced>;
  /** kg of each material per kWh of rated pack energy, by chemistry (lithium as kg LCE). */
  materialKgPerKWh: Record<Chemistry, Record<Material, Sourced>>;
  /** Primary-production footprint avoided per kg of recovered material. */
  primaryKgCo2PerKg: Record<Material, Sourced>;
  recovery: Record<RecyclingProcess, { yield: Record<Material, Sourced>; costEurPerKg: Sourced; kgCo2PerKg: Sourced; cathodePremium: Sourced }>;
  /** Annex XII Part B of Reg. (EU) 2023/1542: minimum lithium recovery and the date it applies from. */
  lithiumRecoveryTarget: { share: Sourced; appliesFrom: string };
  prices: {
    reuseEurPerKWh: Sourced;
    secondLifeEurPerKWh: Sourced;
    repurposeIntegrationEurPerKWh: Sourced;
    spareModuleEurPerKWh: Sourced;
    newPackEurPerKWh: Sourced;
    warrantyPremiumPerYear: Sourced;
    warrantyPremiumCap: Sourced;
    carbonPriceEurPerTonne: Sourced;
  };
  co2: {
    newBatteryKgCo2PerKWh: Record<Chemistry, Sourced>;
    reuseDisplacementShare: Sourced;
    repurposeDisplacementShare: Sourced;
  };
  labour: {
    rateEurPerHour: Sourced;
    packTestEur: Sourced;
    moduleTestEur: Sourced;
    hours: { reuse: Sourced; repurpose: Sourced; remanufactureBase: Sourced; remanufacturePerModule: Sourced; repurposePerModule: Sourced };
  };
  transport: {
    eurPerTonneKm: Sourced;
    kgCo2PerTonneKm: Sourced;
    adrClass9Multiplier: Sourced;
    damagedMultiplier: Sourced;
    damagedPackagingEurPerKg: Sourced;
    distanceKm: { reuse: Sourced; repurpose: Sourced; remanufacture: Sourced; recycle: Sourced };
  };
  thresholds: {
    reuseMinSohPct: Sourced;
    reuseMinSos: Sourced;
    repurposeMinSohPct: Sourced;
    repurposeMinSos: Sourced;
    criticalSos: Sourced;
    sohUncertaintyPct: Sourced;
    maxModuleSohSpreadPct: Sourced;
    maxResistanceSpreadPct: Sourced;
    remanufactureMinHealthyShare: Sourced;
    spareModuleSohPct: Sourced;
  };
}

const s = (value: number, unit: string, source: string): Sourced => ({ value, unit, source });

const LME = 'LME official cash, 2025 range';
const FM = 'Fastmarkets / Benchmark Mineral Intelligence assessments, 2025 range';
const STOICH =
  'cathode stoichiometry × typical active-material loading (Argonne BatPaC 5.0 cell designs); copper/aluminium/graphite from BatPaC pack bills of materials; indicative ±20 %';
const CIEZ = 'Ciez & Whitacre, Nat. Sustain. 2 (2019) 148 and Argonne EverBatt 2019 (Dai et al.); indicative';
const ANNEX_XII = 'Reg. (EU) 2023/1542 Annex XII Part B targets are the floor; literature yields (Harper et al., Nature 575 (2019) 75)';

/** kg per kWh rated (lithium as LCE = 5.323 × Li). */
function content(li: number, ni: number, co: number, mn: number, cu: number, al: number, gr: number, why: string): Record<Material, Sourced> {
  const src = `${STOICH}; ${why}`;
  return {
    lithiumCarbonate: s(li, 'kg LCE/kWh', src),
    nickel: s(ni, 'kg/kWh', src),
    cobalt: s(co, 'kg/kWh', src),
    manganese: s(mn, 'kg/kWh', src),
    copper: s(cu, 'kg/kWh', src),
    aluminium: s(al, 'kg/kWh', src),
    graphite: s(gr, 'kg/kWh', src),
  };
}

function yields(li: number, ni: number, co: number, mn: number, cu: number, al: number, gr: number, why: string): Record<Material, Sourced> {
  const src = `${ANNEX_XII}; ${why}`;
  const y = (v: number) => s(v, 'share', src);
  return { lithiumCarbonate: y(li), nickel: y(ni), cobalt: y(co), manganese: y(mn), copper: y(cu), aluminium: y(al), graphite: y(gr) };
}

export const DEFAULT_FACTORS: DecisionFactors = {
  asOf: '2025-06-30',
  note: 'Indicative 2025 values for a European decision; edit or override with a JSON file. EUR at ~1.08 USD.',
  currency: 'EUR',
  metalPriceEurPerKg: {
    lithiumCarbonate: s(9, 'EUR/kg LCE', `${FM}: battery-grade Li₂CO₃ CIF Asia 8–11 USD/kg; indicative`),
    nickel: s(14, 'EUR/kg', `${LME}: 14 500–16 500 USD/t; indicative`),
    cobalt: s(28, 'EUR/kg', `${FM}: standard-grade cobalt metal 21–35 USD/kg (DRC export ban from Feb 2025); indicative`),
    manganese: s(1.8, 'EUR/kg', `${FM}: electrolytic manganese metal 1.7–2.2 USD/kg; indicative`),
    copper: s(8.8, 'EUR/kg', `${LME}: 9 000–10 000 USD/t; indicative`),
    aluminium: s(2.3, 'EUR/kg', `${LME}: 2 300–2 700 USD/t; indicative`),
    graphite: s(1.0, 'EUR/kg', `${FM}: flake 94–95 % C 0.4–0.6 USD/kg, spherical anode grade 2–4 USD/kg; recovered graphite priced near flake; indicative`),
  },
  materialKgPerKWh: {
    NMC: content(0.6, 0.6, 0.12, 0.1, 0.75, 1.6, 1.1, 'NMC 622/811 mix: ~1.5 kg CAM/kWh'),
    NCA: content(0.55, 0.72, 0.09, 0, 0.75, 1.6, 1.1, 'NCA (Ni 0.80 Co 0.15 Al 0.05): ~1.4 kg CAM/kWh'),
    LFP: content(0.52, 0, 0, 0, 0.85, 1.9, 1.3, 'LiFePO₄ 4.4 % Li, ~2.2 kg CAM/kWh'),
    LMFP: content(0.52, 0, 0, 0.45, 0.85, 1.9, 1.3, 'LiMn₀.₆Fe₀.₄PO₄, ~2.1 kg CAM/kWh'),
    LMO: content(0.45, 0, 0, 1.1, 0.8, 1.8, 1.2, 'LiMn₂O₄ 3.8 % Li, ~2.2 kg CAM/kWh'),
    LTO: content(0.9, 0.3, 0.06, 0.05, 0.2, 2.4, 0, 'LTO anode (Li₄Ti₅O₁₂) with NMC cathode, no graphite, Al current collectors on both sides'),
    NaIon: content(0, 0.15, 0, 0.35, 0.1, 2.5, 0, 'layered-oxide sodium-ion, hard-carbon anode (no graphite value), Al foil on both electrodes'),
    other: content(0, 0, 0, 0, 0.7, 1.6, 0, 'unknown chemistry: only copper and aluminium are credited'),
  },
  primaryKgCo2PerKg: {
    lithiumCarbonate: s(9, 'kg CO2e/kg LCE', 'Kelly et al., Resour. Conserv. Recycl. 174 (2021) 105762: brine ~3, spodumene ~20; 2025 market blend; indicative'),
    nickel: s(13, 'kg CO2e/kg', 'Nickel Institute LCA 2023 (class 1 nickel, global average); indicative'),
    cobalt: s(9, 'kg CO2e/kg', 'Cobalt Institute LCA 2022 (refined cobalt); indicative'),
    manganese: s(5, 'kg CO2e/kg', 'IMnI LCA (electrolytic manganese); indicative'),
    copper: s(4, 'kg CO2e/kg', 'International Copper Association LCA 2023 (copper cathode); indicative'),
    aluminium: s(15, 'kg CO2e/kg', 'International Aluminium Institute 2022 global primary aluminium; indicative'),
    graphite: s(5, 'kg CO2e/kg', 'Engels et al., J. Clean. Prod. 336 (2022) 130474 (synthetic graphite ~4.9); indicative'),
  },
  recovery: {
    hydrometallurgical: {
      yield: yields(0.9, 0.95, 0.95, 0.9, 0.95, 0.9, 0, 'leaching recovers Li, Ni, Co, Mn; graphite leach residue not credited'),
      costEurPerKg: s(1.3, 'EUR/kg battery', `${CIEZ}: incl. discharge, dismantling and shredding`),
      kgCo2PerKg: s(1.0, 'kg CO2e/kg battery', CIEZ),
      cathodePremium: s(1, 'multiplier', 'metal salts sold at metal value'),
    },
    pyrometallurgical: {
      yield: yields(0, 0.95, 0.95, 0, 0.95, 0, 0, 'smelting: Li, Mn and Al report to slag, graphite burns as reductant'),
      costEurPerKg: s(1.1, 'EUR/kg battery', CIEZ),
      kgCo2PerKg: s(2.0, 'kg CO2e/kg battery', CIEZ),
      cathodePremium: s(1, 'multiplier', 'alloy sold at metal value'),
    },
    direct: {
      yield: yields(0.9, 0.95, 0.95, 0.95, 0.95, 0.9, 0.85, 'cathode relithiation keeps the crystal structure; graphite re-used'),
      costEurPerKg: s(1.2, 'EUR/kg battery', `${CIEZ}; pilot scale in 2025`),
      kgCo2PerKg: s(0.6, 'kg CO2e/kg battery', CIEZ),
      cathodePremium: s(1.25, 'multiplier', 'regenerated cathode sold as active material above its metal value (Ciez & Whitacre 2019); indicative'),
    },
  },
  lithiumRecoveryTarget: {
    share: s(0.5, 'share', 'Reg. (EU) 2023/1542 Annex XII Part B(2)(a): 50 % lithium recovery by 31 Dec 2027 (80 % by 31 Dec 2031)'),
    appliesFrom: '2027-12-31',
  },
  prices: {
    reuseEurPerKWh: s(110, 'EUR/kWh usable', 'used EV replacement packs trade at roughly 60–80 % of a new pack (BNEF 2024 pack average 115 USD/kWh); indicative'),
    secondLifeEurPerKWh: s(80, 'EUR/kWh usable', 'repurposed modules for stationary storage 40–120 EUR/kWh (Neubauer et al., NREL/TP-5400-63332 2015; Martinez-Laserna et al., RSER 93 (2018) 701); indicative'),
    repurposeIntegrationEurPerKWh: s(25, 'EUR/kWh usable', 'new BMS, rack and enclosure share of a second-life system (Martinez-Laserna et al. 2018); indicative'),
    spareModuleEurPerKWh: s(90, 'EUR/kWh rated', 'tested used module bought as a spare for remanufacturing; indicative'),
    newPackEurPerKWh: s(107, 'EUR/kWh', 'BNEF battery price survey Dec 2024: 115 USD/kWh pack average'),
    warrantyPremiumPerYear: s(0.03, 'share per year', 'project assumption: a transferable residual OEM warranty raises the price of a re-used pack'),
    warrantyPremiumCap: s(0.15, 'share', 'project assumption'),
    carbonPriceEurPerTonne: s(70, 'EUR/t CO2e', 'EU ETS allowance price 2025 range 60–85 EUR/t; used to weigh CO₂ against money'),
  },
  co2: {
    newBatteryKgCo2PerKWh: {
      NMC: s(80, 'kg CO2e/kWh', 'Emilsson & Dahllöf, IVL report C444 (2019): 61–106 kg CO2e/kWh'),
      NCA: s(80, 'kg CO2e/kWh', 'IVL C444 (2019): 61–106 kg CO2e/kWh'),
      LFP: s(65, 'kg CO2e/kWh', 'IVL C444 (2019) lower range; JRC Technical Report JRC127651 (2022)'),
      LMFP: s(65, 'kg CO2e/kWh', 'as LFP (IVL C444 2019)'),
      LMO: s(70, 'kg CO2e/kWh', 'IVL C444 (2019)'),
      LTO: s(100, 'kg CO2e/kWh', 'IVL C444 (2019) upper range (titanate anode)'),
      NaIon: s(70, 'kg CO2e/kWh', 'Peters et al., Energy Environ. Sci. 9 (2016) 1744; indicative'),
      other: s(80, 'kg CO2e/kWh', 'IVL C444 (2019) mid-range'),
    },
    reuseDisplacementShare: s(0.5, 'share', 'remaining-life allocation: a re-used pack defers half a new pack per usable kWh (Kamath et al., J. Clean. Prod. 252 (2020) 119823); indicative'),
    repurposeDisplacementShare: s(0.4, 'share', 'stationary second life displaces a new stationary battery for a shorter life (Kamath et al. 2020); indicative'),
  },
  labour: {
    rateEurPerHour: s(33.5, 'EUR/h', 'Eurostat 2024: average hourly labour cost, EU industry'),
    packTestEur: s(350, 'EUR/pack', 'full capacity + insulation + pulse test, ~8 h cycler time; indicative'),
    moduleTestEur: s(30, 'EUR/module', 'module capacity/pulse test on a multi-channel cycler; indicative'),
    hours: {
      reuse: s(2, 'h/pack', 'inspection, BMS read-out, certification (Art. 73 examination)'),
      repurpose: s(6, 'h/pack', 'dismantling to modules and re-integration; indicative'),
      repurposePerModule: s(0.5, 'h/module', 'handling one module into a rack; indicative'),
      remanufactureBase: s(8, 'h/pack', 'opening, re-balancing, closing and end-of-line test; indicative'),
      remanufacturePerModule: s(0.75, 'h/replaced module', 'swap and re-torque one module; indicative'),
    },
  },
  transport: {
    eurPerTonneKm: s(0.1, 'EUR/t·km', 'EU road freight 1.5–2 EUR/km for a 20 t load; indicative'),
    kgCo2PerTonneKm: s(0.08, 'kg CO2e/t·km', 'GLEC Framework v3 (2023) default, articulated truck EU'),
    adrClass9Multiplier: s(1.3, 'multiplier', 'ADR class 9 (UN 3480/3171) dangerous-goods surcharge; indicative'),
    damagedMultiplier: s(4, 'multiplier', 'ADR special provision 376 (damaged/defective, P911/LP906 packaging, no consolidation); indicative'),
    damagedPackagingEurPerKg: s(1.5, 'EUR/kg battery', 'certified thermal-containment packaging (P911); indicative'),
    distanceKm: {
      reuse: s(300, 'km', 'project assumption: regional workshop'),
      repurpose: s(400, 'km', 'project assumption: repurposing plant'),
      remanufacture: s(300, 'km', 'project assumption: remanufacturing workshop'),
      recycle: s(600, 'km', 'project assumption: European recycling plant'),
    },
  },
  thresholds: {
    reuseMinSohPct: s(80, '%', 'UN GTR No. 22 (2022) minimum performance 80 % SOCE at 5 years; EV reuse practice (Martinez-Laserna et al. 2018)'),
    reuseMinSos: s(0.8, '0..1', 'State of Safety "high" (Cabrera-Castillo et al., J. Power Sources 324 (2016) 509)'),
    repurposeMinSohPct: s(65, '%', 'second-life window 60–70 % before the ageing knee (Martinez-Laserna et al. 2018; Hossain et al., IEEE Access 7 (2019) 73215)'),
    repurposeMinSos: s(0.6, '0..1', 'State of Safety "medium"; Cabrera-Castillo et al. 2016'),
    criticalSos: s(0.3, '0..1', 'below this a battery is treated as damaged/defective (ADR SP 376): recycling only'),
    sohUncertaintyPct: s(5, '% points', 'UN GTR No. 22 SOCE monitor accuracy ±5 % points, used when no interval is given'),
    maxModuleSohSpreadPct: s(8, '% points', 'pack capacity is set by the weakest series module; >8 points spread wastes >8 % of the pack (Baumann et al., Energy Technol. 6 (2018) 2191)'),
    maxResistanceSpreadPct: s(25, '%', 'module resistance spread that needs re-balancing (Baumann et al. 2018); engineering rule'),
    remanufactureMinHealthyShare: s(0.7, 'share of modules', 'remanufacturing pays when most modules are kept; engineering rule'),
    spareModuleSohPct: s(90, '%', 'project assumption: spare modules are graded ≥ 90 % SoH'),
  },
};
