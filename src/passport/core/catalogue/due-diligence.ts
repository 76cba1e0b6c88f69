/** Longlist #28-30: supply chain due diligence (Art. 47-52, Annex XIII(1)(d)). */
import type { AttributeDef } from './model.js';
import { MANUFACTURER, attr } from './define.js';
import { num, uri } from './shapes.js';

const group = 'supplyChainDueDiligence' as const;

export const DUE_DILIGENCE_ATTRIBUTES: readonly AttributeDef[] = [
  attr({
    key: 'dueDiligenceReport',
    number: 28,
    name: 'Due diligence report',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    type: uri,
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(d); Art. 52(3)',
    description: 'Link to the published report on the supply chain due diligence policy and its results.',
  }),
  attr({
    key: 'thirdPartyAssurances',
    number: 29,
    name: 'Third-party assurances',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    type: uri,
    evApplicability: 'optional',
    writers: MANUFACTURER,
    regulationRef: 'Art. 49(d) (voluntary)',
    description: 'Link to verification results from recognised due diligence schemes.',
  }),
  attr({
    key: 'supplyChainIndices',
    number: 30,
    name: 'Supply chain indices',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    // Dimensionless score; no method is fixed yet, 0..100 keeps it comparable across schemes.
    type: num(0, 100),
    evApplicability: 'optional',
    writers: MANUFACTURER,
    regulationRef: 'DIN DKE SPEC 99100 (voluntary, no regulation reference)',
    description: 'Aggregated score describing supply chain sustainability performance.',
  }),
];
