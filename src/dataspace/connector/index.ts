/** The connector of one node: identity, catalog, negotiations and the outbox loop that sends their messages. */
import type { Db } from '../../platform/db.js';
import { startWorkLoop, type WorkLoop } from '../../platform/loop.js';
import type { RetryPolicy } from '../core/index.js';
import { PgProcessStore } from '../adapters/pg-process-store.js';
import type { DidKeyResolver } from '../trust/key-resolver.js';
import type { NodeIdentityRecord } from '../trust/pg-participant-store.js';
import { CatalogService } from './catalog.js';
import { DspClient } from './client.js';
import { DspIdentity } from './identity.js';
import { NegotiationService } from './negotiations.js';
import { Outbox } from './outbox.js';
import { TransferService } from './transfers.js';
import type { SharedDocuments } from './assets.js';
export { documentAssetId, passportAssetId, type SharedDocuments } from './assets.js';

export const DSP_BASE_PATH = '/dsp/2025-1';

export interface ConnectorDeps {
  db: Db;
  keys: DidKeyResolver;
  getNode: () => NodeIdentityRecord;
  publicUrl: () => string;
  now: () => Date;
  trustedIssuers: () => ReadonlySet<string>;
  listBatteryIds: (limit: number, cursor?: string) => Promise<{ ids: string[]; nextCursor?: string }>;
  hasPassport: (batteryId: string) => Promise<boolean>;
  /** Signed documents this node shares with authorities over DSP (e.g. compliance reports). */
  documents?: SharedDocuments;
  retry?: RetryPolicy;
  idleWaitMs?: number;
  /** See OutboxDeps.pendingTimeoutMs. */
  pendingTimeoutMs?: number;
  log?: (msg: string, detail: Record<string, unknown>) => void;
}

export class Connector {
  readonly store: PgProcessStore;
  readonly identity: DspIdentity;
  readonly catalog: CatalogService;
  readonly negotiations: NegotiationService;
  readonly transfers: TransferService;
  readonly client: DspClient;
  readonly outbox: Outbox;
  private loop: WorkLoop | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly inFlight = new Set<Promise<boolean>>();

  constructor(private readonly d: ConnectorDeps) {
    const dspBase = () => `${d.publicUrl()}${DSP_BASE_PATH}`;
    const nodeDid = () => d.getNode().did;
    this.store = new PgProcessStore(d.db);
    this.identity = new DspIdentity({ getNode: d.getNode, keys: d.keys, store: this.store, now: d.now, trustedIssuers: d.trustedIssuers });
    this.catalog = new CatalogService({ nodeDid, dspBase, now: d.now, listBatteryIds: d.listBatteryIds, hasPassport: d.hasPassport, documents: d.documents });
    this.negotiations = new NegotiationService({ db: d.db, store: this.store, nodeDid, dspBase, now: d.now, wake: (id) => this.changed('negotiation', id), hasPassport: d.hasPassport, hasDocument: d.documents ? async (id) => (await d.documents!.get(id)) != null : undefined });
    this.transfers = new TransferService({ db: d.db, store: this.store, publicUrl: d.publicUrl, now: d.now, wake: (id) => this.changed('transfer', id) });
    this.client = new DspClient(this.identity);
    this.outbox = new Outbox({ store: this.store, identity: this.identity, now: d.now, dspBase, retry: d.retry, log: d.log, pendingTimeoutMs: d.pendingTimeoutMs, onSent: (kind, id) => this.changed(kind, id) });
  }

  /**
   * A process changed and the change is committed: local waiters may be done, and the outbox may owe a message,
   * which goes out at once (the loop's scan remains the safety net for retries, crashes and other replicas).
   */
  private changed(kind: 'negotiation' | 'transfer', id: string): void {
    this.notifyWaiters();
    if (!this.loop) return; // not started (tests drive the outbox by hand): the loop's owner sends
    const p = this.outbox.dispatch(kind, id).catch((e: unknown) => {
      this.d.log?.('direct send failed; the outbox loop retries it', { id, err: String(e) });
      return false;
    });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private notifyWaiters(): void {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  /**
   * Resolves at the next committed change of any process on this node, or after `maxMs` (another replica of this
   * node, over the same PostgreSQL, changes processes without telling this one; the fallback re-check covers it).
   */
  nextChange(maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      this.waiters.add(done);
    });
  }

  start(): void {
    if (this.loop) return;
    this.loop = startWorkLoop({ name: 'dsp-outbox', idleWaitMs: this.d.idleWaitMs ?? 1000, tick: () => this.outbox.tick(), onError: (e) => this.d.log?.('outbox pass failed', { err: String(e) }) });
  }

  async stop(): Promise<void> {
    const l = this.loop;
    this.loop = null;
    if (l) await l.stop();
    await Promise.all([...this.inFlight]);
  }
}
