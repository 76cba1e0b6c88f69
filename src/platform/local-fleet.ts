/**
 * The demo's vehicles (issue 4): an MQTT broker (embedded aedes unless MQTT_URL names one), the OEM node's ingest
 * feeding its twins, a twin per demo battery still in a vehicle (holder = the manufacturer's node, reached under a
 * contract agreement negotiated over DSP like any other write), and the fleet simulator publishing telemetry.
 */
import type { NodeHandle } from './node.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../twin/adapters/mqtt-broker.js';
import { startMqttIngest, type MqttIngest } from '../twin/adapters/mqtt-ingest.js';
import { createFleet, demoFleet, startFleetPublisher, twinParamsInputOf, type DemoBattery, type FleetPublisher } from '../twin/sim/index.js';
import { passportAssetId } from '../dataspace/connector/assets.js';
import { DSP_BASE_PATH } from '../dataspace/connector/index.js';
import { signAccessToken } from '../dataspace/identity/index.js';
import type { Passport } from '../passport/index.js';

export interface LocalFleet {
  mqttUrl: string;
  vehicles: number;
  ingest: MqttIngest;
  publisher: FleetPublisher;
  close(): Promise<void>;
}

export interface LocalFleetOptions {
  mqttUrl?: string;
  /** Port of the embedded broker (default 1884, beside a system broker's 1883; 0 = any). */
  brokerPort?: number;
  speedup?: number;
  seed?: number;
  maxVehicles?: number;
  progress?: (m: string) => void;
}

const CHEM: Record<string, 'NMC' | 'LFP' | 'LMO' | undefined> = { NMC: 'NMC', NCA: 'NMC', LFP: 'LFP', LMFP: 'LFP', LMO: 'LMO' };

export async function startLocalFleet(manufacturer: NodeHandle, oem: NodeHandle, o: LocalFleetOptions = {}): Promise<LocalFleet> {
  const progress = o.progress ?? (() => undefined);
  let broker: EmbeddedBroker | null = null;
  let url = o.mqttUrl;
  if (!url) {
    broker = await startEmbeddedBroker({ host: '127.0.0.1', port: o.brokerPort ?? 1884 }).catch(() => startEmbeddedBroker({ host: '127.0.0.1', port: 0 }));
    url = broker.url;
  }
  const cleanup: (() => Promise<void>)[] = [];
  try {
    const ingest = await startMqttIngest({ url, sink: oem.twin, clientId: `batteryloop-ingest-${oem.identity.did}` });
    cleanup.push(() => ingest.stop());
    const token = await signAccessToken({ did: oem.identity.did, role: oem.identity.role, privateJwk: oem.identity.privateJwk, audience: oem.identity.did, now: new Date() });
    const items = (await manufacturer.passports.list({ limit: 500 })).items;
    const batteries: DemoBattery[] = [];
    for (const it of items) {
      if (batteries.length >= (o.maxVehicles ?? 12)) break;
      const p = (await manufacturer.passports.getFull(it.batteryId)) as Passport;
      const a = p.attributes as Record<string, unknown>;
      const chem = CHEM[String(p.model?.chemistry ?? '')];
      if (p.closed || !chem || (p.status !== 'original' && p.status !== 'reused') || typeof a.ratedCapacity !== 'number' || typeof a.nominalVoltage !== 'number') continue;
      // the OEM reads the battery's data under a contract agreement; the same agreement lets it write its snapshots
      const r = await fetch(`${oem.url}/api/dataspace/fetch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ providerUrl: `${manufacturer.url}${DSP_BASE_PATH}`, providerDid: manufacturer.identity.did, assetId: passportAssetId(p.batteryId, 'legitimateInterest') }),
      });
      if (r.status !== 200) {
        progress(`  twin for ${p.batteryId} skipped: no agreement (${r.status})`);
        continue;
      }
      batteries.push({ batteryId: p.batteryId, chemistry: chem, ratedCapacityAh: a.ratedCapacity, nominalVoltageV: a.nominalVoltage, participant: 'oem' });
    }
    const def = demoFleet(batteries, o.seed ?? 42);
    for (const v of def.vehicles) {
      const params = twinParamsInputOf(v);
      await oem.twin.register({ batteryId: v.batteryId, participant: v.participant, params, initialSoc: 0.5, holder: { url: manufacturer.url, did: manufacturer.identity.did } });
    }
    // start the simulated clock a day back so sample times at the speed-up stay in the past for a long session
    const fleet = createFleet({ ...def, startMs: Date.now() - 86_400_000 });
    const publisher = startFleetPublisher({ url, fleet, speedup: o.speedup ?? 60 });
    cleanup.push(() => publisher.stop());
    progress(`  fleet: ${def.vehicles.length} vehicles publishing telemetry to ${url} at ${o.speedup ?? 60}× (OEM twins, snapshots to the manufacturer's passports)`);
    return {
      mqttUrl: url,
      vehicles: def.vehicles.length,
      ingest,
      publisher,
      async close() {
        for (const c of cleanup.reverse()) await c().catch(() => undefined);
        await broker?.close();
      },
    };
  } catch (e) {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    await broker?.close().catch(() => undefined);
    throw e;
  }
}
