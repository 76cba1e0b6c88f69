/**
 * Appending a signed event to a passport held on another participant's node (issue 3: every write is a signed
 * event on the holder's node, allowed by an agreement). The author signs against the holder's current chain head;
 * if the head moved meanwhile (409), it re-reads and re-signs. The event id makes retries idempotent on the holder.
 */
import { signAccessToken, type Ed25519PrivateJwk } from '../../dataspace/index.js';
import type { Role } from '../../passport/index.js';
import { nextLink, prepareEvent, signEvent } from '../core/index.js';

export interface RemoteAuthor {
  did: string;
  role: Role;
  privateJwk: Ed25519PrivateJwk;
}

export interface RemoteDraft {
  eventId: string;
  type: string;
  occurredAt: string;
  payload: unknown;
}

export type RemoteAppendResult =
  | { ok: true; seq: number; hash: string; duplicate: boolean }
  | { ok: false; status: number; reason: string; retryable: boolean };

export async function appendToHolder(
  holder: { url: string; did: string },
  author: RemoteAuthor,
  batteryId: string,
  draft: RemoteDraft,
  opts: { now?: () => Date; timeoutMs?: number; attempts?: number } = {},
): Promise<RemoteAppendResult> {
  const now = opts.now ?? (() => new Date());
  const base = `${holder.url.replace(/\/$/, '')}/api/passports/${encodeURIComponent(batteryId)}/events`;
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const token = await signAccessToken({ did: author.did, role: author.role, privateJwk: author.privateJwk, audience: holder.did, now: now() });
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  let last: RemoteAppendResult = { ok: false, status: 0, reason: 'not attempted', retryable: true };
  for (let attempt = 0; attempt < (opts.attempts ?? 3); attempt++) {
    let head: { status: number; body: Record<string, unknown> };
    try {
      head = await call('GET', `${base}/head`);
    } catch (e) {
      return { ok: false, status: 0, reason: `holder unreachable: ${(e as Error).message}`, retryable: true };
    }
    if (head.status !== 200) return { ok: false, status: head.status, reason: `head: ${JSON.stringify(head.body).slice(0, 300)}`, retryable: head.status >= 500 };
    const h = head.body as { seq: number; hash: string };
    const prepared = prepareEvent({ ...draft, batteryId, author: { did: author.did, role: author.role } } as never, nextLink(h.seq < 0 ? null : h));
    if (!prepared.ok) return { ok: false, status: 422, reason: `invalid event: ${JSON.stringify(prepared.errors).slice(0, 500)}`, retryable: false };
    const signed = await signEvent(prepared.envelope, author.privateJwk);
    let r: { status: number; body: Record<string, unknown> };
    try {
      r = await call('POST', base, { event: signed });
    } catch (e) {
      return { ok: false, status: 0, reason: `holder unreachable: ${(e as Error).message}`, retryable: true };
    }
    if (r.status === 201 || r.status === 200) return { ok: true, seq: signed.seq, hash: String(r.body.hash ?? ''), duplicate: r.status === 200 };
    // our own earlier event with this id is already there (a retry after a lost answer, re-signed on a newer head)
    const existing = (r.body as { existing?: { seq: number; hash: string } }).existing;
    if (r.status === 409 && existing) return { ok: true, seq: existing.seq, hash: existing.hash, duplicate: true };
    last = { ok: false, status: r.status, reason: String((r.body as { detail?: string }).detail ?? JSON.stringify(r.body).slice(0, 300)), retryable: r.status >= 500 || r.status === 409 };
    if (r.status !== 409) return last;
  }
  return last;
}

/**
 * Reads a battery's events from the holder's node as this participant (what its role may see), e.g. the latest
 * operational snapshot for a decision. Null when the holder has no such battery or refuses.
 */
export async function listHolderEvents(
  holder: { url: string; did: string },
  reader: RemoteAuthor,
  batteryId: string,
  query: { type?: string; latest?: boolean; limit?: number },
  opts: { now?: () => Date; timeoutMs?: number } = {},
): Promise<{ ok: true; items: { type: string; occurredAt: string; payload: unknown; author: { did: string; role: string }; seq: number }[] } | { ok: false; status: number; reason: string }> {
  const qs = new URLSearchParams();
  if (query.type) qs.set('type', query.type);
  if (query.latest) qs.set('latest', 'true');
  if (query.limit) qs.set('limit', String(query.limit));
  const token = await signAccessToken({ did: reader.did, role: reader.role, privateJwk: reader.privateJwk, audience: holder.did, now: (opts.now ?? (() => new Date()))() });
  try {
    const res = await fetch(`${holder.url.replace(/\/$/, '')}/api/passports/${encodeURIComponent(batteryId)}/events?${qs}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
    const body = (await res.json().catch(() => ({}))) as { items?: never[]; detail?: string };
    if (res.status !== 200) return { ok: false, status: res.status, reason: String(body.detail ?? `HTTP ${res.status}`) };
    return { ok: true, items: body.items ?? [] };
  } catch (e) {
    return { ok: false, status: 0, reason: `holder unreachable: ${(e as Error).message}` };
  }
}

/** The passport as the holder shows it to this participant (its role's tiers); null with the reason otherwise. */
export async function readHolderPassport(
  holder: { url: string; did: string },
  reader: RemoteAuthor,
  batteryId: string,
  opts: { now?: () => Date; timeoutMs?: number } = {},
): Promise<{ ok: true; passport: Record<string, unknown> } | { ok: false; status: number; reason: string }> {
  const token = await signAccessToken({ did: reader.did, role: reader.role, privateJwk: reader.privateJwk, audience: holder.did, now: (opts.now ?? (() => new Date()))() });
  try {
    const res = await fetch(`${holder.url.replace(/\/$/, '')}/api/passports/${encodeURIComponent(batteryId)}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.status !== 200) return { ok: false, status: res.status, reason: String(body.detail ?? `HTTP ${res.status}`) };
    return { ok: true, passport: body };
  } catch (e) {
    return { ok: false, status: 0, reason: `holder unreachable: ${(e as Error).message}` };
  }
}
