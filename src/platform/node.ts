/**
 * Composition root of one participant node: store, keys, registry, domain services and the HTTP app.
 * The only place that picks adapters (STYLE: EDC's ServiceExtension wiring, done by hand).
 */
import type { FastifyInstance } from 'fastify';
import { openDb, migrate, type Db } from './db.js';
import { loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { PgParticipantStore, type NodeIdentityRecord } from '../dataspace/trust/pg-participant-store.js';
import { trustMigrations } from '../dataspace/trust/migrations.js';
import { DidKeyResolver } from '../dataspace/trust/key-resolver.js';
import { ParticipantAuthenticator } from '../dataspace/trust/authenticator.js';
import { identityPlugin } from '../dataspace/trust/http/plugin.js';
import { buildDidDocument, didWebFromUrl, generateEd25519KeyPair, keyIdForDid, signAccessToken } from '../dataspace/identity/index.js';
import type { Passport, Role } from '../passport/index.js';
import { passportMigrations } from '../passport/adapters/migrations.js';
import { PgPassportStore } from '../passport/adapters/pg-passport-store.js';
import { PassportService } from '../passport/service.js';
import { passportPlugin } from '../passport/http/plugin.js';
import { historyMigrations } from '../history/adapters/migrations.js';
import { PgHistoryStore } from '../history/adapters/pg-history-store.js';
import { HistoryService } from '../history/service.js';
import { historyPlugin } from '../history/http/plugin.js';

import { connectorMigrations } from '../dataspace/adapters/migrations.js';
import { Connector, DSP_BASE_PATH } from '../dataspace/connector/index.js';
import { OFFERED_TIERS, passportAssetId } from '../dataspace/connector/assets.js';
import { dspPlugin } from '../dataspace/http/dsp-plugin.js';
import { dspTransferPlugin } from '../dataspace/http/dsp-transfer-plugin.js';
import { managementPlugin } from '../dataspace/http/management-plugin.js';
import { authorityMigrations } from '../dataspace/authority/migrations.js';
import { DataspaceAuthority } from '../dataspace/authority/service.js';
import { authorityPlugin } from '../dataspace/authority/plugin.js';
import { DiagnosticsService } from '../diagnostics/service.js';
import { diagnosticsPlugin } from '../diagnostics/http/plugin.js';
import { loadPulseArtifact, type PulseArtifact } from '../diagnostics/index.js';
import { appendToHolder, listHolderEvents, readHolderPassport } from '../history/index.js';
import { TwinService } from '../twin/service.js';
import { LogisticsService } from '../circularity/logistics/service.js';
import { logisticsPlugin } from '../circularity/logistics/http/plugin.js';
import { disassemblyPlugin } from '../circularity/disassembly/http/plugin.js';
import { decisionPlugin } from '../circularity/decision/http/plugin.js';
import { logisticsMigrations } from '../circularity/logistics/adapters/migrations.js';
import { twinPlugin } from '../twin/http/plugin.js';
import { twinMigrations } from '../twin/adapters/migrations.js';
import { startWorkLoop, type WorkLoop } from './loop.js';
import { ComplianceService, complianceHttp, complianceMigrations, compliancePorts } from '../compliance/index.js';
import { ReturnsForecastService } from '../compliance/forecast/returns-service.js';
import { demoNetworkPlan } from '../compliance/forecast/hub-capacity.js';
import { returnsForecastPlugin } from '../compliance/http/forecast.js';
import { registryMigrations as dtrMigrations, PgShellDescriptorStore, RegistryService, registryPlugin } from '../dataspace/registry/index.js';

export const ALL_MIGRATIONS = [...trustMigrations, ...passportMigrations, ...historyMigrations, ...connectorMigrations, ...authorityMigrations, ...dtrMigrations, ...twinMigrations, ...logisticsMigrations, ...complianceMigrations];

/** Optional services a node can run besides its participant role. */
export type NodeFeature = 'authority' | 'registry';

export interface NodeOptions {
  name: string;
  role: Role;
  config?: Partial<Config>;
  /** Use this database instead of opening one from the config (tests share a PostgreSQL schema). */
  db?: Db;
  /** PostgreSQL schema for this node when `databaseUrl` is set (several nodes in one database). */
  schema?: string;
  logger?: boolean | Record<string, unknown>;
  now?: () => Date;
  /** Public-tier read cache size on PGlite (0 disables it; see docs/decisions/0003). */
  publicCacheEntries?: number;
  /** Dataspace authority (credential issuer) and/or discovery registry on this node. */
  features?: NodeFeature[];
}

export interface NodeHandle {
  name: string;
  app: FastifyInstance;
  db: Db;
  config: Config;
  url: string;
  identity: NodeIdentityRecord;
  registry: PgParticipantStore;
  passports: PassportService;
  history: HistoryService;
  connector: Connector;
  twin: TwinService;
  /** DIDs of dataspace authorities whose credentials this node accepts (from TRUSTED_ISSUERS, plus any added). */
  trustedIssuers: Set<string>;
  authority: DataspaceAuthority | null;
  close(): Promise<void>;
}

/** Starts a node: opens its store, migrates, listens (port 0 = any free port), then fixes its did:web from its URL. */
export async function startNode(opts: NodeOptions): Promise<NodeHandle> {
  const config = loadConfig(opts.config ?? {});
  const now = opts.now ?? (() => new Date());
  const db = opts.db ?? (await openDb({ url: config.databaseUrl, dataDir: config.dataDir, schema: opts.schema }));
  let passportStoreRef: PgPassportStore | null = null;
  try {
    await migrate(db, ALL_MIGRATIONS);
    const registry = new PgParticipantStore(db);
    const keys = new DidKeyResolver({ registry, allowInsecureLoopback: config.allowInsecureDidWebLoopback });
    let identity: NodeIdentityRecord | null = null;
    const getIdentity = (): NodeIdentityRecord => {
      if (!identity) throw new Error('node identity not initialised');
      return identity;
    };
    const passportStore = new PgPassportStore(db, { publicCacheEntries: opts.publicCacheEntries });
    passportStoreRef = passportStore;
    await passportStore.start();
    // the passport service needs the node participant; it is read lazily because the DID follows the bound port
    const passports = new PassportService({
      db,
      store: passportStore,
      get node() {
        const i = getIdentity();
        return { did: i.did, role: i.role, name: i.name };
      },
      now,
    });
    const history = new HistoryService({
      db,
      store: new PgHistoryStore(db),
      passports,
      keys,
      registry,
      getNode: getIdentity,
      now,
      // issue 3: writes from other participants are allowed by a contract agreement for that battery's data
      writeGate: async (authorDid, batteryId) => {
        const issuer = await passportStore.getIssuerDid(batteryId);
        if (issuer === null || issuer === authorDid) return null;
        const ok = await connector.store.hasProviderAgreement(authorDid, OFFERED_TIERS.map((t) => passportAssetId(batteryId, t)));
        return ok ? null : `no contract agreement with ${getIdentity().did} covers battery ${batteryId}: negotiate access to its passport over the dataspace first`;
      },
    });
    let publicUrl = config.publicUrl;
    const trustedIssuers = new Set(config.trustedIssuers.split(',').map((x) => x.trim()).filter(Boolean));
    // issue 7: the recycler's batches, material lots, recycled events owed to passports, signed compliance reports
    // (built before the connector, which offers the signed reports to authorities as DSP documents)
    let complianceLoop: WorkLoop | null = null;
    const compliance: ComplianceService = new ComplianceService({
      db,
      now,
      ...compliancePorts({
        identity: getIdentity,
        now,
        localPassport: (id) => passports.getFull(id).catch(() => null),
        // the legitimate-interest view over the dataspace carries the materials list, and its agreement is what the
        // holder's write gate asks for when the recycled event arrives
        remotePassport: async (batteryId, holderDid): Promise<Passport | null> => {
          const url = (await registry.get(holderDid))?.baseUrl;
          if (!url || !appRef) return null;
          const me = getIdentity();
          const token = await signAccessToken({ did: me.did, role: me.role, privateJwk: me.privateJwk, audience: me.did, now: now() });
          const res = await appRef.inject({ method: 'POST', url: '/api/dataspace/fetch', headers: { authorization: `Bearer ${token}` }, payload: { providerUrl: `${url}${DSP_BASE_PATH}`, providerDid: holderDid, assetId: passportAssetId(batteryId, 'legitimateInterest') } });
          return res.statusCode === 200 ? ((res.json() as { data: Passport }).data ?? null) : null;
        },
        appendHere: async (batteryId, draft): Promise<{ seq: number }> => {
          const me = getIdentity();
          return { seq: (await history.appendDraft({ did: me.did, role: me.role, name: me.name }, batteryId, draft)).event.seq };
        },
        baseUrlOf: async (did) => (await registry.get(did))?.baseUrl ?? null,
      }),
    });
    const connector = new Connector({
      documents: compliance.sharedDocuments(),
      db,
      keys,
      getNode: getIdentity,
      publicUrl: () => publicUrl,
      now,
      trustedIssuers: () => trustedIssuers,
      listBatteryIds: async (limit, cursor) => {
        const page = await passportStore.list({ limit, cursor });
        return { ids: page.items.map((i) => i.batteryId), nextCursor: page.nextCursor };
      },
      hasPassport: async (batteryId) => (await passportStore.getState(batteryId)) !== null,
      idleWaitMs: config.dspOutboxIdleMs,
      pendingTimeoutMs: config.dspPendingTimeoutS * 1000,
      log: (msg, detail) => appRef?.log.warn(detail, msg),
    });
    // the SoH model is loaded on first use (1.9 MB of JSON; most nodes never assess a battery)
    let pulseArtifact: PulseArtifact | null = null;
    const diagnostics = new DiagnosticsService({
      artifact: () => (pulseArtifact ??= loadPulseArtifact()),
      facility: () => ({ did: getIdentity().did, name: getIdentity().name }),
      now,
      append: async (batteryId, draft, holder) => {
        const me = getIdentity();
        if (!holder) {
          const r = await history.appendDraft({ did: me.did, role: me.role, name: me.name }, batteryId, draft);
          return { ok: true, batteryId, seq: r.event.seq, hash: r.hash, duplicate: r.duplicate };
        }
        const r = await appendToHolder(holder, { did: me.did, role: me.role, privateJwk: me.privateJwk }, batteryId, draft, { now });
        return r.ok ? { ok: true, batteryId, seq: r.seq, hash: r.hash, duplicate: r.duplicate } : { ok: false, status: r.status, reason: r.reason };
      },
    });
    // the digital twin (issue 4): telemetry in, estimates stored, snapshots and alerts out as signed events/webhooks
    const twin = new TwinService({
      db,
      now,
      snapshotIntervalMs: config.twinSnapshotIntervalS * 1000,
      delivery: {
        appendEvent: async (batteryId, draft, holder) => {
          const me = getIdentity();
          try {
            if (!holder) {
              await history.appendDraft({ did: me.did, role: me.role, name: me.name }, batteryId, draft);
              return { ok: true };
            }
            const r = await appendToHolder(holder, { did: me.did, role: me.role, privateJwk: me.privateJwk }, batteryId, draft, { now });
            return r.ok ? { ok: true } : { ok: false, reason: `${r.status}: ${r.reason}`, permanent: !r.retryable };
          } catch (e) {
            const status = (e as { status?: number }).status;
            return { ok: false, reason: (e as Error).message, permanent: status !== undefined && status >= 400 && status < 500 };
          }
        },
        postWebhook: async (url, body) => {
          try {
            const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
            return res.ok ? { ok: true } : { ok: false, reason: `HTTP ${res.status}` };
          } catch (e) {
            return { ok: false, reason: (e as Error).message };
          }
        },
      },
    });
    // issue 7: returns forecast from this node's fleet twins (the OEM's in the demo); a node without twins has none
    const returnsForecast = new ReturnsForecastService({
      now,
      twins: {
        listTwins: (limit) => twin.list(limit),
        sohSeries: (id, fromMs, toMs, limit) => twin.series(id, fromMs, toMs, limit),
        // Annex VII Part B(1) putting-into-service date and the operator's locality, from the passport here or on its holder
        describe: async (row) => {
          let attrs = ((await passports.getFull(row.batteryId).catch(() => null)) as { attributes?: Record<string, unknown> } | null)?.attributes;
          if (!attrs && row.holder) {
            const me = getIdentity();
            const r = await readHolderPassport(row.holder, { did: me.did, role: me.role, privateJwk: me.privateJwk }, row.batteryId, { now, timeoutMs: 5000 });
            attrs = r.ok ? (r.passport.attributes as Record<string, unknown> | undefined) : undefined;
          }
          if (!attrs) return null;
          const locality = (attrs.operatorInformation as { postalAddress?: { locality?: unknown } } | undefined)?.postalAddress?.locality;
          return { puttingIntoServiceDate: typeof attrs.puttingIntoServiceDate === 'string' ? attrs.puttingIntoServiceDate : null, site: typeof locality === 'string' ? locality : null };
        },
      },
    });
    let twinLoop: WorkLoop | null = null;
    // one way for this node to write its own signed event into a passport: here, or on the holder's node
    const appendAsOperator = async (batteryId: string, draft: { eventId: string; type: string; occurredAt: string; payload: unknown }, holder: { url: string; did: string } | null) => {
      const me = getIdentity();
      if (!holder) {
        try {
          const r = await history.appendDraft({ did: me.did, role: me.role, name: me.name }, batteryId, draft);
          return { ok: true as const, seq: r.event.seq };
        } catch (e) {
          return { ok: false as const, status: (e as { status?: number }).status ?? 500, reason: (e as Error).message };
        }
      }
      const r = await appendToHolder(holder, { did: me.did, role: me.role, privateJwk: me.privateJwk }, batteryId, draft, { now });
      return r.ok ? { ok: true as const, seq: r.seq } : { ok: false as const, status: r.status, reason: r.reason };
    };
    // what a decision reads from the passport holder: the twin's latest State of Safety and the battery's status
    const latestTwinSos = async (batteryId: string, holder: { url: string; did: string } | null) => {
      const me = getIdentity();
      const items = holder
        ? await listHolderEvents(holder, { did: me.did, role: me.role, privateJwk: me.privateJwk }, batteryId, { type: 'operationalSnapshot', latest: true, limit: 1 }, { now }).then((r) => (r.ok ? r.items : []))
        : await history.list(batteryId, { type: 'operationalSnapshot', latest: true, limit: 1 }).then((rows) => rows.map((r) => r.event)).catch(() => []);
      const last = items.at(-1) as { occurredAt: string; payload: { stateOfSafety?: { score: number; driver: string } } } | undefined;
      return last?.payload.stateOfSafety ? { ...last.payload.stateOfSafety, at: last.occurredAt } : null;
    };
    const holderStatus = async (batteryId: string, holder: { url: string; did: string } | null): Promise<string | null> => {
      if (!holder) return passports.getFull(batteryId).then((p) => p.status as string).catch(() => null);
      const me = getIdentity();
      const r = await readHolderPassport(holder, { did: me.did, role: me.role, privateJwk: me.privateJwk }, batteryId, { now });
      return r.ok && typeof r.passport.status === 'string' ? r.passport.status : null;
    };
    const logistics = new LogisticsService({ db, now, append: appendAsOperator });
    const features = new Set(opts.features ?? []);
    const authority = features.has('authority') ? new DataspaceAuthority({ db, registry, getNode: getIdentity, publicUrl: () => publicUrl, now }) : null;
    const extraDomains = [
      ...(authority ? [{ name: 'authority', plugin: authorityPlugin as never, options: { authority, operatorDid: () => getIdentity().did }, description: 'Dataspace authority: credentials and status list' }] : []),
      ...(features.has('registry') ? [{ name: 'registry', plugin: registryPlugin as never, options: { service: new RegistryService({ store: new PgShellDescriptorStore(db), now }) }, description: 'Discovery registry (AAS Part 2 style)' }] : []),
    ];
    // the connector logs through the app's logger once it exists
    let appRef: FastifyInstance | null = null;
    const app = await buildApp({
      config,
      title: `Battery Loop node — ${opts.name} (${opts.role})`,
      nodeDid: () => getIdentity().did,
      authenticator: new ParticipantAuthenticator({
        registry,
        keys,
        now,
        maxClockSkewSeconds: config.clockSkewSeconds,
        maxTokenTtlSeconds: config.maxTokenTtlSeconds,
      }),
      logger: opts.logger,
      authSkipPrefixes: [`${DSP_BASE_PATH}/`, '/dataplane/'],
      domains: [
        { name: 'identity', plugin: identityPlugin as never, options: { getIdentity, registry, now }, description: 'did:web document, participants, API tokens' },
        { name: 'passport', plugin: passportPlugin as never, options: { service: passports, publicUrl: () => publicUrl }, description: 'Battery passports (Annex XIII)' },
        { name: 'history', plugin: historyPlugin as never, options: { service: history }, description: 'Signed, hash-chained lifecycle events' },
        { name: 'dataspace', plugin: dspPlugin as never, options: { identity: connector.identity, catalog: connector.catalog, negotiations: connector.negotiations, basePath: DSP_BASE_PATH }, description: 'Dataspace Protocol 2025-1 and the connector management API' },
        {
          name: 'dataspace-transfer',
          plugin: dspTransferPlugin as never,
          options: {
            identity: connector.identity,
            transfers: connector.transfers,
            basePath: DSP_BASE_PATH,
            documentData: (documentId: string) => compliance.getSignedReport(documentId),
            passportView: async (batteryId: string, role: Role) => {
              const view = await passports.getForActor({ did: null, role }, batteryId).catch(() => null);
              if (!view || role === 'public') return view;
              // beyond the public tier the battery's test reports travel with it: the testing facilities' signed
              // testResult events (model, input hash, features, SoH ± interval), verifiable against their did:web keys
              const testResults = (await history.list(batteryId, { limit: 5000 })).filter((r) => r.event.type === 'testResult').map((r) => r.event);
              return { ...view, testResults };
            },
          },
        },
        { name: 'dataspace-management', plugin: managementPlugin as never, options: { connector, operatorDid: () => getIdentity().did } },
        { name: 'twin', plugin: twinPlugin as never, options: { service: twin, operatorDid: () => getIdentity().did, now }, description: 'Digital twin: telemetry, SoC/SoE/SoP/SoH/SoS, snapshots and alerts (issue 4)' },
        { name: 'compliance', plugin: complianceHttp as never, options: { service: compliance, operatorDid: () => getIdentity().did, wake: () => complianceLoop?.wake() }, description: 'Recycling compliance: batches by passport, material lots, recycled content, carbon footprint, signed reports (issue 7)' },
        { name: 'forecast', plugin: returnsForecastPlugin as never, options: { service: returnsForecast, plan: demoNetworkPlan, operatorDid: () => getIdentity().did }, description: 'Returns forecast from the fleet twins, hub capacity needs (issue 7)' },
        { name: 'logistics', plugin: logisticsPlugin as never, options: { service: logistics, operatorDid: () => getIdentity().did }, description: 'Reverse logistics: ADR classification, shipments as signed events (issue 6)' },
        { name: 'disassembly', plugin: disassemblyPlugin as never, options: { operatorDid: () => getIdentity().did, localPassport: (id: string) => passports.getFull(id).catch(() => null), append: appendAsOperator, now }, description: 'Disassembly planning and executed steps as signed events (issue 6)' },
        { name: 'decision', plugin: decisionPlugin as never, options: { operatorDid: () => getIdentity().did, operatorName: () => getIdentity().name, localPassport: (id: string) => passports.getFull(id).catch(() => null), append: appendAsOperator, now, latestTwinSos, holderStatus }, description: 'End-of-life route decisions and carrying them out (issue 6)' },
        { name: 'diagnostics', plugin: diagnosticsPlugin as never, options: { service: diagnostics, operatorDid: () => getIdentity().did }, description: 'Rapid SoH from a pulse test (issue 5)' },
        ...extraDomains,
      ],
    });
    appRef = app;
    await app.listen({ host: config.host, port: config.port });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    if (!publicUrl) publicUrl = url;
    const did = didWebFromUrl(publicUrl);
    const stored = await registry.getNodeIdentity();
    if (stored && stored.did !== did) {
      await app.close();
      throw new Error(`this store belongs to ${stored.did} but the node now runs at ${publicUrl}; set PORT or PUBLIC_URL to its old address`);
    }
    const kp = generateEd25519KeyPair(keyIdForDid(did));
    identity = stored ?? (await registry.ensureNodeIdentity({ did, role: opts.role, name: opts.name, privateJwk: kp.privateJwk, publicJwk: kp.publicJwk }));
    await registry.upsert({ did, role: identity.role, name: identity.name, publicJwk: identity.publicJwk, baseUrl: publicUrl });
    if (authority) trustedIssuers.add(did);
    connector.start();
    complianceLoop = startWorkLoop({ name: 'compliance-recycled-events', idleWaitMs: 2000, tick: () => compliance.deliverPending(20), onError: (e) => app.log.warn({ err: String(e) }, 'recycled-event delivery pass failed') });
    twinLoop = startWorkLoop({ name: 'twin-outbox', idleWaitMs: 1000, tick: () => twin.deliverDue(), onError: (e) => app.log.warn({ err: String(e) }, 'twin delivery pass failed') });
    const handle: NodeHandle = {
      name: opts.name,
      app,
      db,
      config,
      url,
      identity,
      registry,
      passports,
      history,
      connector,
      twin,
      trustedIssuers,
      authority,
      async close() {
        await complianceLoop?.stop();
        await twinLoop?.stop();
        await connector.stop();
        await app.close();
        await passportStore.stop();
        if (!opts.db) await db.close();
      },
    };
    return handle;
  } catch (e) {
    await passportStoreRef?.stop().catch(() => undefined);
    if (!opts.db) await db.close().catch(() => undefined);
    throw e;
  }
}

export { buildDidDocument };
