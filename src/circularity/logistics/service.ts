/**
 * The carrier's shipments (issue 6): plan with a dangerous-goods classification and a packing the classification
 * allows, then pick-up / in-transit / delivery steps. A step counts only once its signed event is in the battery's
 * passport (on this node or on the holder's node, under the carrier's agreement): the event is appended first, with
 * an id derived from the shipment and step number (so a retry never writes twice), then the shipment moves.
 */
import type { Db } from '../../platform/db.js';
import { nameBasedUuid } from '../../platform/ids.js';
import { classifyBattery, type ClassificationInput, type PackingOption } from './core/dangerous-goods.js';
import { deliver, pickUp, planShipment, reportInTransit, type HandoverInput, type Shipment } from './core/shipment.js';
import type { Location, Party } from './core/types.js';
import type { HandlingAlert } from './core/handling.js';

export type Holder = { url: string; did: string } | null;
export type AppendOutcome = { ok: true; seq: number } | { ok: false; status: number; reason: string };

export interface LogisticsDeps {
  db: Db;
  now: () => Date;
  append: (batteryId: string, draft: { eventId: string; type: string; occurredAt: string; payload: unknown }, holder: Holder) => Promise<AppendOutcome>;
}

export class LogisticsRefusal extends Error {
  constructor(readonly status: number, readonly field: string, message: string) {
    super(message);
  }
}

export interface PlanRequest {
  shipmentId: string;
  batteryId: string;
  holder: Holder;
  battery: ClassificationInput;
  packing: PackingOption;
  consignor: Party;
  consignee: Party;
  origin: Location;
  destination: Location;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export class LogisticsService {
  constructor(private readonly d: LogisticsDeps) {}

  classify(x: ClassificationInput) {
    return classifyBattery(x);
  }

  async plan(r: PlanRequest): Promise<Shipment> {
    const classification = classifyBattery(r.battery);
    const planned = planShipment({ shipmentId: r.shipmentId, classification, packing: r.packing, consignor: r.consignor, consignee: r.consignee, origin: r.origin, destination: r.destination });
    if (!planned.ok) throw new LogisticsRefusal(422, 'body.packing', planned.reason);
    const rows = await this.d.db.query<{ shipment_id: string }>(
      `INSERT INTO logistics_shipments (shipment_id, battery_id, holder, doc, updated_at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (shipment_id) DO NOTHING RETURNING shipment_id`,
      [r.shipmentId, r.batteryId, r.holder ? JSON.stringify(r.holder) : null, JSON.stringify(planned.shipment), this.d.now().toISOString()],
    );
    if (rows.length === 0) throw new LogisticsRefusal(409, 'body.shipmentId', `shipment ${r.shipmentId} exists already`);
    return planned.shipment;
  }

  /** The newest shipments first, optionally of one battery. */
  async list(opts: { batteryId?: string; limit?: number } = {}): Promise<{ batteryId: string; shipment: Shipment; steps: number; updatedAt: string }[]> {
    const rows = await this.d.db.query<{ battery_id: string; doc: unknown; steps: number; updated_at: Date | string }>(
      `SELECT battery_id, doc, steps, updated_at FROM logistics_shipments WHERE ($1::text IS NULL OR battery_id = $1) ORDER BY updated_at DESC, shipment_id LIMIT $2`,
      [opts.batteryId ?? null, opts.limit ?? 100],
    );
    return rows.map((r) => ({ batteryId: r.battery_id, shipment: json<Shipment>(r.doc), steps: Number(r.steps), updatedAt: new Date(r.updated_at).toISOString() }));
  }

  async get(id: string): Promise<{ batteryId: string; shipment: Shipment; steps: number } | null> {
    const rows = await this.d.db.query<{ battery_id: string; doc: unknown; steps: number }>(`SELECT battery_id, doc, steps FROM logistics_shipments WHERE shipment_id=$1`, [id]);
    return rows.length ? { batteryId: rows[0].battery_id, shipment: json<Shipment>(rows[0].doc), steps: Number(rows[0].steps) } : null;
  }

  async step(id: string, step: 'pickup' | 'transit' | 'deliver', h: HandoverInput): Promise<{ shipment: Shipment; alerts: HandlingAlert[]; eventSeq: number }> {
    const rows = await this.d.db.query<{ battery_id: string; holder: unknown; doc: unknown; steps: number }>(`SELECT battery_id, holder, doc, steps FROM logistics_shipments WHERE shipment_id=$1`, [id]);
    if (!rows.length) throw new LogisticsRefusal(404, 'params.id', `no shipment ${id}`);
    const row = rows[0];
    const s = json<Shipment>(row.doc);
    const t = step === 'pickup' ? pickUp(s, h) : step === 'transit' ? reportInTransit(s, h) : deliver(s, h);
    if (!t.ok) throw new LogisticsRefusal(409, 'params.step', t.reason);
    const steps = Number(row.steps);
    const appended = await this.d.append(row.battery_id, { eventId: nameBasedUuid(`${id}|${steps}`), type: t.event.type, occurredAt: this.d.now().toISOString(), payload: t.event.payload }, row.holder ? json<Holder>(row.holder) : null);
    if (!appended.ok) throw new LogisticsRefusal(appended.status >= 400 && appended.status < 500 ? appended.status : 502, 'passport', `the step was not recorded in the passport: ${appended.reason}`);
    // only the step whose event is in the passport moves the shipment (compare-and-set on the step count)
    const upd = await this.d.db.query(`UPDATE logistics_shipments SET doc=$2, steps=$3, updated_at=$4 WHERE shipment_id=$1 AND steps=$5 RETURNING shipment_id`, [id, JSON.stringify(t.shipment), steps + 1, this.d.now().toISOString(), steps]);
    if (upd.length === 0) throw new LogisticsRefusal(409, 'params.id', `shipment ${id} moved meanwhile; read it again`);
    return { shipment: t.shipment, alerts: t.alerts, eventSeq: appended.seq };
  }
}
