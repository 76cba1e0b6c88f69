/**
 * Who the console acts as. The local dataspace's gateway lists its participants (`GET /api/console/participants`);
 * choosing one makes every call carry `x-batteryloop-act-as`, and the gateway signs a short-lived token for it.
 * Nothing is signed in the browser: the demo keys stay in the gateway's process.
 */
import { createContext, useContext } from 'react';
import { createApi, type Api, type Participant } from './api.js';

export interface Session {
  api: Api;
  me: Participant | null;
  participants: Participant[];
  signIn: (key: string | null) => void;
}

export const SessionContext = createContext<Session>({
  api: createApi(null),
  me: null,
  participants: [],
  signIn: () => undefined,
});

export function useSession(): Session {
  return useContext(SessionContext);
}

const STORE_KEY = 'batteryloop.console.actAs';

export function storedIdentity(): string | null | undefined {
  const v = sessionStorage.getItem(STORE_KEY);
  return v === null ? undefined : v === '' ? null : v;
}

export function storeIdentity(key: string | null): void {
  sessionStorage.setItem(STORE_KEY, key ?? '');
}

export async function loadParticipants(base = ''): Promise<Participant[]> {
  const res = await fetch(`${base}/api/console/participants`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`the console gateway did not list the participants (HTTP ${res.status})`);
  return ((await res.json()) as { items: Participant[] }).items;
}

/** Display name of a DID: the participant's name when it is one of ours, else the DID itself. */
export function nameOfDid(participants: Participant[], did: string | null | undefined): string {
  if (!did) return '—';
  return participants.find((p) => p.did === did)?.name ?? did;
}

export const ROLE_LABEL: Record<string, string> = {
  public: 'Public',
  manufacturer: 'Manufacturer',
  oem: 'Vehicle OEM',
  logistics: 'Logistics',
  dismantler: 'Dismantler',
  testingFacility: 'Testing facility',
  remanufacturer: 'Remanufacturer',
  recycler: 'Recycler',
  authority: 'Authority',
};
