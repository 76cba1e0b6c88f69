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
  retry?: RetryPolicy;
  idleWaitMs?: number;
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

  constructor(private readonly d: ConnectorDeps) {
    const dspBase = () => `${d.publicUrl()}${DSP_BASE_PATH}`;
    const nodeDid = () => d.getNode().did;
    this.store = new PgProcessStore(d.db);
    this.identity = new DspIdentity({ getNode: d.getNode, keys: d.keys, store: this.store, now: d.now, trustedIssuers: d.trustedIssuers });
    this.catalog = new CatalogService({ nodeDid, dspBase, now: d.now, listBatteryIds: d.listBatteryIds, hasPassport: d.hasPassport });
    this.negotiations = new NegotiationService({ db: d.db, store: this.store, nodeDid, dspBase, now: d.now, wake: () => this.loop?.wake(), hasPassport: d.hasPassport });
    this.transfers = new TransferService({ db: d.db, store: this.store, publicUrl: d.publicUrl, now: d.now, wake: () => this.loop?.wake() });
    this.client = new DspClient(this.identity);
    this.outbox = new Outbox({ store: this.store, identity: this.identity, now: d.now, dspBase, retry: d.retry, log: d.log });
  }

  start(): void {
    if (this.loop) return;
    this.loop = startWorkLoop({ name: 'dsp-outbox', idleWaitMs: this.d.idleWaitMs ?? 1000, tick: () => this.outbox.tick(), onError: (e) => this.d.log?.('outbox pass failed', { err: String(e) }) });
  }

  async stop(): Promise<void> {
    const l = this.loop;
    this.loop = null;
    if (l) await l.stop();
  }
}
