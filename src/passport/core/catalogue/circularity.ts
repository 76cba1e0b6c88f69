/**
 * Longlist #36-51: circularity and resource efficiency (Annex XIII(1)(e)-(f), (2)(b)-(d); Art. 8; Art. 74).
 * Dismantling, part numbers, spare-part sources and safety measures are Annex XIII point 2 data
 * (legitimate interest + Commission); recycled and renewable shares are public.
 */
import type { AttributeDef } from './model.js';
import { MANUFACTURER, attr } from './define.js';
import { PATTERNS, documentLink, list, obj, opt, partReference, percent, postalAddress, req, text, uri } from './shapes.js';

const group = 'circularityAndResourceEfficiency' as const;

type Metal = 'Nickel' | 'Cobalt' | 'Lithium' | 'Lead';

function recycledShare(number: number, kind: 'pre' | 'post', metal: Metal): AttributeDef {
  const stage = kind === 'pre' ? 'preConsumer' : 'postConsumer';
  const label = kind === 'pre' ? 'Pre-consumer' : 'Post-consumer';
  const origin = kind === 'pre' ? 'manufacturing waste' : 'post-consumer waste';
  // Art. 8(1): Co, Li and Ni shares refer to the active materials, the lead share to the whole battery.
  const basis = metal === 'Lead' ? 'the lead in the battery' : `the ${metal.toLowerCase()} in the active materials`;
  return attr({
    key: `${stage}Recycled${metal}Share`,
    number,
    name: `${label} recycled ${metal.toLowerCase()} share`,
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    unit: '%',
    type: percent,
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(e); Art. 8(1)',
    description: `Share of ${basis} recovered from ${origin}.`,
  });
}

function endUserDocument(number: number, key: string, name: string, ref: string, description: string): AttributeDef {
  return attr({
    key,
    number,
    name,
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    type: uri,
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: ref,
    description,
  });
}

export const CIRCULARITY_ATTRIBUTES: readonly AttributeDef[] = [
  attr({
    key: 'dismantlingInformation',
    number: 36,
    name: 'Dismantling and removal information',
    group,
    tier: 'legitimateInterestAndCommission',
    behaviour: 'static',
    granularity: 'model',
    type: list(documentLink, 50, 1),
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(2)(c)',
    description: 'Manuals, drawings, 3D models and bills of material needed to remove and take apart the battery pack.',
  }),
  attr({
    key: 'partNumbers',
    number: 37,
    name: 'Part numbers for components',
    group,
    tier: 'legitimateInterestAndCommission',
    behaviour: 'static',
    granularity: 'model',
    type: list(partReference, 500, 1),
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(2)(b)',
    description: 'Part numbers of the replaceable components (modules, cells, BMS, housing parts).',
  }),
  attr({
    key: 'sparePartSources',
    number: 38,
    name: 'Sources of spare parts',
    group,
    tier: 'legitimateInterestAndCommission',
    behaviour: 'static',
    granularity: 'model',
    type: list(
      obj({
        supplierName: req(text(200)),
        postalAddress: req(postalAddress),
        emailAddress: req(text(254, PATTERNS.email)),
        webAddress: opt(uri),
        components: req(list(partReference, 200, 1)),
      }),
      50,
      1,
    ),
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(2)(b)',
    description: 'Suppliers of spare parts with their contact details and the parts each one supplies.',
  }),
  attr({
    key: 'safetyMeasures',
    number: 39,
    name: 'Safety measures',
    group,
    tier: 'legitimateInterestAndCommission',
    behaviour: 'static',
    granularity: 'model',
    type: uri,
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(2)(d); Art. 74(2)',
    description: 'Link to the safety instructions for handling, transport, dismantling and storage of the battery.',
  }),
  recycledShare(40, 'pre', 'Nickel'),
  recycledShare(41, 'pre', 'Cobalt'),
  recycledShare(42, 'pre', 'Lithium'),
  recycledShare(43, 'pre', 'Lead'),
  recycledShare(44, 'post', 'Nickel'),
  recycledShare(45, 'post', 'Cobalt'),
  recycledShare(46, 'post', 'Lithium'),
  recycledShare(47, 'post', 'Lead'),
  attr({
    key: 'renewableContentShare',
    number: 48,
    name: 'Renewable content share',
    group,
    tier: 'public',
    behaviour: 'static',
    granularity: 'model',
    unit: '%',
    type: percent,
    evApplicability: 'mandatory',
    writers: MANUFACTURER,
    regulationRef: 'Annex XIII(1)(f)',
    description: 'Share of the battery material that comes from renewable sources.',
  }),
  endUserDocument(
    49,
    'wastePreventionInformation',
    'End-user role in waste prevention',
    'Art. 74(1)(a)',
    'Link to guidance on how end users help prevent battery waste, including longer use.',
  ),
  endUserDocument(
    50,
    'separateCollectionInformation',
    'End-user role in separate collection',
    'Art. 74(1)(b)',
    'Link to guidance on how end users contribute to separate collection of waste batteries.',
  ),
  endUserDocument(
    51,
    'endOfLifeInformation',
    'Collection, second life and treatment information',
    'Art. 74(1)(c)',
    'Link to information on take-back and collection points, preparation for second life and end-of-life treatment.',
  ),
];

/** Metals with an Art. 8 recycled-content share, in longlist order; keys follow `recycledShare` above. */
export const RECYCLED_CONTENT_METALS: readonly Metal[] = ['Nickel', 'Cobalt', 'Lithium', 'Lead'];
