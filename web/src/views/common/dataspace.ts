/**
 * How the views reach a battery's data across nodes. Each participant acts on its own node (the node operator's
 * routes: decisions, disassembly, diagnostics, shipments); a passport held elsewhere is read over the dataspace
 * (POST /api/dataspace/fetch on the own node: negotiation, transfer, HTTP pull), which also leaves the contract
 * agreement the holder requires before it accepts the participant's signed events for that battery.
 */
import type { Api, Participant } from '../../api.js';

/** Base path of the Dataspace Protocol endpoints on every node (src/dataspace/connector DSP_BASE_PATH). */
export const DSP_PATH = '/dsp/2025-1';

/** DSP asset id of one tier of a passport (src/dataspace/connector/assets.ts passportAssetId). */
export function passportAssetId(batteryId: string, tier: 'public' | 'legitimateInterest' | 'authorities'): string {
  return `urn:batteryloop:passport:${batteryId}:${tier}`;
}

export function participantByKey(ps: readonly Participant[], key: string): Participant | undefined {
  return ps.find((p) => p.key === key);
}

/** The node the signed-in participant operates (views act there), or `fallback` when nobody is signed in. */
export function ownNode(api: Api, fallback: string): string {
  return api.actAs?.key ?? fallback;
}

/** holderUrl/holderDid for a write that goes to the passport holder's node; nothing when the own node holds it. */
export function holderFields(api: Api, ps: readonly Participant[], holder: string): { holderUrl?: string; holderDid?: string } {
  if (api.actAs?.key === holder) return {};
  const h = participantByKey(ps, holder);
  return h ? { holderUrl: h.url.replace(/\/+$/, ''), holderDid: h.did } : {};
}

/** Minimal view of a passport document the views read. */
export interface PassportDoc {
  passportId?: string;
  batteryId: string;
  status?: string;
  model?: { chemistry?: string; [k: string]: unknown };
  attributes?: Record<string, unknown>;
  structure?: { id?: string; kind?: string; children?: unknown[]; massKg?: number; [k: string]: unknown };
  [k: string]: unknown;
}

/** The passport tier a role may be offered over DSP (Art. 77(2)): carriers and manufacturers of other batteries see the public tier. */
export function tierForRole(role: string | undefined): 'public' | 'legitimateInterest' | 'authorities' {
  if (role === 'authority') return 'authorities';
  return role === 'dismantler' || role === 'testingFacility' || role === 'remanufacturer' || role === 'recycler' || role === 'oem' ? 'legitimateInterest' : 'public';
}

/**
 * The passport as the signed-in participant may see it: from the own node when it holds it, otherwise over the
 * dataspace (the tier the role is entitled to). `progress` names the step for the progress line.
 */
export async function passportFor(api: Api, ps: readonly Participant[], holder: string, batteryId: string, progress?: (label: string) => void): Promise<PassportDoc> {
  const own = api.actAs?.key;
  if (!own || own === holder) {
    progress?.('reading the passport…');
    return api.get<PassportDoc>(holder, `/api/passports/${encodeURIComponent(batteryId)}`);
  }
  const h = participantByKey(ps, holder);
  if (!h) throw new Error(`the holder node "${holder}" is not in the participant list`);
  progress?.(`getting the passport from ${h.name} over the dataspace (contract negotiation, transfer)…`);
  const r = await api.post<{ data: PassportDoc; agreementId?: string }>(own, '/api/dataspace/fetch', {
    providerUrl: `${h.url.replace(/\/+$/, '')}${DSP_PATH}`,
    providerDid: h.did,
    assetId: passportAssetId(batteryId, tierForRole(api.actAs?.role)),
  });
  return r.data;
}

/** A stored lifecycle event as GET /api/passports/{id}/events lists it. */
export interface StoredEvent<P = Record<string, unknown>> {
  eventId: string;
  batteryId: string;
  seq: number;
  type: string;
  occurredAt: string;
  author: { did: string; role?: string; name?: string };
  payload: P;
  recordedAt?: string;
}

/** The newest `limit` events of one type from the holder's chain (participants only), in chain order. */
export async function eventsOfType<P>(api: Api, holder: string, batteryId: string, type: string, limit = 500): Promise<StoredEvent<P>[]> {
  const r = await api.get<{ items: StoredEvent<P>[] }>(holder, `/api/passports/${encodeURIComponent(batteryId)}/events?type=${encodeURIComponent(type)}&latest=true&limit=${limit}`);
  return r.items ?? [];
}

/** Unwraps list responses that are either an array or `{ items }`. */
export function itemsOf<T>(r: unknown): T[] {
  if (Array.isArray(r)) return r as T[];
  if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    for (const k of ['items', 'batches', 'lots', 'targets']) if (Array.isArray(o[k])) return o[k] as T[];
  }
  return [];
}
