/**
 * The DSP TCK transfer-process scenarios (eclipse-dataspacetck/dsp-tck: TP_01..03 with the node as provider, TP_C_01..03
 * with the node as consumer; research notes §1.3 and §2) reproduced against real nodes over HTTP, plus the HTTP pull
 * data plane the provider's TransferStartMessage points to (endpoint + short-lived bearer token in its dataAddress).
 *
 * The counter-party is the scripted participant of `test/support/dsp-party.ts` (own did:web, authority credentials,
 * DCP tokens); every reply of the node and every message it sends is checked with `parseMessage`. Where the TCK scripts
 * a decision of the connector under test (suspend, resume, complete, terminate), `decide` plays EDC's test-only guard:
 * it applies the core intent function to the stored process, and the node's own outbox sends the message. The TCK's
 * "signal to start transfer" on the consumer is `TransferService.request`, or the operator's `/api/dataspace/fetch`.
 *
 * Where the connector auto-starts a requested transfer but a TCK case needs it to stay REQUESTED (TP:01-05, TP:02-05,
 * TP:03-01/02), the consumer withholds the start's acknowledgement (503): DSP moves the state only on the ACK.
 *
 * Revocation and token expiry run on a third provider node, `gate`, with an adjustable clock. A provider caches the
 * authority's status list for 60 s (`DspIdentity`), so a revocation reaches it only on its first fetch or after that;
 * `gate` verifies no DSP token before the revocation case, and its agreements are seeded as the TCK seeds them
 * (`TP_xx_AGREEMENTID`): a negotiation would fill the cache before the revocation. Expiry advances `gate`'s clock past
 * the 5-minute token lifetime instead of waiting.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { fetchCredentials, startTestDataspace, waitFor, type TestDataspace } from '../../../test/support/dataspace.js';
import { Party, negotiationReply, urn, type Json, type Reply } from '../../../test/support/dsp-party.js';
import { startNode, type NodeHandle } from '../../platform/node.js';
import { generateDemoPassports } from '../../passport/index.js';
import {
  agreementFromWire,
  contractAgreementMessage,
  contractAgreementVerificationMessage,
  contractNegotiationEventMessage,
  contractRequestMessage,
  dataset,
  offerFromWire,
  parseMessage,
  transferCompletionMessage,
  transferRequestMessage,
  transferStartMessage,
  transferSuspensionMessage,
  transferTerminationMessage,
  type DataAddressInput,
  type PolicyDoc,
  type ProcessIds,
  type TargetedOfferTerms,
  type TransferProcess,
  type TransferState,
} from '../dsp/index.js';
import { beginTransferCompletion, beginTransferResume, beginTransferSuspension, beginTransferTermination, transferWireState, type TransferOutcome } from '../core/index.js';
import { passportAssetId, publishedPolicyDoc } from '../connector/assets.js';
import { DSP_BASE_PATH } from '../connector/index.js';
import { DATAPLANE_TOKEN_TTL_MS, HTTP_ENDPOINT_TYPE, type Xfer } from '../connector/transfers.js';
import type { StoredAgreement } from '../adapters/pg-process-store.js';

const FORMAT = 'HttpData-PULL';
const P_ASSET = 'urn:tck:dataset:ATP0101';
const P_POLICY: PolicyDoc = { permissions: [{ action: 'use', constraints: [] }], prohibitions: [], obligations: [] };

let ds: TestDataspace;
let provider: NodeHandle; // node under test as provider (manufacturer)
let consumer: NodeHandle; // node under test as consumer (recycler)
let gate: NodeHandle; // a second provider with an adjustable clock, for revocation and token expiry
let gateSkewMs = 0;
let C: Party; // scripted consumer (recycler) of `provider`
let X: Party; // another recycler that must not reach C's processes
let P: Party; // scripted provider of `consumer`
let R: Party; // recycler whose credentials the authority revokes
let Q: Party; // recycler in good standing at `gate`
let batteryId: string;
let gateBatteryId: string;
let liOffer: TargetedOfferTerms;
let cAgreement: string; // C's finalized agreement with `provider`
let pAgreement: StoredAgreement; // the consumer node's finalized agreement with P
let dataServer: Server; // P's data plane
let dataUrl = '';
const dataTokens = new Map<string, string>(); // path → bearer token P issued
const PAYLOAD = { '@type': 'TckPayload', value: 42 };

const ids = (x: ProcessIds): ProcessIds => ({ consumerPid: x.consumerPid, providerPid: x.providerPid });
const terminate = (x: ProcessIds) => transferTerminationMessage({ ...ids(x), code: 'TCK', reason: ['scripted termination'] });
const suspend = (x: ProcessIds) => transferSuspensionMessage({ ...ids(x), code: 'TCK', reason: ['scripted suspension'] });
const complete = (x: ProcessIds) => transferCompletionMessage(ids(x));
const start = (x: ProcessIds, dataAddress?: DataAddressInput) => transferStartMessage({ ...ids(x), dataAddress });

/** A 2xx reply of the node: a valid TransferProcess (201 to a request, GET, and the 200 bodies this connector sends). */
function transferReply(r: Reply, status: 200 | 201, state?: TransferState): TransferProcess {
  assert.equal(r.status, status, JSON.stringify(r.body));
  const m = parseMessage('TransferProcess', r.body);
  assert.ok(m.ok, `reply is not a valid TransferProcess: ${JSON.stringify(r.body)}`);
  if (state) assert.equal(m.message.state, state);
  return m.message;
}

/** DSP 2025-1: unknown or unauthorised → 404, invalid message or transition → 400, each with a TransferError. */
function errorReply(r: Reply, status: 400 | 404): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.ok(parseMessage('TransferError', r.body).ok, `refusal is not a valid TransferError: ${JSON.stringify(r.body)}`);
}

/** The pull endpoint and token of a TransferStartMessage the node sent. */
function grantOf(msg: Json): { endpoint: string; token: string } {
  const a = msg.dataAddress as { endpointType: string; endpoint?: string; endpointProperties?: { name: string; value: string }[] } | undefined;
  assert.ok(a, 'a pull TransferStartMessage carries a dataAddress');
  assert.equal(a.endpointType, HTTP_ENDPOINT_TYPE);
  assert.match(a.endpoint ?? '', /^https?:\/\//);
  const token = a.endpointProperties?.find((p) => p.name === 'authorization')?.value;
  assert.ok(token, 'the dataAddress carries the bearer token');
  return { endpoint: a.endpoint as string, token };
}

async function pull(endpoint: string, token?: string): Promise<{ status: number; body: Json | null }> {
  const res = await fetch(endpoint, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : null };
}

/** The TCK's guard: a decision of the node under test, applied with the core intent function; its outbox sends it. */
async function decide(node: NodeHandle, role: 'consumer' | 'provider', pid: string, step: (t: Xfer, now: Date) => TransferOutcome<DataAddressInput>): Promise<void> {
  const t = await node.connector.transfers.byPid(role, pid);
  assert.ok(t, `no ${role} transfer ${pid}`);
  const now = new Date();
  const r = step(t, now);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  await node.connector.store.save('transfer', r.next, now);
}

/** Joins a node started here to the test dataspace as `startTestDataspace` joins its members. */
async function admit(n: NodeHandle): Promise<void> {
  n.trustedIssuers.add(ds.authority.identity.did);
  for (const o of [ds.authority, ...Object.values(ds.nodes)]) {
    await o.registry.upsert({ did: n.identity.did, role: n.identity.role, name: n.identity.name, publicJwk: null, baseUrl: n.url });
    await n.registry.upsert({ did: o.identity.did, role: o.identity.role, name: o.identity.name, publicJwk: null, baseUrl: o.url });
  }
  await fetchCredentials(n, ds.authority);
}

const operatorApi = async (node: NodeHandle, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${node.url}${path}`, { method, headers: { authorization: `Bearer ${await ds.operatorToken(node)}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: (await res.json()) as Json };
};

/** CN as provider up to FINALIZED (see dsp-negotiation.tck.test.ts); `verify: false` stops at AGREED. */
async function negotiateWithProvider(party: Party, verify = true): Promise<string> {
  const consumerPid = urn();
  const n = negotiationReply(await party.send(provider, '/negotiations/request', contractRequestMessage({ consumerPid, callbackAddress: party.callback, offer: liOffer })), 201);
  const a = agreementFromWire((await party.expect(provider, consumerPid, 'agreement')).agreement);
  assert.ok(a.ok);
  const x = { consumerPid, providerPid: n.providerPid };
  await waitFor('AGREED', async () => negotiationReply(await party.send(provider, `/negotiations/${x.providerPid}`), 200).state === 'AGREED');
  if (!verify) return a.value.id;
  negotiationReply(await party.send(provider, `/negotiations/${x.providerPid}/agreement/verification`, contractAgreementVerificationMessage(x)), 200);
  await party.expect(provider, consumerPid, 'events');
  await waitFor('provider agreement', () => provider.connector.store.getAgreement(a.value.id));
  return a.value.id;
}

/** CN_C with P up to FINALIZED: the consumer node holds an agreement naming P's DSP base. */
async function negotiateWithP(): Promise<StoredAgreement> {
  const r = await operatorApi(consumer, 'POST', '/api/dataspace/negotiations', { providerUrl: P.dspBase, providerDid: P.did, assetId: P_ASSET });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const consumerPid = r.body.id as string;
  await P.expect(consumer, null, 'initial', (b) => b.consumerPid === consumerPid);
  const x = { consumerPid, providerPid: P.provided.get(consumerPid) as string };
  const wire = async () => (await consumer.connector.negotiations.get(consumerPid))?.wireState;
  await waitFor('consumer REQUESTED', async () => (await wire()) === 'REQUESTED');
  const id = urn();
  const agreement = { id, target: P_ASSET, assigner: P.did, assignee: consumer.identity.did, timestamp: new Date().toISOString(), policy: P_POLICY };
  negotiationReply(await P.send(consumer, `/callback/negotiations/${consumerPid}/agreement`, contractAgreementMessage({ ...x, agreement })), 200);
  await P.expect(consumer, x.providerPid, 'verification');
  await waitFor('consumer VERIFIED', async () => (await wire()) === 'VERIFIED');
  negotiationReply(await P.send(consumer, `/callback/negotiations/${consumerPid}/events`, contractNegotiationEventMessage({ ...x, eventType: 'FINALIZED' })), 200);
  return waitFor('consumer agreement', () => consumer.connector.store.getAgreement(id));
}

before(async () => {
  ds = await startTestDataspace([
    { key: 'provider', role: 'manufacturer', name: 'Cellforge' },
    { key: 'consumer', role: 'recycler', name: 'Hydromet' },
  ]);
  provider = ds.nodes.provider;
  consumer = ds.nodes.consumer;
  gate = await startNode({ name: 'Gatekeeper Cells', role: 'manufacturer', logger: false, config: { dspOutboxIdleMs: 20 }, now: () => new Date(Date.now() + gateSkewMs) });
  await admit(gate);
  ds.nodes.gate = gate; // the parties register with it and know its key
  [C, X, P, R, Q] = await Promise.all([
    Party.start(ds, 'recycler', 'TCK consumer'),
    Party.start(ds, 'recycler', 'Other recycler'),
    Party.start(ds, 'manufacturer', 'TCK provider'),
    Party.start(ds, 'recycler', 'Revoked recycler'),
    Party.start(ds, 'recycler', 'Gate recycler'),
  ]);
  for (const [node, seed] of [[provider, 7], [gate, 8]] as const) {
    const [pp] = generateDemoPassports({ count: 1, seed, now: new Date().toISOString(), issuer: { did: node.identity.did, role: 'manufacturer', name: node.name } });
    await node.passports.importDocument({ did: node.identity.did, role: 'manufacturer' }, pp);
    if (node === provider) batteryId = pp.batteryId;
    else gateBatteryId = pp.batteryId;
  }
  const liAsset = passportAssetId(batteryId, 'legitimateInterest');
  const d = await C.send(provider, `/catalog/datasets/${encodeURIComponent(liAsset)}`);
  const parsed = parseMessage('Dataset', d.body);
  assert.ok(parsed.ok, JSON.stringify(d.body));
  const o = offerFromWire((parsed.message as unknown as { hasPolicy: unknown[] }).hasPolicy[0]);
  assert.ok(o.ok);
  liOffer = { ...o.value, target: liAsset };
  P.datasets.set(P_ASSET, dataset({ id: P_ASSET, offers: [{ id: `${P_ASSET}:offer`, policy: P_POLICY }], distributions: [{ format: FORMAT, accessService: `${P.did}#dsp` }] }));
  dataServer = createServer((req, res) => {
    const ok = req.headers.authorization === `Bearer ${dataTokens.get(req.url ?? '') ?? ''}`;
    res.writeHead(ok ? 200 : 403, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? PAYLOAD : { title: 'Forbidden' }));
  });
  await new Promise<void>((r) => dataServer.listen(0, '127.0.0.1', r));
  dataUrl = `http://127.0.0.1:${(dataServer.address() as AddressInfo).port}`;
  cAgreement = await negotiateWithProvider(C);
  pAgreement = await negotiateWithP();
});

after(async () => {
  await gate?.close();
  await ds?.close();
  await Promise.all([C, X, P, R, Q].filter(Boolean).map((p) => p.close()));
  await new Promise((r) => (dataServer ? dataServer.close(r) : r(undefined)));
});

describe('TP: the node as provider, the scripted participant as consumer', () => {
  const stateOf = async (x: ProcessIds) => transferReply(await C.send(provider, `/transfers/${x.providerPid}`), 200).state;
  const until = (x: ProcessIds, state: TransferState) => waitFor(`provider ${state}`, async () => (await stateOf(x)) === state, 5000, () => stateOf(x));
  const post = (x: ProcessIds, path: string, body: unknown, from: Party = C) => from.send(provider, `/transfers/${x.providerPid}/${path}`, body);
  const decideP = (x: ProcessIds, step: (t: Xfer, now: Date) => TransferOutcome<DataAddressInput>) => decide(provider, 'provider', x.providerPid, step);
  const assertData = (r: { status: number; body: Json | null }) => {
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body?.batteryId, batteryId, 'the pull returns the passport view the agreement covers');
  };

  /** C's TransferRequestMessage; `answers` pre-sets C's replies to the node's callbacks (503 withholds an ACK). */
  async function requested(answers: Record<string, number> = {}, agreementId = cAgreement): Promise<ProcessIds> {
    const consumerPid = urn();
    for (const [s, status] of Object.entries(answers)) C.answers.set(`${consumerPid}:${s}`, status);
    const t = transferReply(await C.send(provider, '/transfers/request', transferRequestMessage({ consumerPid, agreementId, format: FORMAT, callbackAddress: C.callback })), 201, 'REQUESTED');
    assert.equal(t.consumerPid, consumerPid);
    return { consumerPid, providerPid: t.providerPid };
  }

  async function started(): Promise<ProcessIds & { endpoint: string; token: string }> {
    const x = await requested();
    const s = await C.expect(provider, x.consumerPid, 'start');
    assert.equal(s.providerPid, x.providerPid);
    await until(x, 'STARTED');
    return { ...x, ...grantOf(s) };
  }

  /** A transfer held in REQUESTED: the provider sent its start, C refused to acknowledge it (HTTP 503). */
  async function heldRequested(): Promise<ProcessIds & { endpoint: string; token: string }> {
    const x = await requested({ start: 503 });
    const grant = grantOf(await C.expect(provider, x.consumerPid, 'start'));
    await waitFor('the refused start recorded', async () => {
      const t = await provider.connector.transfers.byPid('provider', x.providerPid);
      return t !== null && t.retryCount >= 1 && t.lastSendAnswered === true;
    });
    assert.equal(await stateOf(x), 'REQUESTED', 'an unacknowledged start does not move the wire state');
    return { ...x, ...grant };
  }

  it('TP:01-01: request, provider started (dataAddress with endpoint and token, data pulled), provider terminated; token refused', async () => {
    const x = await started();
    assertData(await pull(x.endpoint, x.token));
    await decideP(x, (t, now) => beginTransferTermination(t, 'scripted by the TCK guard', now));
    await C.expect(provider, x.consumerPid, 'termination');
    await until(x, 'TERMINATED');
    assert.equal((await pull(x.endpoint, x.token)).status, 403);
  });

  it('TP:01-02: request, provider started, provider completed; token refused', async () => {
    const x = await started();
    assertData(await pull(x.endpoint, x.token));
    await decideP(x, (t, now) => beginTransferCompletion(t, now));
    await C.expect(provider, x.consumerPid, 'completion');
    await until(x, 'COMPLETED');
    assert.equal((await pull(x.endpoint, x.token)).status, 403);
  });

  it('TP:01-03: request, provider started, provider suspended (no data), provider terminated', async () => {
    const x = await started();
    await decideP(x, (t, now) => beginTransferSuspension(t, 'scripted by the TCK guard', now));
    await C.expect(provider, x.consumerPid, 'suspension');
    await until(x, 'SUSPENDED');
    assert.equal((await pull(x.endpoint, x.token)).status, 403, 'a suspended transfer serves no data');
    await decideP(x, (t, now) => beginTransferTermination(t, 'scripted by the TCK guard', now));
    await C.expect(provider, x.consumerPid, 'termination');
    await until(x, 'TERMINATED');
  });

  it('TP:01-04: request, provider started, provider suspended, provider started (data again), provider completed', async () => {
    const x = await started();
    await decideP(x, (t, now) => beginTransferSuspension(t, 'scripted by the TCK guard', now));
    await C.expect(provider, x.consumerPid, 'suspension');
    await until(x, 'SUSPENDED');
    await decideP(x, (t, now) => beginTransferResume(t, undefined, now));
    const resumed = await C.expect(provider, x.consumerPid, 'start', (b) => b !== C.inbox.find((i) => i.pid === x.consumerPid && i.suffix === 'start')?.body);
    await until(x, 'STARTED');
    const g = grantOf(resumed);
    assertData(await pull(g.endpoint, g.token));
    await decideP(x, (t, now) => beginTransferCompletion(t, now));
    await C.expect(provider, x.consumerPid, 'completion');
    await until(x, 'COMPLETED');
    assert.equal((await pull(g.endpoint, g.token)).status, 403);
  });

  it('TP:01-05: request, provider terminated', async () => {
    const x = await heldRequested();
    await decideP(x, (t, now) => beginTransferTermination(t, 'scripted by the TCK guard', now));
    await C.expect(provider, x.consumerPid, 'termination');
    await until(x, 'TERMINATED');
    assert.equal((await pull(x.endpoint, x.token)).status, 403, 'the token of a never-acknowledged start is dead with its transfer');
  });

  it('TP:02-01: request, provider started, consumer terminated; token refused', async () => {
    const x = await started();
    transferReply(await post(x, 'termination', terminate(x)), 200);
    assert.equal(await stateOf(x), 'TERMINATED');
    assert.equal((await pull(x.endpoint, x.token)).status, 403);
  });

  it('TP:02-02: request, provider started, data pulled, consumer completed; token revoked; an exact resend is acknowledged again', async () => {
    const x = await started();
    assertData(await pull(x.endpoint, x.token));
    transferReply(await post(x, 'completion', complete(x)), 200);
    assert.equal(await stateOf(x), 'COMPLETED');
    assert.equal((await pull(x.endpoint, x.token)).status, 403);
    transferReply(await post(x, 'completion', complete(x)), 200); // the consumer lost our first reply
    assert.equal(await stateOf(x), 'COMPLETED');
  });

  it('TP:02-03: request, provider started, consumer suspended (no data), consumer terminated', async () => {
    const x = await started();
    transferReply(await post(x, 'suspension', suspend(x)), 200);
    assert.equal(await stateOf(x), 'SUSPENDED');
    assert.equal((await pull(x.endpoint, x.token)).status, 403);
    transferReply(await post(x, 'termination', terminate(x)), 200);
    assert.equal(await stateOf(x), 'TERMINATED');
  });

  it('TP:02-04: request, provider started, consumer suspended, consumer started (resume, DSP issue #252), consumer completed', async () => {
    const x = await started();
    transferReply(await post(x, 'suspension', suspend(x)), 200);
    assert.equal(await stateOf(x), 'SUSPENDED');
    transferReply(await post(x, 'start', start(x)), 200);
    assert.equal(await stateOf(x), 'STARTED');
    transferReply(await post(x, 'completion', complete(x)), 200);
    assert.equal(await stateOf(x), 'COMPLETED');
  });

  it('TP:02-04 (data plane): after the consumer resumed, the token of its dataAddress pulls the data again', async () => {
    const x = await started();
    assertData(await pull(x.endpoint, x.token));
    transferReply(await post(x, 'suspension', suspend(x)), 200);
    assert.equal((await pull(x.endpoint, x.token)).status, 403);
    transferReply(await post(x, 'start', start(x)), 200);
    assert.equal(await stateOf(x), 'STARTED');
    // the provider cannot send another TransferStartMessage in STARTED, so the consumer only has its first dataAddress
    assertData(await pull(x.endpoint, x.token));
  });

  it('TP:02-05: request, consumer terminated (before the start was acknowledged); the start is dropped', async () => {
    const x = await heldRequested();
    transferReply(await post(x, 'termination', terminate(x)), 200);
    assert.equal(await stateOf(x), 'TERMINATED');
    assert.equal((await provider.connector.transfers.byPid('provider', x.providerPid))?.state, 'TERMINATED', 'the pending start is not sent again');
    assert.equal((await pull(x.endpoint, x.token)).status, 403);
  });

  it('TP:03-01: request, invalid consumer completion in REQUESTED → 400', async () => {
    const x = await heldRequested();
    errorReply(await post(x, 'completion', complete(x)), 400);
    assert.equal(await stateOf(x), 'REQUESTED');
    transferReply(await post(x, 'termination', terminate(x)), 200); // end it before the outbox retries the start
  });

  it('TP:03-02: request, invalid consumer suspension in REQUESTED → 400', async () => {
    const x = await heldRequested();
    errorReply(await post(x, 'suspension', suspend(x)), 400);
    assert.equal(await stateOf(x), 'REQUESTED');
    transferReply(await post(x, 'termination', terminate(x)), 200);
  });

  it('TP:03-03: started, consumer suspended, invalid consumer completion → 400', async () => {
    const x = await started();
    transferReply(await post(x, 'suspension', suspend(x)), 200);
    errorReply(await post(x, 'completion', complete(x)), 400);
    assert.equal(await stateOf(x), 'SUSPENDED');
  });

  for (const [id, path, body] of [
    ['TP:03-04', 'start', start],
    ['TP:03-05', 'suspension', suspend],
    ['TP:03-06', 'completion', complete],
  ] as const) {
    it(`${id}: started, consumer terminated, invalid consumer ${path} → 400`, async () => {
      const x = await started();
      transferReply(await post(x, 'termination', terminate(x)), 200);
      errorReply(await post(x, path, body(x)), 400);
      assert.equal(await stateOf(x), 'TERMINATED');
    });
  }

  it('a consumer cannot start a REQUESTED transfer, resume a STARTED one, or start one after COMPLETED → 400', async () => {
    const held = await heldRequested();
    errorReply(await post(held, 'start', start(held)), 400);
    assert.equal(await stateOf(held), 'REQUESTED');
    transferReply(await post(held, 'termination', terminate(held)), 200);
    const x = await started();
    errorReply(await post(x, 'start', start(x)), 400);
    transferReply(await post(x, 'completion', complete(x)), 200);
    errorReply(await post(x, 'start', start(x)), 400);
    assert.equal(await stateOf(x), 'COMPLETED');
  });

  it("a request under an unknown agreement, another participant's agreement or an unfinalized one → 400", async () => {
    const req = (agreementId: string, format = FORMAT) => transferRequestMessage({ consumerPid: urn(), agreementId, format, callbackAddress: C.callback });
    errorReply(await C.send(provider, '/transfers/request', req(urn())), 400);
    errorReply(await X.send(provider, '/transfers/request', { ...req(cAgreement), callbackAddress: X.callback }), 400);
    errorReply(await C.send(provider, '/transfers/request', req(await negotiateWithProvider(C, false))), 400);
  });

  it('a request for a format the catalog does not offer → 400', async () => {
    errorReply(await C.send(provider, '/transfers/request', transferRequestMessage({ consumerPid: urn(), agreementId: cAgreement, format: 'HttpData-PUSH', callbackAddress: C.callback })), 400);
  });

  it('a schema-invalid message (no @context, no agreementId) or a path/body pid mismatch → 400', async () => {
    const msg = transferRequestMessage({ consumerPid: urn(), agreementId: cAgreement, format: FORMAT, callbackAddress: C.callback }) as unknown as Json;
    errorReply(await C.send(provider, '/transfers/request', { ...msg, '@context': undefined }), 400);
    errorReply(await C.send(provider, '/transfers/request', { ...msg, agreementId: undefined }), 400);
    const x = await started();
    errorReply(await C.send(provider, `/transfers/${urn()}/termination`, terminate(x)), 400);
    assert.equal(await stateOf(x), 'STARTED');
  });

  it('unauthenticated, forged, replayed or unknown → 404', async () => {
    const x = await started();
    errorReply(await C.send(provider, '/transfers/request', transferRequestMessage({ consumerPid: urn(), agreementId: cAgreement, format: FORMAT, callbackAddress: C.callback }), null), 404);
    errorReply(await C.send(provider, `/transfers/${x.providerPid}`, undefined, null), 404);
    errorReply(await C.send(provider, `/transfers/${x.providerPid}/termination`, terminate(x), 'Bearer x.y.z'), 404);
    const once = await C.token(provider.identity.did);
    transferReply(await C.send(provider, `/transfers/${x.providerPid}`, undefined, once), 200);
    errorReply(await C.send(provider, `/transfers/${x.providerPid}`, undefined, once), 404);
    const unknown = { consumerPid: x.consumerPid, providerPid: urn() };
    errorReply(await C.send(provider, `/transfers/${unknown.providerPid}`), 404);
    errorReply(await post(unknown, 'completion', complete(unknown)), 404);
    assert.equal(await stateOf(x), 'STARTED');
  });

  it("another participant's process → 404, and the process does not move", async () => {
    const x = await started();
    errorReply(await X.send(provider, `/transfers/${x.providerPid}`), 404);
    errorReply(await post(x, 'completion', complete(x), X), 404);
    errorReply(await post(x, 'suspension', suspend(x), X), 404);
    errorReply(await post(x, 'termination', terminate(x), X), 404);
    assert.equal(await stateOf(x), 'STARTED');
  });

  it('a resent request (same consumerPid) is the same process; a callbackAddress with a trailing slash works', async () => {
    const consumerPid = urn();
    const msg = transferRequestMessage({ consumerPid, agreementId: cAgreement, format: FORMAT, callbackAddress: `${C.callback}/` });
    const first = transferReply(await C.send(provider, '/transfers/request', msg), 201);
    const again = transferReply(await C.send(provider, '/transfers/request', msg), 201);
    assert.equal(again.providerPid, first.providerPid);
    await C.expect(provider, consumerPid, 'start');
  });

  it('the data plane refuses no token, a forged token, and the token of another transfer → 403', async () => {
    const [a, b] = [await started(), await started()];
    assert.equal((await pull(a.endpoint)).status, 403);
    assert.equal((await pull(a.endpoint, `dpt_${randomBytes(32).toString('base64url')}`)).status, 403);
    assert.equal((await pull(a.endpoint, b.token)).status, 403);
    assertData(await pull(a.endpoint, a.token));
  });
});

describe('TP at the transfer-time agreement check and the token lifetime (provider `gate`)', () => {
  let granted: { endpoint: string; token: string };
  const seed = async (party: Party): Promise<string> => {
    const id = urn();
    const assetId = passportAssetId(gateBatteryId, 'legitimateInterest');
    await gate.connector.store.saveAgreement({ id, negotiationId: urn(), role: 'provider', assetId, providerDid: gate.identity.did, consumerDid: party.did, providerAddress: null, policy: publishedPolicyDoc('legitimateInterest'), agreedAt: new Date().toISOString() });
    return id;
  };
  const request = async (party: Party, agreementId: string) => {
    const consumerPid = urn();
    const t = transferReply(await party.send(gate, '/transfers/request', transferRequestMessage({ consumerPid, agreementId, format: FORMAT, callbackAddress: party.callback })), 201);
    return { consumerPid, providerPid: t.providerPid };
  };

  it('a participant whose credentials the authority revoked is refused at transfer time (agreement re-checked)', async () => {
    const [revokedAgreement, goodAgreement] = [await seed(R), await seed(Q)];
    const res = await fetch(`${ds.authority.url}/api/authority/revocations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await ds.operatorToken(ds.authority)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subjectDid: R.did }),
    });
    assert.equal(res.status, 200, await res.text());
    const x = await request(R, revokedAgreement);
    const t = await R.expect(gate, x.consumerPid, 'termination');
    assert.match(JSON.stringify(t.reason), /agreement policy no longer satisfied/);
    assert.equal(R.inbox.some((i) => i.pid === x.consumerPid && i.suffix === 'start'), false, 'no start, so no token');
    await waitFor('gate TERMINATED', async () => transferReply(await R.send(gate, `/transfers/${x.providerPid}`), 200).state === 'TERMINATED');
    // control: the same agreement terms for a participant in good standing start, with the same status list
    const y = await request(Q, goodAgreement);
    granted = grantOf(await Q.expect(gate, y.consumerPid, 'start'));
    await waitFor('gate STARTED', async () => transferReply(await Q.send(gate, `/transfers/${y.providerPid}`), 200).state === 'STARTED');
  });

  it('an expired data-plane token → 403 (the provider clock is past the token lifetime)', async () => {
    assert.ok(granted, 'needs the started transfer of the previous case');
    const r = await pull(granted.endpoint, granted.token);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body?.batteryId, gateBatteryId);
    gateSkewMs = DATAPLANE_TOKEN_TTL_MS + 1000;
    try {
      assert.equal((await pull(granted.endpoint, granted.token)).status, 403);
    } finally {
      gateSkewMs = 0;
    }
    assert.equal((await pull(granted.endpoint, granted.token)).status, 200, 'only the expiry refused it');
  });
});

describe('TP_C: the node as consumer, the scripted participant as provider', () => {
  type Started = ProcessIds & { address: DataAddressInput };
  const stateOf = async (x: ProcessIds) => {
    const t = await consumer.connector.transfers.get(x.consumerPid);
    return t ? transferWireState(t) : null;
  };
  const until = (x: ProcessIds, state: TransferState) => waitFor(`consumer ${state}`, async () => (await stateOf(x)) === state, 5000, () => stateOf(x));
  const post = (x: ProcessIds, path: string, body: unknown, from: Party = P) => from.send(consumer, `/callback/transfers/${x.consumerPid}/${path}`, body);
  const decideC = (x: ProcessIds, step: (t: Xfer, now: Date) => TransferOutcome<DataAddressInput>) => decide(consumer, 'consumer', x.consumerPid, step);
  const stored = async (x: ProcessIds) => (await consumer.connector.transfers.get(x.consumerPid))?.dataAddress;
  function address(x: ProcessIds): DataAddressInput {
    const path = `/data/${encodeURIComponent(x.providerPid)}/${randomBytes(4).toString('hex')}`;
    const token = randomBytes(24).toString('base64url');
    dataTokens.set(path, token);
    return { endpointType: HTTP_ENDPOINT_TYPE, endpoint: `${dataUrl}${path}`, properties: [{ name: 'authorization', value: token }, { name: 'authType', value: 'bearer' }] };
  }

  /** Waits for the consumer's TransferRequestMessage at P (valid, authenticated, naming the agreement) and its ACK. */
  async function received(consumerPid: string): Promise<ProcessIds> {
    const req = await P.expect(consumer, null, 'transfer-request', (b) => b.consumerPid === consumerPid);
    assert.equal(req.agreementId, pAgreement.id);
    assert.equal(req.format, FORMAT);
    assert.equal(req.callbackAddress, `${consumer.url}${DSP_BASE_PATH}/callback`);
    const x = { consumerPid, providerPid: P.provided.get(consumerPid) as string };
    await until(x, 'REQUESTED');
    return x;
  }

  /** The TCK's "signal to start transfer". */
  async function requested(): Promise<ProcessIds> {
    const t = await consumer.connector.transfers.request(pAgreement);
    return received(t.consumerPid as string);
  }

  async function started(): Promise<Started> {
    const x = await requested();
    const a = address(x);
    transferReply(await post(x, 'start', start(x, a)), 200);
    assert.equal(await stateOf(x), 'STARTED');
    assert.deepEqual(await stored(x), a, 'the consumer keeps the dataAddress of the start');
    return { ...x, address: a };
  }

  it('TP_C:01-01: request, provider started (dataAddress stored), provider terminated', async () => {
    const x = await started();
    transferReply(await post(x, 'termination', terminate(x)), 200);
    assert.equal(await stateOf(x), 'TERMINATED');
  });

  it('TP_C:01-02: request, provider started, provider completed', async () => {
    const x = await started();
    transferReply(await post(x, 'completion', complete(x)), 200);
    assert.equal(await stateOf(x), 'COMPLETED');
  });

  it('TP_C:01-03: request, provider started, provider suspended, provider terminated', async () => {
    const x = await started();
    transferReply(await post(x, 'suspension', suspend(x)), 200);
    assert.equal(await stateOf(x), 'SUSPENDED');
    transferReply(await post(x, 'termination', terminate(x)), 200);
    assert.equal(await stateOf(x), 'TERMINATED');
  });

  it('TP_C:01-04: request, provider started, provider suspended, provider started with a new dataAddress, provider completed', async () => {
    const x = await started();
    transferReply(await post(x, 'suspension', suspend(x)), 200);
    const fresh = address(x);
    transferReply(await post(x, 'start', start(x, fresh)), 200);
    assert.equal(await stateOf(x), 'STARTED');
    assert.deepEqual(await stored(x), fresh, 'the resumed start replaces the dataAddress');
    transferReply(await post(x, 'completion', complete(x)), 200);
    assert.equal(await stateOf(x), 'COMPLETED');
  });

  it('TP_C:01-05: request, provider terminated', async () => {
    const x = await requested();
    transferReply(await post(x, 'termination', terminate(x)), 200);
    assert.equal(await stateOf(x), 'TERMINATED');
  });

  it('TP_C:02-01: request, provider started, consumer terminated', async () => {
    const x = await started();
    await decideC(x, (t, now) => beginTransferTermination(t, 'scripted by the TCK guard', now));
    await P.expect(consumer, x.providerPid, 'termination');
    await until(x, 'TERMINATED');
  });

  it('TP_C:02-02: the operator fetches: request, provider started, consumer pulled with the token, consumer completed', async () => {
    const before = new Set(P.inbox.filter((i) => i.suffix === 'transfer-request').map((i) => i.body.consumerPid));
    const fetching = operatorApi(consumer, 'POST', '/api/dataspace/fetch', { providerUrl: P.dspBase, providerDid: P.did, assetId: P_ASSET });
    const req = await P.expect(consumer, null, 'transfer-request', (b) => !before.has(b.consumerPid));
    const x = await received(req.consumerPid as string);
    transferReply(await post(x, 'start', start(x, address(x))), 200);
    const r = await fetching;
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.data, PAYLOAD, 'the data came from the endpoint of the dataAddress, with its token');
    assert.equal(r.body.agreementId, pAgreement.id);
    await P.expect(consumer, x.providerPid, 'completion');
    await until(x, 'COMPLETED');
  });

  it('TP_C:02-03: request, provider started, consumer suspended, consumer terminated', async () => {
    const x = await started();
    await decideC(x, (t, now) => beginTransferSuspension(t, 'scripted by the TCK guard', now));
    await P.expect(consumer, x.providerPid, 'suspension');
    await until(x, 'SUSPENDED');
    await decideC(x, (t, now) => beginTransferTermination(t, 'scripted by the TCK guard', now));
    await P.expect(consumer, x.providerPid, 'termination');
    await until(x, 'TERMINATED');
  });

  it('TP_C:02-04: request, provider started, consumer suspended, consumer started (resume), consumer completed', async () => {
    const x = await started();
    await decideC(x, (t, now) => beginTransferSuspension(t, 'scripted by the TCK guard', now));
    await P.expect(consumer, x.providerPid, 'suspension');
    await until(x, 'SUSPENDED');
    await decideC(x, (t, now) => beginTransferResume(t, undefined, now));
    const resume = await P.expect(consumer, x.providerPid, 'start');
    assert.equal(resume.dataAddress, undefined, "a consumer's resume carries no dataAddress");
    await until(x, 'STARTED');
    await decideC(x, (t, now) => beginTransferCompletion(t, now));
    await P.expect(consumer, x.providerPid, 'completion');
    await until(x, 'COMPLETED');
  });

  it('TP_C:02-05: request, consumer terminated', async () => {
    const x = await requested();
    await decideC(x, (t, now) => beginTransferTermination(t, 'scripted by the TCK guard', now));
    await P.expect(consumer, x.providerPid, 'termination');
    await until(x, 'TERMINATED');
  });

  it('TP_C:03-01 / 03-02: request, invalid provider completion or suspension in REQUESTED → 400', async () => {
    const x = await requested();
    errorReply(await post(x, 'completion', complete(x)), 400);
    errorReply(await post(x, 'suspension', suspend(x)), 400);
    assert.equal(await stateOf(x), 'REQUESTED');
  });

  it('TP_C:03-03: started, provider suspended, invalid provider completion → 400', async () => {
    const x = await started();
    transferReply(await post(x, 'suspension', suspend(x)), 200);
    errorReply(await post(x, 'completion', complete(x)), 400);
    assert.equal(await stateOf(x), 'SUSPENDED');
  });

  for (const [id, path, body] of [
    ['TP_C:03-04', 'start', (x: ProcessIds) => start(x, address(x))],
    ['TP_C:03-05', 'suspension', suspend],
    ['TP_C:03-06', 'completion', complete],
  ] as const) {
    it(`${id}: started, provider terminated, invalid provider ${path} → 400`, async () => {
      const x = await started();
      transferReply(await post(x, 'termination', terminate(x)), 200);
      errorReply(await post(x, path, body(x)), 400);
      assert.equal(await stateOf(x), 'TERMINATED');
    });
  }

  it("unauthenticated, unknown, or another participant's process → 404 on the callbacks", async () => {
    const x = await started();
    errorReply(await P.send(consumer, `/callback/transfers/${x.consumerPid}/termination`, terminate(x), null), 404);
    const unknown = { consumerPid: urn(), providerPid: x.providerPid };
    errorReply(await post(unknown, 'termination', terminate(unknown)), 404);
    errorReply(await post(x, 'suspension', suspend(x), X), 404);
    errorReply(await post(x, 'start', start(x, address(x)), X), 404);
    assert.equal(await stateOf(x), 'STARTED');
    assert.deepEqual(await stored(x), x.address, "another participant cannot replace the dataAddress");
  });

  it('the consumer answers GET <callback>/transfers/:consumerPid (TCK thenVerifyConsumerState)', async () => {
    const x = await started();
    transferReply(await P.send(consumer, `/callback/transfers/${x.consumerPid}`), 200, 'STARTED');
    errorReply(await X.send(consumer, `/callback/transfers/${x.consumerPid}`), 404);
  });
});

it("every transfer message the nodes sent the scripted participants was valid DSP, carried the node's token, and named the path's pid", () => {
  const all = [C, X, P, R, Q].flatMap((p) => p.inbox).filter((m) => m.type.startsWith('Transfer'));
  assert.ok(all.length > 40, `only ${all.length} transfer messages recorded`);
  const nodes = new Set([provider.identity.did, consumer.identity.did, gate.identity.did]);
  for (const m of all) {
    assert.deepEqual(m.errors, [], `${m.type} at ${m.path}`);
    assert.ok(m.caller !== null && nodes.has(m.caller), `${m.type} at ${m.path} from ${m.caller}`);
    if (m.pid !== null) assert.equal(m.body[m.path.startsWith('/cb/') ? 'consumerPid' : 'providerPid'], m.pid, m.path);
  }
});
