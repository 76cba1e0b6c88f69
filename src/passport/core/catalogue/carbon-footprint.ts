/**
 * Longlist #19-27: carbon footprint (Art. 7, Annex II, Annex XIII(1)(c)).
 * Stage contributions are shares in % of the total; the four stages named in Art. 7(1)(c) exclude the
 * use stage, so they add up to 100 %. Exporters that need absolute values per stage multiply by #19.
 */
import type { AttributeDef } from './model.js';
import { MANUFACTURER, attr } from './define.js';
import { num, obj, oneOf, percent, req, text, uri } from './shapes.js';

const group = 'carbonFootprint' as const;

function stageShare(number: number, key: string, name: string, stage: string): AttributeDef {
  return attr({
    key,
    number,
    name,
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    unit: '%',
    type: percent,
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(c); Art. 7(1)(c)',
    description: `Share of the battery carbon footprint caused by the ${stage} stage.`,
  });
}

export const CARBON_FOOTPRINT_ATTRIBUTES: readonly AttributeDef[] = [
  attr({
    key: 'carbonFootprintPerFunctionalUnit',
    number: 19,
    name: 'Carbon footprint per functional unit',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    unit: 'kgCO2e/kWh',
    // Functional unit (Annex II): one kWh of total energy delivered over the expected service life.
    type: num(0, 1000),
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(c); Art. 7(1)',
    description: 'Life-cycle greenhouse gas emissions per kWh of energy the battery delivers over its service life.',
  }),
  stageShare(20, 'carbonFootprintRawMaterialShare', 'Raw material acquisition share', 'raw material acquisition and pre-processing'),
  stageShare(21, 'carbonFootprintProductionShare', 'Main production share', 'main product production'),
  stageShare(22, 'carbonFootprintDistributionShare', 'Distribution share', 'distribution'),
  stageShare(23, 'carbonFootprintEndOfLifeShare', 'End of life and recycling share', 'end-of-life and recycling'),
  attr({
    key: 'carbonFootprintPerformanceClass',
    number: 24,
    name: 'Carbon footprint performance class',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    // Class boundaries come from the Art. 7(2) delegated act; letters A (best) to G are reserved.
    type: oneOf(['A', 'B', 'C', 'D', 'E', 'F', 'G']),
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(c); Art. 7(2)',
    description: 'Performance class the model falls into on the carbon footprint scale.',
  }),
  attr({
    key: 'carbonFootprintStudy',
    number: 25,
    name: 'Carbon footprint study',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    type: uri,
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(c); Art. 7(1)(g)',
    description: 'Web link to the public version of the study behind the declared carbon footprint.',
  }),
  attr({
    key: 'carbonFootprintDeclarantInformation',
    number: 26,
    name: 'Carbon footprint declarant and model information',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    type: obj({
      manufacturerIdentifier: req(text(200)),
      manufacturerName: req(text(200)),
      batteryModelIdentifier: req(text(200)),
      manufacturingFacilityLocation: req(text(300)),
    }),
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(c); Art. 7(1)(a)-(c)',
    description: 'Manufacturer, battery model and plant location the carbon footprint declaration refers to.',
  }),
  attr({
    key: 'absoluteCarbonFootprint',
    number: 27,
    name: 'Absolute carbon footprint',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    unit: 'tCO2e',
    type: num(0, 10000),
    evApplicability: 'optional',
    writers: MANUFACTURER,
    regulationRef: 'DIN DKE SPEC 99100 (voluntary, no regulation reference)',
    description: 'Total life-cycle greenhouse gas emissions of one battery in tonnes of CO2 equivalent.',
  }),
];
