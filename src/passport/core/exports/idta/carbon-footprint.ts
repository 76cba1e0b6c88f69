/**
 * IDTA-02035-3 Carbon Footprint (`io.admin-shell.idta.batterypass.carbon_footprint` 1.0.0), Art. 7 and
 * Annex XIII(1)(c). `PcfCo2eq` is in kg CO2e per `QuantityOfMeasureForCalculation` of
 * `ReferenceImpactUnitForCalculation` (io.admin-shell.idta.carbon_footprint 1.0.0, unit kilogram).
 * Entries we write, following the template's guidance (LifeCyclePhases description, DIN DKE SPEC 99100 6.3):
 * - total per functional unit (#19): 1 `kwH` (upstream spelling), all four DIN life-cycle stages;
 * - one entry per stage share (#20-23) with the absolute kg CO2e/kWh of that stage (share × total),
 *   stages A1 raw material supply (6.3.3), A3 production (6.3.4), A4 transport (6.3.5), C3 recycling (6.3.6);
 * - the absolute footprint (#27, tCO2e) as 1 `piece` in kilograms (× 1000).
 * Every entry repeats the performance class (#24) and the study (#25), both required per entry upstream.
 */
import type { Built, ExportContext, JsonObject } from './values.js';
import { Requirements, round12 } from './values.js';
import { VDI2770_CLASSES } from './documents.js';
import type { ImportState } from './import-state.js';
import type { Obj, Reader } from './reader.js';

const STAGES: readonly { key: string; phase: string }[] = [
  { key: 'carbonFootprintRawMaterialShare', phase: 'A1 - raw material supply (and upstream production)' },
  { key: 'carbonFootprintProductionShare', phase: 'A3 - production' },
  { key: 'carbonFootprintDistributionShare', phase: 'A4 - transport to final destination' },
  { key: 'carbonFootprintEndOfLifeShare', phase: 'C3 - recycling, waste treatment' },
];
const ALL_PHASES = STAGES.map((s) => s.phase);
/** Art. 7(1) asks for the footprint calculated per the Annex II methodology; that is the method we declare. */
const METHOD = 'Regulation (EU) 2023/1542 Annex II';
const PER_KWH = 'kwH';
const PER_PIECE = 'piece';
const KG_PER_TONNE = 1000;

export function buildCarbonFootprint(ctx: ExportContext): Built {
  const { attrs, docs } = ctx;
  const req = new Requirements();
  const klass = req.need('ProductCarbonFootprints[].PerformanceClass ← carbonFootprintPerformanceClass', attrs.str('carbonFootprintPerformanceClass'));
  const perKwh = attrs.num('carbonFootprintPerFunctionalUnit');
  const absolute = attrs.num('absoluteCarbonFootprint');
  if (perKwh === undefined && absolute === undefined) {
    req.missing.push('ProductCarbonFootprints[].PcfCo2eq ← carbonFootprintPerFunctionalUnit or absoluteCarbonFootprint');
  }

  return req.result(() => {
    const url = attrs.str('carbonFootprintStudy');
    const study =
      url === undefined
        ? []
        : [
            docs.add({
              id: 'carbonFootprintStudy',
              title: 'Public carbon footprint study',
              url,
              vdi: VDI2770_CLASSES.certificates,
              din: { chapter: '6.3.8', name: 'Web link to public carbon footprint study' },
            }),
          ];
    const entry = (co2: number, unit: string, phases: readonly string[]): JsonObject => ({
      PcfCalculationMethods: [METHOD],
      PcfCo2eq: co2,
      ReferenceImpactUnitForCalculation: unit,
      QuantityOfMeasureForCalculation: 1,
      LifeCyclePhases: [...phases],
      PerformanceClass: klass as string,
      WebLinkToPublicCarbonFootprintStudy: study,
    });
    const out: JsonObject[] = [];
    if (perKwh !== undefined) {
      out.push(entry(perKwh, PER_KWH, ALL_PHASES));
      // A zero total leaves no absolute stage values from which the shares could be recovered.
      if (perKwh > 0) {
        for (const s of STAGES) {
          const share = attrs.num(s.key);
          if (share !== undefined) out.push(entry(round12((perKwh * share) / 100), PER_KWH, [s.phase]));
        }
      }
    }
    if (absolute !== undefined) out.push(entry(round12(absolute * KG_PER_TONNE), PER_PIECE, ALL_PHASES));
    return { ProductCarbonFootprints: out };
  });
}

interface Entry {
  o: Obj;
  perUnit: number;
  unit: string;
  phases: string[];
}

export function readCarbonFootprint(r: Reader, content: unknown, state: ImportState): void {
  const root = r.root(content);
  const entries: Entry[] = root.list('ProductCarbonFootprints').map((o) => {
    const qty = o.num('QuantityOfMeasureForCalculation');
    if (qty <= 0) r.fail(o.at('QuantityOfMeasureForCalculation'), 'must be greater than 0');
    const co2 = o.num('PcfCo2eq');
    return { o, perUnit: qty === 1 ? co2 : round12(co2 / qty), unit: o.str('ReferenceImpactUnitForCalculation'), phases: o.strings('LifeCyclePhases') };
  });
  const totals = entries.filter((e) => e.unit === PER_KWH && e.phases.length > 1);
  const stages = entries.filter((e) => e.unit === PER_KWH && e.phases.length === 1);
  const pieces = entries.filter((e) => e.unit === PER_PIECE);
  for (const e of entries) {
    if (!totals.includes(e) && !stages.includes(e) && !pieces.includes(e)) {
      r.warn(e.o.path, `footprint per ${JSON.stringify(e.unit)} has no catalogue attribute (we hold per-kWh and per-battery values); ignored`);
    }
  }
  if (totals.length > 1) r.warn(totals[1].o.path, 'more than one total per-kWh footprint; the first is used');
  if (pieces.length > 1) r.warn(pieces[1].o.path, 'more than one per-battery footprint; the first is used');

  const total = totals[0];
  if (total) state.set('carbonFootprintPerFunctionalUnit', total.perUnit, total.o, 'PcfCo2eq');
  for (const e of stages) {
    const stage = STAGES.find((s) => s.phase === e.phases[0]);
    if (!stage) r.warn(e.o.at('LifeCyclePhases'), `stage ${JSON.stringify(e.phases[0])} has no catalogue share attribute; ignored`);
    else if (!total || total.perUnit === 0) r.warn(e.o.path, 'stage footprint without a non-zero total per-kWh footprint; share not derivable');
    else state.set(stage.key, round12((e.perUnit / total.perUnit) * 100), e.o, 'PcfCo2eq');
  }
  if (pieces[0]) state.set('absoluteCarbonFootprint', round12(pieces[0].perUnit / KG_PER_TONNE), pieces[0].o, 'PcfCo2eq');

  const lead = total ?? pieces[0] ?? stages[0];
  if (lead) {
    state.set('carbonFootprintPerformanceClass', lead.o.str('PerformanceClass'), lead.o, 'PerformanceClass');
    const study = state.documentUrl(lead.o, 'WebLinkToPublicCarbonFootprintStudy');
    if (study) state.set('carbonFootprintStudy', study.url, lead.o, 'WebLinkToPublicCarbonFootprintStudy');
  }
}
