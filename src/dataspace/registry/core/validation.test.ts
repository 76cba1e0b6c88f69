/** Descriptor rules, the DSP subprotocol body and the battery shell helper. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateShellDescriptor, normaliseAssetLinks, MAX_AAS_ID_BYTES } from './validation.js';
import { formatSubprotocolBody, parseSubprotocolBody } from './subprotocol.js';
import { batteryShellDescriptor, negotiationTargets, globalReference, InvalidShellDescriptor } from './battery.js';
import { PUBLIC_READABLE, SEMANTIC_IDS, type AssetAdministrationShellDescriptor } from './types.js';

const HOLDER = 'did:web:cellforge.example';
const DSP = 'https://cellforge.example/api/dsp';

function battery(overrides: Partial<Parameters<typeof batteryShellDescriptor>[0]> = {}): AssetAdministrationShellDescriptor {
  return batteryShellDescriptor({
    batteryId: 'BAT-XYZ789',
    passportId: 'P-0001',
    manufacturerModelId: 'CF-NMC-75',
    holderDid: HOLDER,
    submodels: [{ semanticId: SEMANTIC_IDS.catenaxBatteryPass, assetId: 'batterypass-P-0001', href: 'https://cellforge.example/public/submodel', dspEndpoint: DSP, idShort: 'BatteryPass' }],
    ...overrides,
  });
}

function fields(d: AssetAdministrationShellDescriptor): string[] {
  return validateShellDescriptor(d).map((i) => i.field);
}

test('subprotocolBody: format and parse agree; URLs keep their "="; extra keys kept', () => {
  const body = formatSubprotocolBody({ assetId: 'asset-1', dspEndpoint: 'https://p.example/dsp?x=1' });
  assert.equal(body, 'id=asset-1;dspEndpoint=https://p.example/dsp?x=1');
  assert.deepEqual(parseSubprotocolBody(body), { ok: true, assetId: 'asset-1', dspEndpoint: 'https://p.example/dsp?x=1', params: { id: 'asset-1', dspEndpoint: 'https://p.example/dsp?x=1' } });
  const extra = parseSubprotocolBody('dspEndpoint=https://p.example/dsp;id=a;participantId=did:web:p.example;');
  assert.ok(extra.ok);
  assert.equal(extra.ok && extra.params.participantId, 'did:web:p.example');
  const bad: [string, RegExp][] = [
    ['dspEndpoint=https://p.example', /missing 'id/],
    ['id=a', /missing 'dspEndpoint/],
    ['id=a;dspEndpoint=ftp://p.example', /not an absolute http/],
    ['id=a;id=b;dspEndpoint=https://p.example', /twice/],
    ['id=a;junk;dspEndpoint=https://p.example', /not key=value/],
    ['id=a;dspEndpoint=https://user:pw@p.example', /not an absolute http/],
  ];
  for (const [b, re] of bad) {
    const r = parseSubprotocolBody(b);
    assert.equal(r.ok, false, b);
    assert.match(!r.ok ? r.reason : '', re, b);
  }
  assert.throws(() => formatSubprotocolBody({ assetId: 'a;b', dspEndpoint: DSP }), RangeError);
  assert.throws(() => formatSubprotocolBody({ assetId: 'a', dspEndpoint: 'not a url' }), RangeError);
});

test('batteryShellDescriptor: battery search ids, one entry per reader, DSP endpoint per submodel', () => {
  const d = battery();
  assert.equal(d.id, 'urn:batteryloop:aas:P-0001');
  assert.deepEqual(
    d.specificAssetIds.map((s) => [s.name, s.value, s.externalSubjectId?.keys[0].value]),
    [
      ['partInstanceId', 'BAT-XYZ789', PUBLIC_READABLE],
      ['manufacturerPartId', 'CF-NMC-75', PUBLIC_READABLE],
      ['passportId', 'P-0001', PUBLIC_READABLE],
      ['holderDid', HOLDER, PUBLIC_READABLE],
    ],
  );
  const sm = d.submodelDescriptors[0];
  assert.deepEqual(sm.semanticId, { type: 'ExternalReference', keys: [{ type: 'GlobalReference', value: SEMANTIC_IDS.catenaxBatteryPass }] });
  assert.equal(sm.endpoints[0].interface, 'SUBMODEL-3.0');
  assert.equal(sm.endpoints[0].protocolInformation.subprotocolBody, `id=batterypass-P-0001;dspEndpoint=${DSP}`);
  assert.deepEqual(negotiationTargets(d), [
    { submodelId: 'urn:batteryloop:submodel:P-0001:0', semanticId: SEMANTIC_IDS.catenaxBatteryPass, assetId: 'batterypass-P-0001', dspEndpoint: DSP, href: 'https://cellforge.example/public/submodel' },
  ]);
  const restricted = battery({ readers: ['did:web:recycler.example', 'did:web:authority.example'] });
  assert.equal(restricted.specificAssetIds.length, 8);
  assert.deepEqual(validateShellDescriptor(restricted), []);
});

test('batteryShellDescriptor refuses bad input naming the field', () => {
  const e1 = (() => {
    try {
      battery({ submodels: [{ semanticId: 'x', assetId: 'a;b', href: 'https://h.example', dspEndpoint: DSP }] });
    } catch (e) {
      return e;
    }
  })();
  assert.ok(e1 instanceof InvalidShellDescriptor);
  assert.equal(e1.issues[0].field, 'submodels.0');
  assert.throws(() => battery({ readers: ['BPNL000000000001'] }), (e: unknown) => e instanceof InvalidShellDescriptor && e.issues.some((i) => i.field === 'specificAssetIds.0.externalSubjectId.keys.0.value'));
  assert.throws(() => battery({ readers: [] }), InvalidShellDescriptor);
  assert.throws(() => battery({ submodels: [{ semanticId: 'x', assetId: 'a', href: 'relative/path', dspEndpoint: DSP }] }), (e: unknown) => e instanceof InvalidShellDescriptor && e.issues[0].field === 'submodelDescriptors.0.endpoints.0.protocolInformation.href');
});

test('validateShellDescriptor names each broken field', () => {
  const base = battery();
  assert.deepEqual(validateShellDescriptor(base), []);
  const cases: [string, AssetAdministrationShellDescriptor, string][] = [
    ['empty id', { ...base, id: '' }, 'id'],
    ['id too long to address in a path', { ...base, id: 'x'.repeat(MAX_AAS_ID_BYTES + 1) }, 'id'],
    ['multi-byte id over the byte limit', { ...base, id: 'ä'.repeat(MAX_AAS_ID_BYTES / 2 + 1) }, 'id'],
    ['control character in id', { ...base, id: 'a\nb' }, 'id'],
    ['idShort pattern', { ...base, idShort: '1abc' }, 'idShort'],
    ['idShort ending in -', { ...base, idShort: 'ab-' }, 'idShort'],
    ['reserved name', { ...base, specificAssetIds: [{ name: 'globalAssetId', value: 'x', externalSubjectId: globalReference(PUBLIC_READABLE) }] }, 'specificAssetIds.0.name'],
    ['subject not a DID', { ...base, specificAssetIds: [{ name: 'a', value: 'x', externalSubjectId: globalReference('someone') }] }, 'specificAssetIds.0.externalSubjectId.keys.0.value'],
    ['two keys', { ...base, specificAssetIds: [{ name: 'a', value: 'x', externalSubjectId: { type: 'ExternalReference', keys: [{ type: 'GlobalReference', value: PUBLIC_READABLE }, { type: 'GlobalReference', value: PUBLIC_READABLE }] } }] }, 'specificAssetIds.0.externalSubjectId'],
    ['duplicate specific id', { ...base, specificAssetIds: [base.specificAssetIds[0], base.specificAssetIds[0]] }, 'specificAssetIds.1'],
    ['value over 2000 bytes', { ...base, specificAssetIds: [{ name: 'a', value: '€'.repeat(700) }] }, 'specificAssetIds.0.value'],
    ['duplicate submodel id', { ...base, submodelDescriptors: [base.submodelDescriptors[0], base.submodelDescriptors[0]] }, 'submodelDescriptors.1.id'],
    ['no endpoints', { ...base, submodelDescriptors: [{ ...base.submodelDescriptors[0], endpoints: [] }] }, 'submodelDescriptors.0.endpoints'],
    [
      'bad subprotocolBody',
      { ...base, submodelDescriptors: [{ ...base.submodelDescriptors[0], endpoints: [{ interface: 'SUBMODEL-3.0', protocolInformation: { href: 'https://h.example', subprotocol: 'DSP', subprotocolBody: 'assetId=a' } }] }] },
      'submodelDescriptors.0.endpoints.0.protocolInformation.subprotocolBody',
    ],
    ['empty semantic id', { ...base, submodelDescriptors: [{ ...base.submodelDescriptors[0], semanticId: globalReference('') }] }, 'submodelDescriptors.0.semanticId.keys.0.value'],
  ];
  for (const [why, d, field] of cases) assert.deepEqual(fields(d), [field], why);
  // the same id with different subjects is how one id is shared with several readers
  const shared = { ...base, specificAssetIds: [{ name: 'a', value: 'x', externalSubjectId: globalReference('did:web:r1.example') }, { name: 'a', value: 'x', externalSubjectId: globalReference('did:web:r2.example') }] };
  assert.deepEqual(validateShellDescriptor(shared), []);
  assert.deepEqual(validateShellDescriptor({ id: 'urn:x', specificAssetIds: [], submodelDescriptors: [] }), [], 'a bare shell is allowed');
});

test('normaliseAssetLinks drops repeats and names bad links', () => {
  assert.deepEqual(normaliseAssetLinks([{ name: 'a', value: '1' }, { name: 'a', value: '1' }, { name: 'b', value: '1' }]), { ok: true, links: [{ name: 'a', value: '1' }, { name: 'b', value: '1' }] });
  const bad = normaliseAssetLinks([{ name: 'a', value: '1' }, { name: '', value: '1' }]);
  assert.deepEqual(bad, { ok: false, issues: [{ field: '1.name', reason: 'must be 1..64 characters' }] });
  assert.equal(normaliseAssetLinks([]).ok, false);
  assert.equal(normaliseAssetLinks(Array.from({ length: 21 }, (_, i) => ({ name: 'n', value: String(i) }))).ok, false);
});
