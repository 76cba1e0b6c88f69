/**
 * Every document our builders emit is valid against the official DSP 2025-1 schema (ajv 2019-09, all schemas of
 * shared/fixtures/dsp in one instance) and parses back, after a JSON round trip, to an equal message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { skipWithoutShared } from '../../../test/support/shared.js';
import * as dsp from './index.js';
import { describeAjvErrors, dspSchemas, SCHEMA_FOR_TYPE } from './test-support/dsp-schemas.js';
import {
  agreementArb,
  catalogOfferArb,
  codeArb,
  dataAddressArb,
  dataServiceArb,
  datasetInputArb,
  distributionArb,
  idArb,
  reasonArb,
  targetedOfferArb,
  urlArb,
} from './test-support/arbitraries.js';

const schemaTest = { skip: skipWithoutShared };

function assertSchemaValid(type: string, doc: unknown): void {
  const validate = dspSchemas().validator(SCHEMA_FOR_TYPE[type] as string);
  assert.ok(validate(doc), `${type} against ${SCHEMA_FOR_TYPE[type]}: ${describeAjvErrors(validate.errors)}\n${JSON.stringify(doc)}`);
}

/** Over the wire and back: what the peer's parser sees. */
function assertParsesBack(doc: dsp.DspMessage): void {
  const received: unknown = JSON.parse(JSON.stringify(doc));
  const parsed = dsp.parseMessage(doc['@type'], received);
  assert.ok(parsed.ok, JSON.stringify(parsed.ok ? [] : parsed.errors));
  assert.deepStrictEqual(parsed.message, doc);
}

const ids = { providerPid: 'urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab', consumerPid: 'urn:uuid:32541fe6-c580-409e-85a8-8a9a32fbe833' };
const policy: dsp.PolicyDoc = {
  permissions: [
    {
      action: 'use',
      constraints: [
        { kind: 'atomic', leftOperand: 'role', operator: 'isAnyOf', rightOperand: ['recycler', 'dismantler'] },
        {
          kind: 'logical',
          operator: 'or',
          constraints: [
            { kind: 'atomic', leftOperand: 'purpose', operator: 'eq', rightOperand: { iri: 'https://w3id.org/batteryloop/purpose/recycling' } },
            { kind: 'atomic', leftOperand: 'dateTime', operator: 'lt', rightOperand: { value: '2030-01-01T00:00:00Z', datatype: 'xsd:dateTime' } },
          ],
        },
      ],
      duties: [{ action: 'delete', constraints: [{ kind: 'atomic', leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 30 }] }],
    },
  ],
  prohibitions: [{ action: 'distribute', constraints: [] }],
  obligations: [],
};
const offer = { id: 'urn:uuid:d526561f-528e-4d5a-ae12-9a9dd9b7a518', target: 'urn:uuid:3dd1add8-4d2d-569e-d634-8394a8836a88', policy };
const agreement: dsp.AgreementTerms = {
  id: 'urn:uuid:e8dc8655-44c2-46ef-b701-4cffdc2faa44',
  target: offer.target,
  assigner: 'did:web:manufacturer.example',
  assignee: 'did:web:recycler.example',
  timestamp: '2026-03-01T10:00:00Z',
  policy,
};

/** One document per builder, covering optional parts. */
function samples(): { type: string; doc: unknown }[] {
  const address = dsp.dataAddress({ endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'https://provider.example/public', properties: [{ name: 'authorization', value: 'eyJ' }] });
  const service = { id: 'urn:uuid:4aa2dcc8-4d2d-569e-d634-8394a8834d77', endpointURL: 'https://provider.example/api/dsp/2025-1' };
  const datasetInput: dsp.DatasetInput = {
    id: offer.target,
    offers: [{ id: offer.id, policy }],
    distributions: [{ format: 'HttpData-PULL', accessService: service.id }, { format: 'HttpData-PULL', accessService: service }],
  };
  return [
    { type: 'CatalogRequestMessage', doc: dsp.catalogRequestMessage() },
    { type: 'CatalogRequestMessage', doc: dsp.catalogRequestMessage({ filter: [] }) },
    { type: 'DatasetRequestMessage', doc: dsp.datasetRequestMessage({ dataset: offer.target }) },
    { type: 'Dataset', doc: dsp.dataset(datasetInput) },
    { type: 'Catalog', doc: dsp.catalog({ id: 'urn:uuid:cat', participantId: 'did:web:manufacturer.example', services: [service], datasets: [datasetInput] }) },
    { type: 'Catalog', doc: dsp.catalog({ id: 'urn:uuid:empty', participantId: 'did:web:manufacturer.example' }) },
    {
      type: 'Catalog',
      doc: dsp.catalog({
        id: 'urn:uuid:root',
        participantId: 'did:web:manufacturer.example',
        catalogs: [{ id: 'urn:uuid:sub', services: [service], distributions: [{ format: 'Catalog', accessService: service.id }] }],
      }),
    },
    { type: 'CatalogError', doc: dsp.catalogError({ code: '400', reason: ['filter not supported'] }) },
    { type: 'ContractRequestMessage', doc: dsp.contractRequestMessage({ consumerPid: ids.consumerPid, offer, callbackAddress: 'https://consumer.example/cb/' }) },
    { type: 'ContractRequestMessage', doc: dsp.contractRequestMessage({ ...ids, offer }) },
    { type: 'ContractOfferMessage', doc: dsp.contractOfferMessage({ providerPid: ids.providerPid, offer, callbackAddress: 'https://provider.example/cb' }) },
    { type: 'ContractOfferMessage', doc: dsp.contractOfferMessage({ ...ids, offer }) },
    { type: 'ContractAgreementMessage', doc: dsp.contractAgreementMessage({ ...ids, agreement }) },
    { type: 'ContractAgreementVerificationMessage', doc: dsp.contractAgreementVerificationMessage(ids) },
    { type: 'ContractNegotiationEventMessage', doc: dsp.contractNegotiationEventMessage({ ...ids, eventType: 'ACCEPTED' }) },
    { type: 'ContractNegotiationEventMessage', doc: dsp.contractNegotiationEventMessage({ ...ids, eventType: 'FINALIZED' }) },
    { type: 'ContractNegotiationTerminationMessage', doc: dsp.contractNegotiationTerminationMessage({ ...ids, code: 'policy', reason: ['no credential'] }) },
    { type: 'ContractNegotiationTerminationMessage', doc: dsp.contractNegotiationTerminationMessage({ ...ids, reason: [] }) },
    ...dsp.NEGOTIATION_STATES.map((state) => ({ type: 'ContractNegotiation', doc: dsp.contractNegotiation({ ...ids, state }) })),
    { type: 'ContractNegotiationError', doc: dsp.contractNegotiationError({ ...ids, code: '400', reason: ['invalid transition'] }) },
    {
      type: 'TransferRequestMessage',
      doc: dsp.transferRequestMessage({ consumerPid: ids.consumerPid, agreementId: agreement.id, format: 'HttpData-PULL', callbackAddress: 'https://consumer.example/cb' }),
    },
    {
      type: 'TransferRequestMessage',
      doc: dsp.transferRequestMessage({
        consumerPid: ids.consumerPid,
        agreementId: agreement.id,
        format: 'HttpData-PUSH',
        callbackAddress: 'https://consumer.example/cb',
        dataAddress: { endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'https://consumer.example/inbox' },
      }),
    },
    { type: 'TransferStartMessage', doc: dsp.transferStartMessage({ ...ids, dataAddress: { endpointType: address.endpointType, endpoint: address.endpoint, properties: [{ name: 'authorization', value: 'eyJ' }] } }) },
    { type: 'TransferStartMessage', doc: dsp.transferStartMessage(ids) },
    { type: 'TransferSuspensionMessage', doc: dsp.transferSuspensionMessage({ ...ids, code: '99', reason: ['maintenance'] }) },
    { type: 'TransferCompletionMessage', doc: dsp.transferCompletionMessage(ids) },
    { type: 'TransferTerminationMessage', doc: dsp.transferTerminationMessage({ ...ids, reason: ['agreement revoked'] }) },
    ...dsp.TRANSFER_STATES.map((state) => ({ type: 'TransferProcess', doc: dsp.transferProcess({ ...ids, state }) })),
    { type: 'TransferError', doc: dsp.transferError({ ...ids, code: '404' }) },
    { type: 'DataAddress', doc: address },
    {
      type: 'VersionResponse',
      doc: dsp.versionResponse([
        { path: '/api/dsp/2025-1', serviceId: 'did:web:manufacturer.example#dsp', identifierType: 'did:web', auth: { protocol: 'DCP', version: '1.0', profile: ['vc11-sl2021/jwt'] } },
      ]),
    },
    { type: 'DidService', doc: dsp.didService({ id: 'did:web:manufacturer.example#catalog', type: 'CatalogService', serviceEndpoint: 'https://manufacturer.example/api/dsp/2025-1/catalog' }) },
  ];
}

test('every builder output is valid against its official DSP schema', schemaTest, () => {
  const all = samples();
  const covered = new Set(all.map((s) => s.type));
  for (const type of Object.keys(SCHEMA_FOR_TYPE)) assert.ok(covered.has(type), `no builder sample for ${type}`);
  for (const { type, doc } of all) assertSchemaValid(type, doc);
});

test('every builder output parses back to an equal message', () => {
  for (const { doc } of samples()) {
    if (dsp.isDspMessageType((doc as { '@type'?: unknown })['@type'])) assertParsesBack(doc as dsp.DspMessage);
  }
});

test('builders carry the DSP context array and leave no undefined keys', () => {
  for (const { type, doc } of samples()) {
    const json = JSON.stringify(doc);
    assert.deepStrictEqual(JSON.parse(json), doc, `${type} has undefined-valued keys`);
    if (dsp.isDspMessageType(type)) assert.deepStrictEqual((doc as { '@context': unknown })['@context'], [dsp.DSP_CONTEXT]);
  }
});

test('a counter-request carries providerPid and no callbackAddress (schema oneOf)', () => {
  const msg = dsp.contractRequestMessage({ ...ids, offer });
  assert.equal(msg.providerPid, ids.providerPid);
  assert.equal('callbackAddress' in msg, false);
  const initial = dsp.contractRequestMessage({ consumerPid: ids.consumerPid, offer, callbackAddress: 'https://c.example/cb' });
  assert.equal('providerPid' in initial, false);
});

test('builders refuse input that cannot form a valid message', () => {
  assert.throws(() => dsp.contractNegotiation({ ...ids, providerPid: '', state: 'REQUESTED' }), dsp.DspBuildError);
  assert.throws(() => dsp.contractRequestMessage({ consumerPid: 'c', offer, callbackAddress: 'not a url' }), /callbackAddress/);
  assert.throws(() => dsp.contractAgreementMessage({ ...ids, agreement: { ...agreement, timestamp: '1 March 2026' } }), /timestamp/);
  assert.throws(() => dsp.contractRequestMessage({ consumerPid: 'c', offer: { ...offer, policy: { permissions: [], prohibitions: [], obligations: [] } }, callbackAddress: 'https://c.example' }), /permission/);
  const nan: dsp.PolicyDoc = { ...policy, permissions: [{ action: 'use', constraints: [{ kind: 'atomic', leftOperand: 'x', operator: 'eq', rightOperand: Number.NaN }] }] };
  assert.throws(() => dsp.contractRequestMessage({ consumerPid: 'c', offer: { ...offer, policy: nan }, callbackAddress: 'https://c.example' }), /finite/);
  assert.throws(() => dsp.didService({ id: 'did:web:x#dsp', type: 'DataService', serviceEndpoint: 'https://x.example/.well-known/dspace-version' }), dsp.DspBuildError);
});

// ---- property: random inputs → schema-valid output that parses back equal, with the policy intact -------------

const pidsArb = fc.record({ providerPid: idArb, consumerPid: idArb });

test('property: negotiation messages are schema-valid, parse back equal, and keep their policy', schemaTest, () => {
  fc.assert(
    fc.property(pidsArb, targetedOfferArb, agreementArb, urlArb, codeArb, reasonArb, (pids, offerTerms, agreementTerms, callbackAddress, code, reason) => {
      const docs: dsp.DspMessage[] = [
        dsp.contractRequestMessage({ consumerPid: pids.consumerPid, offer: offerTerms, callbackAddress }),
        dsp.contractRequestMessage({ ...pids, offer: offerTerms }),
        dsp.contractOfferMessage({ providerPid: pids.providerPid, offer: offerTerms, callbackAddress }),
        dsp.contractOfferMessage({ ...pids, offer: offerTerms }),
        dsp.contractAgreementMessage({ ...pids, agreement: agreementTerms }),
        dsp.contractNegotiationTerminationMessage({ ...pids, code, reason }),
        dsp.contractNegotiationError({ ...pids, code, reason }),
      ];
      for (const doc of docs) {
        assertSchemaValid(doc['@type'], doc);
        assertParsesBack(doc);
      }
      const request = docs[0] as dsp.ContractRequestMessage;
      assert.deepStrictEqual(dsp.offerFromWire(JSON.parse(JSON.stringify(request.offer))), { ok: true, value: offerTerms });
      const agreed = docs[4] as dsp.ContractAgreementMessage;
      assert.deepStrictEqual(dsp.agreementFromWire(JSON.parse(JSON.stringify(agreed.agreement))), { ok: true, value: agreementTerms });
    }),
    { numRuns: 150 },
  );
});

test('property: catalog documents are schema-valid, parse back equal, and keep their offers', schemaTest, () => {
  fc.assert(
    fc.property(
      idArb,
      idArb,
      fc.array(datasetInputArb, { maxLength: 3 }),
      fc.array(dataServiceArb, { maxLength: 2 }),
      fc.array(distributionArb, { maxLength: 2 }),
      (id, participantId, datasets, services, distributions) => {
        const cat = dsp.catalog({ id, participantId, datasets, services, catalogs: [{ id: `${id}/sub`, distributions, services }] });
        assertSchemaValid('Catalog', cat);
        assertParsesBack(cat);
        for (const input of datasets) {
          const ds = dsp.dataset(input);
          assertSchemaValid('Dataset', ds);
          assertParsesBack(ds);
          ds.hasPolicy.forEach((wire, i) => assert.deepStrictEqual(dsp.offerFromWire(wire), { ok: true, value: input.offers[i] }));
        }
      },
    ),
    { numRuns: 100 },
  );
});

test('property: transfer messages are schema-valid and parse back equal', schemaTest, () => {
  fc.assert(
    fc.property(pidsArb, idArb, urlArb, fc.option(dataAddressArb, { nil: undefined }), codeArb, reasonArb, (pids, agreementId, callbackAddress, address, code, reason) => {
      const docs: dsp.DspMessage[] = [
        dsp.transferRequestMessage({ consumerPid: pids.consumerPid, agreementId, format: 'HttpData-PULL', callbackAddress, dataAddress: address }),
        dsp.transferStartMessage({ ...pids, dataAddress: address }),
        dsp.transferSuspensionMessage({ ...pids, code, reason }),
        dsp.transferCompletionMessage(pids),
        dsp.transferTerminationMessage({ ...pids, code, reason }),
        dsp.transferError({ ...pids, code, reason }),
      ];
      for (const doc of docs) {
        assertSchemaValid(doc['@type'], doc);
        assertParsesBack(doc);
      }
    }),
    { numRuns: 150 },
  );
});

test('property: catalog offers built without target validate as catalog Offers', schemaTest, () => {
  const validate = dspSchemas().validator('negotiation/contract-schema.json', 'Offer');
  fc.assert(
    fc.property(catalogOfferArb, (terms) => {
      const wire = dsp.datasetOfferToWire(terms);
      assert.ok(validate(wire), describeAjvErrors(validate.errors));
      assert.equal('target' in wire, false);
    }),
    { numRuns: 100 },
  );
});
