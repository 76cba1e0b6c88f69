/**
 * History application service: append (idempotent, serialised per battery, signature verified, chain linked),
 * list and verify. Lifecycle events change the passport in the same transaction, so the status and the history
 * never disagree and a rejected event writes nothing.
 */
import canonicalizeModule from 'canonicalize';
import type { Db, Queryable } from '../platform/db.js';
import { BadRequest, Conflict, Forbidden, NotFound, ValidationFailed, type FieldError } from '../platform/errors.js';
import type { PassportService, Role } from '../passport/index.js';
import {
  authoringErrors,
  computeEventHash,
  envelopeOf,
  nextLink,
  prepareEvent,
  signEvent,
  validateEnvelopeFields,
  validateEventPayload,
  verifyChain,
  verifyEventSignature,
  isEventType,
  parseDetachedSignature,
  type EventEnvelope,
  type SignedEvent,
  type ChainVerification,
} from './core/index.js';
import { dynamicAttributesOf, locationOf } from './core/dynamic-attributes.js';
import type { EventListOptions, HistoryStore, KeyResolverPort, NodeSigner, ParticipantDirectory, StoredEventRow } from './ports.js';

export interface Actor {
  did: string | null;
  role: Role;
  name?: string;
}

export interface HistoryServiceDeps {
  db: Db;
  store: HistoryStore;
  passports: PassportService;
  keys: KeyResolverPort;
  registry: ParticipantDirectory;
  getNode: () => NodeSigner;
  now: () => Date;
  /**
   * Issue 3: a participant writes to a passport it does not issue only under a contract agreement with this node
   * for that battery's data. Returns null when allowed, else the reason. The node operator and the passport's
   * issuer need none.
   */
  writeGate?: (authorDid: string, batteryId: string) => Promise<string | null>;
}

export interface DraftInput {
  eventId: string;
  type: string;
  occurredAt: string;
  payload: unknown;
}

export interface AppendResult {
  event: SignedEvent;
  hash: string;
  /** True when this event id was already stored: the retried request changed nothing. */
  duplicate: boolean;
  successorPassportId?: string;
}

// canonicalize is CommonJS; under NodeNext its default import is the function itself
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** Compares content, not bytes: jsonb does not keep key order, so payloads are compared in their JCS form. */
function sameDraft(a: EventEnvelope, d: { type: string; occurredAt: string; payload: unknown; authorDid: string }): boolean {
  return a.type === d.type && a.author.did === d.authorDid && Date.parse(a.occurredAt) === Date.parse(d.occurredAt) && canonicalize(a.payload) === canonicalize(d.payload);
}

/** Event types whose append changes the passport (Art. 77(6)-(7)); they run in a full transaction. */
// events with an effect on the passport (status, successor, closure, dynamic attributes) take the full path
/**
 * Events with an effect on the passport row, applied in the append's transaction: lifecycle moves, dynamic
 * attributes, and the last known location (events that name a place). The rest take the one-statement path.
 */
const LIFECYCLE_TYPES: ReadonlySet<string> = new Set(['statusChange', 'repurposed', 'remanufactured', 'recycled', 'operationalSnapshot', 'safetyAlert', 'manufactured', 'putIntoService', 'shipmentPickedUp', 'shipmentInTransit', 'shipmentDelivered']);

export class HistoryService {
  constructor(private readonly deps: HistoryServiceDeps) {}

  /**
   * Appends an event the author already signed (any participant, any node). Its seq/prevHash must extend the
   * current head; otherwise 409 with the head so the client can re-sign and retry.
   */
  async appendSigned(actor: Actor, batteryId: string, event: unknown, imported = false): Promise<AppendResult> {
    const errs = validateEnvelopeFields(event).map((e) => ({ field: `event.${e.field}`, reason: e.reason }));
    const ev = event as SignedEvent;
    if (errs.length === 0 && typeof ev.signature !== 'string') errs.push({ field: 'event.signature', reason: 'required (detached JWS)' });
    if (errs.length > 0) throw new BadRequest('event envelope is malformed', errs);
    if (ev.batteryId !== batteryId) throw new BadRequest('event is for another battery', [{ field: 'event.batteryId', reason: `must be ${batteryId}` }]);
    this.assertAuthor(actor, ev.author.did, ev.author.role);
    const payloadErrs = [...validateEventPayload(ev.type, ev.payload, 'event.payload'), ...authoringErrors(ev.type, ev.author.role, ev.payload).map((e) => ({ ...e, field: `event.${e.field}` }))];
    if (payloadErrs.length > 0) throw new ValidationFailed(`event is not a valid ${ev.type} event`, payloadErrs);
    const parsed = parseDetachedSignature(ev.signature);
    if (typeof parsed === 'string') throw new ValidationFailed('event signature is malformed', [{ field: 'event.signature', reason: parsed }]);
    const key = await this.deps.keys.resolve(parsed.kid, 'assertionMethod');
    if (!key) throw new ValidationFailed('no verification key for the author', [{ field: 'event.signature', reason: `key ${parsed.kid} is not an assertion key in the author's DID document` }]);
    const sig = await verifyEventSignature(ev, key);
    if (!sig.ok) throw new ValidationFailed('event signature does not verify with the author’s key', [{ field: 'event.signature', reason: `${sig.reason}: ${sig.detail}` }]);
    if (!imported) await this.checkWriteGate(ev.author.did, batteryId);
    const hash = computeEventHash(ev);
    // events that do not move the lifecycle take the one-statement path; on any refusal the full path below runs
    // and names the reason (or recognises an idempotent retry)
    if (!LIFECYCLE_TYPES.has(ev.type) && (await this.deps.store.appendIfHead({ event: envelopeWithSignature(ev), hash }))) {
      return { event: ev, hash, duplicate: false };
    }
    return this.deps.db.tx(async (q) => {
      await this.deps.store.lockChain(batteryId, q);
      const { head, existing } = await this.deps.store.appendContext(batteryId, ev.eventId, q);
      if (existing) return this.replay(existing, hash, ev.author.did);
      await this.deps.passports.assertOpenBattery(batteryId, q);
      const link = nextLink(head);
      if (ev.seq !== link.seq || ev.prevHash !== link.prevHash) {
        throw new Conflict(`the chain head moved: expected seq ${link.seq}; re-sign the event on the current head and retry`, { head: { seq: link.seq - 1, hash: link.prevHash }, nextSeq: link.seq, prevHash: link.prevHash });
      }
      return this.persist(q, ev, actor);
    });
  }

  /**
   * Appends a draft from this node's own operator: the node places it on the head and signs it with its key, inside
   * the transaction, so concurrent drafts queue instead of conflicting.
   */
  async appendDraft(actor: Actor, batteryId: string, draft: DraftInput): Promise<AppendResult> {
    const node = this.deps.getNode();
    if (actor.did !== node.did) {
      throw new Forbidden(`this node signs only for its operator ${node.did}; sign the event yourself and send it as "event"`);
    }
    return this.deps.db.tx(async (q) => {
      await this.deps.store.lockChain(batteryId, q);
      const { head, existing } = await this.deps.store.appendContext(batteryId, draft.eventId, q);
      if (existing) {
        if (!sameDraft(existing.event, { ...draft, authorDid: node.did })) {
          throw new Conflict(`event id ${draft.eventId} is already used by a different event`, {}, [{ field: 'eventId', reason: 'reused with different content' }]);
        }
        return { event: existing.event, hash: existing.hash, duplicate: true };
      }
      await this.deps.passports.assertOpenBattery(batteryId, q);
      const prepared = prepareEvent(
        { eventId: draft.eventId, batteryId, type: draft.type as never, occurredAt: draft.occurredAt, author: { did: node.did, role: node.role }, payload: draft.payload as never },
        nextLink(head),
      );
      if (!prepared.ok) throw new ValidationFailed('event draft is invalid', prepared.errors);
      const signed = await signEvent(prepared.envelope, node.privateJwk);
      return this.persist(q, signed, actor);
    });
  }

  async list(batteryId: string, opts: EventListOptions = {}): Promise<StoredEventRow[]> {
    await this.deps.passports.getFull(batteryId);
    return this.deps.store.list(batteryId, opts);
  }

  async head(batteryId: string) {
    await this.deps.passports.getFull(batteryId);
    return this.deps.store.head(batteryId);
  }

  /**
   * Checks the whole chain: signatures by the authors' keys, hashes, links and who may author what; names the first
   * bad event. The head row is kept apart from the events, so a chain cut short at the end is reported too.
   */
  async verify(batteryId: string): Promise<ChainVerification> {
    const rows = await this.list(batteryId);
    const head = await this.deps.store.head(batteryId);
    return verifyChain(
      rows.map((r) => ({ ...r.event, hash: r.hash })),
      (kid: string) => this.deps.keys.resolve(kid, 'assertionMethod'),
      {
        isKnownDid: async (did) => (await this.deps.registry.get(did)) !== null,
        roleOf: async (did) => (await this.deps.registry.get(did))?.role ?? null,
        ...(head ? { expectedHead: head } : {}),
      },
    );
  }

  /**
   * Historic events carried over by this node's operator (migration, demo seeding): already signed by their authors,
   * verified like any append, but not subject to the agreement gate, which governs new writes over the dataspace.
   */
  async importSigned(batteryId: string, event: SignedEvent, authorName?: string): Promise<AppendResult> {
    return this.appendSigned({ did: event.author.did, role: event.author.role, name: authorName }, batteryId, event, true);
  }

  private readonly gateCache = new Map<string, number>();

  /** Allowed results are cached for a minute (every append of a busy writer would otherwise query the agreements). */
  private async checkWriteGate(authorDid: string, batteryId: string): Promise<void> {
    if (!this.deps.writeGate || authorDid === this.deps.getNode().did) return;
    const key = `${authorDid} ${batteryId}`;
    const now = this.deps.now().getTime();
    if ((this.gateCache.get(key) ?? 0) > now) return;
    const refusal = await this.deps.writeGate(authorDid, batteryId);
    if (refusal) throw new Forbidden(refusal, [{ field: 'event.author.did', reason: refusal }]);
    if (this.gateCache.size > 10_000) this.gateCache.clear();
    this.gateCache.set(key, now + 60_000);
  }

  private assertAuthor(actor: Actor, authorDid: string, authorRole: Role): void {
    if (actor.did === null) throw new Forbidden('appending events needs an authenticated participant');
    if (actor.did !== authorDid) throw new Forbidden('you may only append events you authored', [{ field: 'event.author.did', reason: `must be the caller ${actor.did}` }]);
    if (actor.role !== authorRole) throw new Forbidden('author role must be your registered role', [{ field: 'event.author.role', reason: `must be ${actor.role}` }]);
  }

  private replay(existing: StoredEventRow, hash: string, authorDid?: string | null): AppendResult {
    if (existing.hash !== hash) {
      // its own author learns where its earlier event with this id sits (a retry re-signed on a newer head)
      const mine = authorDid && existing.event.author.did === authorDid ? { existing: { seq: existing.event.seq, hash: existing.hash } } : {};
      throw new Conflict(`event id ${existing.event.eventId} is already used by a different event`, mine, [{ field: 'event.eventId', reason: 'reused with different content' }]);
    }
    return { event: existing.event, hash: existing.hash, duplicate: true };
  }

  private async persist(q: Queryable, ev: SignedEvent, actor: Actor): Promise<AppendResult> {
    const hash = computeEventHash(ev);
    await this.deps.store.append({ event: envelopeWithSignature(ev), hash }, q);
    const seenAt = locationOf(ev);
    if (seenAt) await this.deps.passports.applyLocation(q, ev.batteryId, seenAt, ev.occurredAt);
    const successor = await this.applyLifecycle(q, ev, actor);
    return { event: ev, hash, duplicate: false, ...(successor ? { successorPassportId: successor } : {}) };
  }

  /** Art. 77(6)-(7): the lifecycle events move the passport; everything else leaves it as it is. */
  private async applyLifecycle(q: Queryable, ev: SignedEvent, actor: Actor): Promise<string | undefined> {
    const p = ev.payload as Record<string, unknown>;
    const at = ev.occurredAt;
    switch (ev.type) {
      case 'statusChange': {
        const current = await this.deps.passports.assertWritableBattery(ev.batteryId, q);
        if (current.status !== p.from) {
          throw new Conflict(`battery is '${current.status}', not '${String(p.from)}'`, {}, [{ field: 'event.payload.from', reason: `current status is ${current.status}` }]);
        }
        if (p.to === 'repurposed' || p.to === 'remanufactured') {
          throw new ValidationFailed(`use a ${String(p.to)} event: it names the new passport (Art. 77(7))`, [{ field: 'event.payload.to', reason: 'needs a successor passport' }]);
        }
        await this.deps.passports.applyLifecycle(q, ev.batteryId, { to: p.to as never, at });
        return undefined;
      }
      case 'repurposed':
      case 'remanufactured': {
        const current = await this.deps.passports.assertWritableBattery(ev.batteryId, q);
        const suffix = ev.type === 'repurposed' ? 'RP' : 'RM';
        const successor = await this.deps.passports.applyLifecycle(q, ev.batteryId, {
          to: ev.type,
          at,
          successor: {
            passportId: String(p.newPassportId),
            // a repurposed/remanufactured battery is a new product with its own identifier, traceable to the original
            batteryId: `${current.batteryId}.${suffix}${ev.seq}`,
            issuer: { did: actor.did as string, role: actor.role, name: actor.name ?? (actor.did as string) },
          },
        });
        return successor?.passportId;
      }
      case 'recycled':
        await this.deps.passports.applyLifecycle(q, ev.batteryId, { to: 'waste', at, close: true });
        return undefined;
      case 'operationalSnapshot':
      case 'safetyAlert':
        await this.deps.passports.applyDynamic(q, ev.batteryId, (current) => dynamicAttributesOf(ev, current), at);
        return undefined;
      default:
        return undefined;
    }
  }
}

function envelopeWithSignature(ev: SignedEvent): SignedEvent {
  return { ...envelopeOf(ev), signature: ev.signature };
}

export { isEventType };
export type { FieldError };
