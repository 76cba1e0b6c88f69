/**
 * The twin service: the `TelemetrySink` every transport feeds (MQTT directly, or NATS JetStream workers), and the
 * delivery of what the twin owes others. One transaction per telemetry batch: lock the battery's row, pass the batch
 * through the reorder gate, run the estimators on what it releases, store state, gate and one point per batch, and
 * enqueue a passport snapshot (at most one per `snapshotIntervalMs` of battery time) or a safety alert. Snapshots and
 * alerts become signed events on the passport holder's node and webhook calls, from an outbox retried by a loop.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../platform/db.js';
import { nameBasedUuid } from '../platform/ids.js';
import { makeTwinParams, createTwinState, stepTwin, type TwinParams, type TwinParamsInput, type TwinState } from './core/index.js';
import { toSampleBatch, type TelemetryBatch } from './core/telemetry.js';
import { createReorderGate, offerToGate, type ReorderGateState } from './core/reorder-gate.js';
import { EMPTY_WINDOW, latestOf, negativeEventFor, nextAlert, snapshotPayload, widenWindow, type AlertLevel, type LatestEstimates, type SnapshotWindow } from './core/passport-snapshot.js';
import type { ApplyResult, BatteryKey, TelemetrySink } from './ports.js';

export interface TwinRegistration {
  batteryId: string;
  participant: string;
  params: TwinParamsInput;
  initialSoc?: number;
  /** Where the passport lives when not on this node. */
  holder?: { url: string; did: string } | null;
}

export interface TwinRow {
  batteryId: string;
  participant: string;
  params: TwinParamsInput;
  holder: { url: string; did: string } | null;
  latest: (LatestEstimates & { window: SnapshotWindow; summary?: unknown }) | null;
  alertLevel: AlertLevel | null;
  samples: number;
  updatedAt: string;
}

export interface TwinDelivery {
  /** Appends a draft authored by this node to the battery's passport (locally, or on `holder`). */
  appendEvent(batteryId: string, draft: { eventId: string; type: string; occurredAt: string; payload: unknown }, holder: { url: string; did: string } | null): Promise<{ ok: true } | { ok: false; reason: string; permanent: boolean }>;
  postWebhook(url: string, body: unknown): Promise<{ ok: true } | { ok: false; reason: string }>;
}

export interface TwinServiceDeps {
  db: Db;
  now: () => Date;
  delivery: TwinDelivery;
  /** Battery time between two passport snapshots (the bounded rate of dynamic-attribute updates). */
  snapshotIntervalMs?: number;
}

const eventIdFor = nameBasedUuid;
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export class TwinService implements TelemetrySink {
  private readonly params = new Map<string, TwinParams>();
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly d: TwinServiceDeps) {}

  async register(r: TwinRegistration): Promise<TwinRow> {
    const params = makeTwinParams(r.params); // throws on an impossible parameter set before anything is stored
    const state = createTwinState(params, { soc: r.initialSoc ?? 0.5 });
    await this.d.db.query(
      `INSERT INTO twin_batteries (battery_id, participant, params, holder, state, gate, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (battery_id) DO UPDATE SET participant=EXCLUDED.participant, params=EXCLUDED.params, holder=EXCLUDED.holder, updated_at=EXCLUDED.updated_at`,
      [r.batteryId, r.participant, JSON.stringify(r.params), r.holder ? JSON.stringify(r.holder) : null, JSON.stringify(state), JSON.stringify(createReorderGate()), this.d.now().toISOString()],
    );
    this.params.delete(r.batteryId);
    return (await this.get(r.batteryId))!;
  }

  async get(batteryId: string): Promise<TwinRow | null> {
    const rows = await this.d.db.query<Record<string, unknown>>(`SELECT battery_id, participant, params, holder, latest, alert_level, samples, updated_at FROM twin_batteries WHERE battery_id=$1`, [batteryId]);
    return rows.length ? toRow(rows[0]) : null;
  }

  async list(limit = 500): Promise<TwinRow[]> {
    const rows = await this.d.db.query<Record<string, unknown>>(`SELECT battery_id, participant, params, holder, latest, alert_level, samples, updated_at FROM twin_batteries ORDER BY battery_id LIMIT $1`, [limit]);
    return rows.map(toRow);
  }

  async series(batteryId: string, fromMs: number, toMs: number, limit: number): Promise<{ seq: number; tMs: number; point: Record<string, number | string> }[]> {
    const rows = await this.d.db.query<{ seq: number; t_ms: number; point: unknown }>(`SELECT seq, t_ms, point FROM twin_points WHERE battery_id=$1 AND t_ms >= $2 AND t_ms <= $3 ORDER BY t_ms LIMIT $4`, [batteryId, fromMs, toMs, limit]);
    return rows.map((r) => ({ seq: r.seq, tMs: Number(r.t_ms), point: json(r.point) }));
  }

  /** TelemetrySink: batches of one battery run one after the other, batteries in parallel. */
  apply(key: BatteryKey, batch: TelemetryBatch): Promise<ApplyResult> {
    const prev = this.chains.get(key.batteryId) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(() => this.applyNow(key, batch));
    this.chains.set(key.batteryId, next);
    void next.finally(() => {
      if (this.chains.get(key.batteryId) === next) this.chains.delete(key.batteryId);
    }).catch(() => undefined);
    return next;
  }

  private paramsFor(batteryId: string, input: TwinParamsInput): TwinParams {
    let p = this.params.get(batteryId);
    if (!p) {
      // the service keeps one SoP value per batch (the last sample's), so it need not compute it for every sample
      p = { ...makeTwinParams(input), sopEverySamples: 10 };
      this.params.set(batteryId, p);
    }
    return p;
  }

  private async applyNow(key: BatteryKey, batch: TelemetryBatch): Promise<ApplyResult> {
    const nowMs = this.d.now().getTime();
    return this.d.db.tx(async (q) => {
      const rows = await q.query<Record<string, unknown>>(`SELECT * FROM twin_batteries WHERE battery_id=$1 FOR UPDATE`, [key.batteryId]);
      if (!rows.length) return { status: 'rejected', reason: `no twin for battery ${key.batteryId}: register it first (POST /api/twin/batteries)` } as const;
      const row = rows[0];
      if (row.participant !== key.participant) return { status: 'rejected', reason: `battery ${key.batteryId} belongs to participant ${String(row.participant)}, not ${key.participant}` } as const;
      const gate = offerToGate<TelemetryBatch>(json<ReorderGateState<TelemetryBatch>>(row.gate), batch.seq, batch, nowMs);
      if (gate.decision === 'duplicate') return { status: 'duplicate' } as const;
      if (gate.decision === 'late') {
        await q.query(`UPDATE twin_batteries SET gate=$2 WHERE battery_id=$1`, [key.batteryId, JSON.stringify(gate.state)]);
        return { status: 'rejected', reason: `batch ${batch.seq} arrived after its gap was given up on` } as const;
      }
      const params = this.paramsFor(key.batteryId, json<TwinParamsInput>(row.params));
      let state = json<TwinState>(row.state);
      let originMs = row.origin_ms === null ? null : Number(row.origin_ms);
      const prevLatest = row.latest ? json<LatestEstimates & { window: SnapshotWindow }>(row.latest) : null;
      let window: SnapshotWindow = prevLatest?.window ?? EMPTY_WINDOW;
      let latest: LatestEstimates | null = null;
      let snapshotMs = row.snapshot_ms === null ? null : Number(row.snapshot_ms);
      let alertLevel = (row.alert_level as AlertLevel | null) ?? null;
      let samples = Number(row.samples);
      const interval = this.d.snapshotIntervalMs ?? 15 * 60_000;
      for (const { seq, item } of gate.release) {
        originMs ??= item.samples[0].t;
        const sb = toSampleBatch(item, originMs);
        const stepped = stepTwin(state, sb, params);
        state = stepped.state;
        const out = stepped.outputs;
        const lastT = item.samples[item.samples.length - 1].t;
        latest = latestOf(out, lastT);
        for (const s of item.samples) window = widenWindow(window, s.tMin, s.tMax);
        samples += item.samples.length;
        const last = item.samples[item.samples.length - 1];
        await q.query(`INSERT INTO twin_points (battery_id, seq, t_ms, point) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING`, [
          key.batteryId, seq, lastT,
          JSON.stringify({ soc: latest.soc, socSigma: latest.socSigma, soeWh: latest.soeWh, sopDischargeW: latest.sopDischargeW[1] ?? latest.sopDischargeW[0], sopChargeW: latest.sopChargeW[1] ?? latest.sopChargeW[0], sos: latest.sos, sosDriver: latest.sosDriver, soh: out.summary.capacityRelative, resistanceGrowth: out.summary.resistanceGrowth, currentA: last.i, voltageV: last.u, tempMaxC: last.tMax ?? null }),
        ]);
        const at = new Date(lastT).toISOString();
        if (snapshotMs === null || lastT - snapshotMs >= interval) {
          const payload = snapshotPayload(params, state, out, latest, window);
          await this.enqueue(q, key.batteryId, 'event', { eventId: eventIdFor(`${key.batteryId}|snapshot|${seq}`), type: 'operationalSnapshot', occurredAt: at, payload });
          snapshotMs = lastT;
          window = { minTempC: null, maxTempC: null, lastTempC: window.lastTempC };
        }
        const a = nextAlert(alertLevel, latest.sos);
        if (a.raise) {
          const negative = negativeEventFor(latest.sosDriver);
          const detail = `State of Safety ${latest.sos.toFixed(2)} (${a.raise} below ${a.raise === 'critical' ? 0.2 : 0.5}), driven by ${latest.sosDriver}`;
          const payload = { level: a.raise, stateOfSafety: Math.round(latest.sos * 1000) / 1000, factor: latest.sosDriver, detail, source: 'bms', ...(negative ? { negativeEvent: negative } : {}) };
          await this.enqueue(q, key.batteryId, 'event', { eventId: eventIdFor(`${key.batteryId}|alert|${seq}`), type: 'safetyAlert', occurredAt: at, payload });
          const hooks = await q.query<{ id: string; url: string; min_level: string }>(`SELECT id, url, min_level FROM twin_webhooks`);
          for (const h of hooks) {
            if (h.min_level === 'critical' && a.raise !== 'critical') continue;
            await this.enqueue(q, key.batteryId, 'webhook', { url: h.url, alert: { batteryId: key.batteryId, participant: key.participant, ...payload, occurredAt: at } }, `${h.id}|${seq}`);
          }
        }
        alertLevel = a.level;
      }
      await q.query(
        `UPDATE twin_batteries SET state=$2, gate=$3, latest=$4, origin_ms=$5, snapshot_ms=$6, alert_level=$7, samples=$8, updated_at=$9 WHERE battery_id=$1`,
        [key.batteryId, JSON.stringify(state), JSON.stringify(gate.state), JSON.stringify(latest ? { ...latest, window } : prevLatest), originMs, snapshotMs, alertLevel, samples, new Date(nowMs).toISOString()],
      );
      if (gate.release.length === 0) return { status: 'buffered' } as const;
      return { status: 'applied', samples: gate.release.reduce((n, x) => n + x.item.samples.length, 0) } as const;
    });
  }

  private async enqueue(q: Queryable, batteryId: string, kind: 'event' | 'webhook', body: unknown, key?: string): Promise<void> {
    const id = kind === 'event' ? (body as { eventId: string }).eventId : eventIdFor(`webhook|${batteryId}|${key ?? randomUUID()}`);
    await q.query(`INSERT INTO twin_outbox (id, battery_id, kind, body, next_attempt_at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (id) DO NOTHING`, [id, batteryId, kind, JSON.stringify(body), this.d.now().toISOString()]);
  }

  async addWebhook(url: string, minLevel: AlertLevel): Promise<{ id: string }> {
    const id = randomUUID();
    await this.d.db.query(`INSERT INTO twin_webhooks (id, url, min_level, created_at) VALUES ($1,$2,$3,$4)`, [id, url, minLevel, this.d.now().toISOString()]);
    return { id };
  }

  async outbox(batteryId: string): Promise<{ id: string; kind: string; type?: string; attempts: number; lastError: string | null; done: boolean }[]> {
    const rows = await this.d.db.query<Record<string, unknown>>(`SELECT id, kind, body, attempts, last_error, done_at FROM twin_outbox WHERE battery_id=$1 ORDER BY next_attempt_at`, [batteryId]);
    return rows.map((r) => ({ id: String(r.id), kind: String(r.kind), type: json<{ type?: string }>(r.body).type, attempts: Number(r.attempts), lastError: (r.last_error as string | null) ?? null, done: r.done_at !== null }));
  }

  /** One delivery pass (the work loop calls it): claim due items, deliver, record the outcome. */
  async deliverDue(limit = 20): Promise<number> {
    const now = this.d.now();
    const due = await this.d.db.tx(async (q) => {
      // the holder comes with the claim: one query per pass, not one per item
      const rows = await q.query<{ id: string; battery_id: string; kind: string; body: unknown; attempts: number; holder: unknown }>(
        `SELECT o.id, o.battery_id, o.kind, o.body, o.attempts, b.holder FROM twin_outbox o LEFT JOIN twin_batteries b ON b.battery_id = o.battery_id
         WHERE o.done_at IS NULL AND o.next_attempt_at <= $1 ORDER BY o.next_attempt_at LIMIT $2 FOR UPDATE OF o${this.d.db.kind === 'postgres' ? ' SKIP LOCKED' : ''}`,
        [now.toISOString(), limit],
      );
      // a lease: another worker skips these for a minute; a crash mid-delivery retries after it
      if (rows.length) await q.query(`UPDATE twin_outbox SET next_attempt_at=$2 WHERE id = ANY($1)`, [rows.map((r) => r.id), new Date(now.getTime() + 60_000).toISOString()]);
      return rows;
    });
    for (const item of due) {
      const body = json<Record<string, unknown>>(item.body);
      let outcome: { ok: true } | { ok: false; reason: string; permanent?: boolean };
      try {
        if (item.kind === 'event') {
          const holder = item.holder ? json<{ url: string; did: string }>(item.holder) : null;
          outcome = await this.d.delivery.appendEvent(item.battery_id, body as never, holder);
        } else {
          outcome = await this.d.delivery.postWebhook(String(body.url), body.alert);
        }
      } catch (e) {
        outcome = { ok: false, reason: (e as Error).message };
      }
      const attempts = Number(item.attempts) + 1;
      if (outcome.ok) await this.d.db.query(`UPDATE twin_outbox SET done_at=$2, attempts=$3, last_error=NULL WHERE id=$1`, [item.id, this.d.now().toISOString(), attempts]);
      else {
        // exponential backoff up to an hour; a permanent refusal (e.g. 4xx) is kept with its reason, not retried
        const backoffMs = outcome.permanent ? 365 * 24 * 3600_000 : Math.min(3600_000, 1000 * 2 ** Math.min(attempts, 12));
        await this.d.db.query(`UPDATE twin_outbox SET attempts=$2, last_error=$3, next_attempt_at=$4 WHERE id=$1`, [item.id, attempts, outcome.reason.slice(0, 1000), new Date(this.d.now().getTime() + backoffMs).toISOString()]);
      }
    }
    return due.length;
  }
}

function toRow(r: Record<string, unknown>): TwinRow {
  return {
    batteryId: String(r.battery_id),
    participant: String(r.participant),
    params: json(r.params),
    holder: r.holder ? json(r.holder) : null,
    latest: r.latest ? json(r.latest) : null,
    alertLevel: (r.alert_level as AlertLevel | null) ?? null,
    samples: Number(r.samples),
    updatedAt: r.updated_at instanceof Date ? r.updated_at.toISOString() : String(r.updated_at),
  };
}
