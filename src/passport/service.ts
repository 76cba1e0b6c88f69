/**
 * Passport application service: the use cases behind the HTTP routes and the CLI. It composes the pure core
 * (catalogue, access tiers, validation, lifecycle) with the store, inside one transaction per write so that a
 * rejected request writes nothing.
 */
import type { Db, Queryable } from '../platform/db.js';
import { Conflict, Forbidden, Gone, NotFound, ValidationFailed, type FieldError } from '../platform/errors.js';
import {
  canWriteAttribute,
  filterPassportForRole,
  validateAttributes,
  validatePassport,
  assertWritable,
  applyInPlace,
  deriveSuccessor,
  closePassport,
  planTransition,
} from './core/index.js';
import type { BatteryStatus, Participant, Passport, Role } from './core/types.js';
import type { PassportListFilter, PassportStore } from './ports.js';

export interface Actor {
  did: string | null;
  role: Role;
}

export interface PassportServiceDeps {
  db: Db;
  store: PassportStore;
  /** The participant operating this node; passports created here are issued by it. */
  node: Participant;
  now: () => Date;
}

/** Roles that may place a battery on the market and so issue a passport (Art. 77(1), 77(7)). */
export const ISSUING_ROLES: readonly Role[] = ['manufacturer', 'remanufacturer', 'oem'];

export function publicJsonOf(p: Passport): string {
  return JSON.stringify(filterPassportForRole(p, 'public', { isIssuer: false }));
}

function isIssuer(actor: Actor, p: Passport): boolean {
  return actor.did !== null && actor.did === p.issuer.did;
}

export class PassportService {
  constructor(private readonly deps: PassportServiceDeps) {}

  /** Stores a new passport issued by this node's participant. The caller must be that participant. */
  async create(actor: Actor, input: Passport): Promise<Passport> {
    if (actor.did !== this.deps.node.did) {
      throw new Forbidden(`only this node's operator (${this.deps.node.did}) issues passports here`);
    }
    if (!ISSUING_ROLES.includes(this.deps.node.role)) {
      throw new Forbidden(`a ${this.deps.node.role} node does not issue battery passports`);
    }
    const at = this.deps.now().toISOString();
    const p: Passport = {
      ...input,
      issuer: this.deps.node,
      closed: false,
      successorPassportIds: input.successorPassportIds ?? [],
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const errors = validatePassport(p);
    if (errors.length > 0) throw new ValidationFailed(`passport has ${errors.length} invalid field(s)`, toFieldErrors(errors));
    const ok = await this.deps.store.insert(p, publicJsonOf(p));
    if (!ok) throw new Conflict(`a passport for battery '${p.batteryId}' or with id '${p.passportId}' already exists`);
    return p;
  }

  /** Imports a complete passport document as-is (migration from another system); keeps its issuer and times. */
  async importDocument(actor: Actor, p: Passport): Promise<Passport> {
    if (actor.did !== this.deps.node.did) throw new Forbidden(`only this node's operator imports passports`);
    const errors = validatePassport(p);
    if (errors.length > 0) throw new ValidationFailed(`passport has ${errors.length} invalid field(s)`, toFieldErrors(errors));
    const ok = await this.deps.store.insert(p, publicJsonOf(p));
    if (!ok) throw new Conflict(`a passport for battery '${p.batteryId}' or with id '${p.passportId}' already exists`);
    return p;
  }

  /** The passport as the caller's tier may see it (Art. 77(2), Annex XIII). */
  async getForActor(actor: Actor, id: string): Promise<Passport> {
    const p = await this.deps.store.get(id);
    if (!p) throw new NotFound(`no passport '${id}'`);
    return filterPassportForRole(p, actor.role, { isIssuer: isIssuer(actor, p) });
  }

  async getPublicJson(id: string): Promise<string> {
    const s = await this.deps.store.getPublicJson(id);
    if (s === null) throw new NotFound(`no passport '${id}'`);
    return s;
  }

  /** Unfiltered read for internal use (exports by the issuer, lifecycle). */
  async getFull(id: string): Promise<Passport> {
    const p = await this.deps.store.get(id);
    if (!p) throw new NotFound(`no passport '${id}'`);
    return p;
  }

  /** Whether `did` operates this node (and so issued the passports it holds). */
  isOperator(did: string | null): boolean {
    return did !== null && did === this.deps.node.did;
  }

  list(filter: PassportListFilter) {
    return this.deps.store.list(filter);
  }

  /**
   * Writes attribute values. Every key must be one the caller's role is responsible for, every value valid;
   * otherwise nothing is written and every failing attribute is named.
   */
  async updateAttributes(actor: Actor, id: string, values: Record<string, unknown>, expectedVersion?: number): Promise<Passport> {
    return this.deps.db.tx(async (q) => {
      const p = await this.lockedGet(id, q);
      this.assertOpen(p);
      if (expectedVersion !== undefined && expectedVersion !== p.version) {
        throw new Conflict(`passport is at version ${p.version}, not ${expectedVersion}; re-read and retry`, { currentVersion: p.version });
      }
      const forbidden: FieldError[] = [];
      for (const key of Object.keys(values)) {
        const r = canWriteAttribute(actor.role, key, { isIssuer: isIssuer(actor, p) });
        if (!r.ok) forbidden.push({ field: `attributes.${key}`, reason: r.reason });
      }
      const invalid = validateAttributes(values);
      const unknownOnly = forbidden.filter((f) => !invalid.some((i) => `attributes.${i.attribute}` === f.field));
      if (invalid.length > 0) {
        throw new ValidationFailed(`${invalid.length} attribute(s) invalid`, invalid.map((e) => ({ field: `attributes.${e.attribute}`, reason: e.reason })));
      }
      if (unknownOnly.length > 0) throw new Forbidden(`role '${actor.role}' may not write ${unknownOnly.length} attribute(s)`, unknownOnly);
      const at = this.deps.now().toISOString();
      const next: Passport = {
        ...p,
        attributes: { ...p.attributes, ...(values as Passport['attributes']) },
        attributeUpdatedAt: { ...p.attributeUpdatedAt, ...Object.fromEntries(Object.keys(values).map((k) => [k, at])) },
        updatedAt: at,
        version: p.version + 1,
      };
      await this.save(next, p.version, q);
      return filterPassportForRole(next, actor.role, { isIssuer: isIssuer(actor, p) });
    });
  }

  /**
   * Applies the lifecycle effect of a history event inside the append transaction (so the event and the status
   * never disagree). Returns the successor passport when Art. 77(7) requires a new one.
   */
  async applyLifecycle(
    q: Queryable,
    batteryId: string,
    change: { to: BatteryStatus; at: string; successor?: { passportId: string; batteryId: string; issuer: Participant }; close?: boolean },
  ): Promise<Passport | null> {
    const p = await this.lockedGet(batteryId, q);
    this.assertOpen(p);
    if (change.close) {
      const closed = closePassport(p, change.at);
      await this.save(closed, p.version, q);
      return null;
    }
    const plan = planTransition(p, change.to);
    if (plan.kind === 'error') throw new Conflict(plan.reason, {}, [{ field: 'payload.to', reason: plan.reason }]);
    if (plan.kind === 'inPlace') {
      await this.save(applyInPlace(p, change.to, change.at), p.version, q);
      return null;
    }
    if (!change.successor) {
      throw new ValidationFailed(`status '${change.to}' creates a new passport (Art. 77(7)); the event must name it`, [
        { field: 'payload.newPassportId', reason: 'required for repurposed/remanufactured batteries' },
      ]);
    }
    const { predecessor, successor } = deriveSuccessor(p, { ...change.successor, status: change.to, at: change.at });
    await this.save(predecessor, p.version, q);
    const ok = await this.deps.store.insert(successor, publicJsonOf(successor), q);
    if (!ok) throw new Conflict(`passport '${successor.passportId}' or battery '${successor.batteryId}' already exists`);
    return successor;
  }

  /** Where the battery was seen, as the effect of a signed event that names a location (in its append transaction). */
  async applyLocation(q: Queryable, batteryId: string, loc: { name: string; countryCode: string }, at: string): Promise<void> {
    await this.deps.store.setLastLocation(batteryId, loc, at, q);
  }

  /**
   * Sets dynamic attributes as the effect of a signed history event, inside the append transaction. The event's
   * author role was checked against the event type; the values are checked against the catalogue here, so a
   * value the passport cannot hold refuses the event instead of being stored half-way.
   */
  async applyDynamic(q: Queryable, batteryId: string, valuesFor: (current: Readonly<Record<string, unknown>>) => Record<string, unknown>, at: string): Promise<void> {
    const p = await this.lockedGet(batteryId, q);
    this.assertOpen(p);
    const values = valuesFor(p.attributes as Record<string, unknown>);
    if (Object.keys(values).length === 0) return;
    const invalid = validateAttributes(values);
    if (invalid.length > 0) {
      throw new ValidationFailed('the event sets passport values outside the catalogue', invalid.map((e) => ({ field: `event.payload (attribute ${e.attribute})`, reason: e.reason })));
    }
    const next: Passport = {
      ...p,
      attributes: { ...p.attributes, ...(values as Passport['attributes']) },
      attributeUpdatedAt: { ...p.attributeUpdatedAt, ...Object.fromEntries(Object.keys(values).map((k) => [k, at])) },
      updatedAt: this.deps.now().toISOString(),
      version: p.version + 1,
    };
    await this.save(next, p.version, q);
  }

  /** Rejects writes to a closed passport (Art. 77(6): it ceases to exist after recycling). */
  async assertWritableBattery(batteryId: string, q: Queryable): Promise<Passport> {
    const p = await this.lockedGet(batteryId, q);
    this.assertOpen(p);
    return p;
  }

  /** Light check for the append path: the battery has a passport here and it is not closed. */
  async assertOpenBattery(batteryId: string, q: Queryable): Promise<void> {
    const st = await this.deps.store.getState(batteryId, q);
    if (!st) throw new NotFound(`no passport for battery '${batteryId}' on this node`);
    if (st.closed) throw new Gone(`the passport of battery '${batteryId}' is closed: the battery was recycled (Art. 77(6))`);
  }

  private assertOpen(p: Passport): void {
    const r = assertWritable(p);
    if (!r.ok) throw new Gone(r.reason);
  }

  private async lockedGet(id: string, q: Queryable): Promise<Passport> {
    const p = await this.deps.store.get(id, q, true);
    if (!p) throw new NotFound(`no passport '${id}'`);
    return p;
  }

  private async save(next: Passport, expectedVersion: number, q: Queryable): Promise<void> {
    const stamped = { ...next, version: expectedVersion + 1, updatedAt: next.updatedAt };
    const ok = await this.deps.store.update(stamped, publicJsonOf(stamped), expectedVersion, q);
    if (!ok) throw new Conflict(`passport ${next.passportId} changed concurrently; retry`);
  }
}

function toFieldErrors(errors: { attribute: string; reason: string }[]): FieldError[] {
  return errors.map((e) => ({ field: e.attribute, reason: e.reason }));
}
