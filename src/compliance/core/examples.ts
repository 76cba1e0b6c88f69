/**
 * A worked example batch (two NMC packs through a hydrometallurgical route), used by the tests and the sample report.
 * Output masses are illustrative, sized so the element balance closes with plausible recovery yields; compound
 * masses follow stoichiometry (Ni is 22.3 % of NiSO4·6H2O, Co 21.0 % of CoSO4·7H2O, Mn 32.5 % of MnSO4·H2O,
 * Li 18.8 % of Li2CO3), which is why `inputDerivedMassKg` is below `massKg` for the salts.
 */
import type { OutputFraction, RecyclerBatch } from './batch.js';

export function exampleOutputs(liRecoveredKg = 12.5): OutputFraction[] {
  return [
    { fractionId: 'F-steel', name: 'steel scrap', massKg: 84, componentsKg: { steel: 84 }, fate: 'recycled' },
    { fractionId: 'F-al', name: 'aluminium scrap', massKg: 170, componentsKg: { Al: 170 }, fate: 'recycled' },
    { fractionId: 'F-cu', name: 'copper granulate', massKg: 74, componentsKg: { Cu: 74 }, fate: 'recycled' },
    { fractionId: 'F-plastics', name: 'plastics', massKg: 40, componentsKg: { plastics: 40 }, fate: 'energy-recovery' },
    { fractionId: 'F-ni', name: 'nickel sulfate hexahydrate', massKg: 327, inputDerivedMassKg: 73, componentsKg: { Ni: 73 }, fate: 'recycled' },
    { fractionId: 'F-co', name: 'cobalt sulfate heptahydrate', massKg: 117, inputDerivedMassKg: 24.5, componentsKg: { Co: 24.5 }, fate: 'recycled' },
    { fractionId: 'F-mn', name: 'manganese sulfate monohydrate', massKg: 67.7, inputDerivedMassKg: 22, componentsKg: { Mn: 22 }, fate: 'recycled' },
    { fractionId: 'F-li', name: 'lithium carbonate', massKg: liRecoveredKg / 0.1878, inputDerivedMassKg: liRecoveredKg, componentsKg: { Li: liRecoveredKg }, fate: 'recycled' },
    { fractionId: 'F-graphite', name: 'graphite (leach residue, purified)', massKg: 110, componentsKg: { graphite: 110 }, fate: 'recycled' },
    { fractionId: 'F-electrolyte', name: 'electrolyte (evaporated, scrubbed)', massKg: 80, componentsKg: { electrolyte: 80 }, fate: 'disposal' },
    { fractionId: 'F-residue', name: 'leach residue', massKg: 100, componentsKg: { other: 100 }, fate: 'disposal' },
  ];
}

export function exampleBatch(processedOn = '2026-03-15', outputs: OutputFraction[] = exampleOutputs()): RecyclerBatch {
  return {
    batchId: `B-${processedOn}`,
    recyclerId: 'recycler-demo',
    processedOn,
    intake: [
      { passportId: 'urn:uuid:pp-0001', batteryId: 'BAT-0001', chemistry: 'NMC', massKg: 400, origin: 'post-consumer' },
      { passportId: 'urn:uuid:pp-0002', batteryId: 'BAT-0002', chemistry: 'NMC', massKg: 450, origin: 'post-consumer' },
    ],
    route: ['discharge', 'dismantling', 'mechanical-pretreatment', 'black-mass', 'hydrometallurgy'],
    outputs,
  };
}
