/**
 * Nothing waits forever: a negotiation whose counter-party stops answering is terminated after the pending timeout
 * (DSP_PENDING_TIMEOUT_S) with its reason: with a termination message where DSP gives that side one, else locally.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDataspace, waitFor } from '../../../test/support/dataspace.js';
import { Party, negotiationReply, urn } from '../../../test/support/dsp-party.js';
import { generateDemoPassports } from '../../passport/index.js';
import { contractRequestMessage, offerFromWire, parseMessage } from '../dsp/index.js';
import { passportAssetId } from './assets.js';

test('a provider left waiting for the verification ends the negotiation after the pending timeout', { timeout: 60_000 }, async () => {
  const ds = await startTestDataspace([{ key: 'provider', role: 'manufacturer', name: 'Cellforge' }], { config: { dspPendingTimeoutS: 1 } });
  const C = await Party.start(ds, 'recycler', 'Silent consumer');
  after(async () => {
    await ds.close();
    await C.close();
  });
  const provider = ds.nodes.provider;
  const [pp] = generateDemoPassports({ count: 1, seed: 3, now: new Date().toISOString(), issuer: { did: provider.identity.did, role: 'manufacturer', name: 'Cellforge' } });
  await provider.passports.importDocument({ did: provider.identity.did, role: 'manufacturer' }, pp);
  const asset = passportAssetId(pp.batteryId, 'legitimateInterest');
  const d = await C.send(provider, `/catalog/datasets/${encodeURIComponent(asset)}`);
  const parsed = parseMessage('Dataset', d.body);
  assert.ok(parsed.ok);
  const o = offerFromWire((parsed.message as unknown as { hasPolicy: unknown[] }).hasPolicy[0]);
  assert.ok(o.ok);
  const consumerPid = urn();
  const n = negotiationReply(await C.send(provider, '/negotiations/request', contractRequestMessage({ consumerPid, callbackAddress: C.callback, offer: { ...o.value, target: asset } })), 201);
  await C.expect(provider, consumerPid, 'agreement'); // C acknowledges the agreement, then never verifies it
  const stateOf = async () => negotiationReply(await C.send(provider, `/negotiations/${n.providerPid}`), 200).state;
  await new Promise((r) => setTimeout(r, 2500));
  await waitFor('provider terminated the waiting negotiation', async () => (await stateOf()) === 'TERMINATED', 30_000, stateOf);
  // DSP gives a provider in AGREED no termination edge (only the consumer may end it there): it gives up locally
  const local = await provider.connector.negotiations.byPid('provider', n.providerPid as string);
  assert.match(String(local?.errorDetail), /abandoned: no progress within 1 s \(pending timeout\)/);
  assert.equal(local?.nextAttemptAt, null, 'nothing left to send');
  const late = await C.send(provider, `/negotiations/${n.providerPid}/agreement/verification`, { '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'ContractAgreementVerificationMessage', consumerPid, providerPid: n.providerPid });
  assert.equal(late.status, 400, 'a verification after the timeout meets a terminated negotiation');
});
