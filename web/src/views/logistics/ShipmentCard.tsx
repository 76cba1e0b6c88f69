/**
 * One shipment: hazard class and status, the handling alerts, and its timeline (planned, then the carrier's signed
 * pick-up / in-transit / delivery events read from the passport), with the form for the next step
 * (POST /api/logistics/shipments/{id}/{pickup|transit|deliver}).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, type Api, type Participant } from '../../api.js';
import { passportFor, type StoredEvent } from '../common/dataspace.js';
import { num, when, words } from '../common/format.js';
import { Badge, Busy, ErrorNote, Field, fieldError, useRequest } from '../common/ui.js';
import { STATUS_TEXT, type HandlingAlert, type Shipment, type ShipmentEventPayload, type ShipmentRecord } from './types.js';

interface Props {
  api: Api;
  node: string;
  participants: Participant[];
  shipmentId: string;
  holder: string | undefined;
}

const EVENT_LABEL: Record<string, string> = { shipmentPickedUp: 'picked up', shipmentInTransit: 'in transit', shipmentDelivered: 'delivered' };
type Step = 'pickup' | 'transit' | 'deliver';

export function ShipmentCard({ api, node, participants, shipmentId, holder }: Props) {
  const [rec, setRec] = useState<ShipmentRecord | null>(null);
  const [events, setEvents] = useState<StoredEvent<ShipmentEventPayload>[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [lastAlerts, setLastAlerts] = useState<HandlingAlert[] | null>(null);
  const holderKey = holder ?? participants.find((p) => p.role === 'manufacturer')?.key;

  const load = useCallback(async () => {
    try {
      const r = await api.get<ShipmentRecord>(node, `/api/logistics/shipments/${encodeURIComponent(shipmentId)}`);
      setRec(r);
      setLoadError(null);
      if (holderKey) {
        try {
          const all = await api.get<{ items: StoredEvent<ShipmentEventPayload>[] }>(holderKey, `/api/passports/${encodeURIComponent(r.batteryId)}/events?latest=true&limit=1000`);
          setEvents((all.items ?? []).filter((e) => e.type in EVENT_LABEL && e.payload?.shipmentId === shipmentId));
        } catch {
          // the timeline falls back to the shipment's own state when the history cannot be read
        }
      }
    } catch (e) {
      setLoadError(e);
    }
  }, [api, node, shipmentId, holderKey]);

  useEffect(() => {
    void load();
  }, [load]);

  if (loadError) return <ErrorNote error={loadError} testId={`shipment-error-${shipmentId}`} />;
  if (!rec) return <Busy label={`loading shipment ${shipmentId}…`} />;
  const s = rec.shipment;
  const c = s.classification;
  return (
    <article className="bl-panel" aria-labelledby={`sh-${shipmentId}`} data-testid={`shipment-${shipmentId}`}>
      <h3 id={`sh-${shipmentId}`}>
        {s.shipmentId}: battery {rec.batteryId} — {words(s.state)}
      </h3>
      <p data-testid="shipment-hazard">
        <strong>{c.unNumber}</strong> class {c.class} (label {c.hazardLabel}), packing {s.packing}; status{' '}
        <Badge tone={s.safetyStatus === 'normal' ? 'ok' : s.safetyStatus === 'criticalDefect' ? 'bad' : 'warn'}>{STATUS_TEXT[s.safetyStatus]}</Badge>; {c.specialProvisions.join(', ')}
      </p>
      <p>
        {s.consignor.name} ({s.origin.name}, {s.origin.countryCode}) → {s.consignee.name} ({s.destination.name}, {s.destination.countryCode})
      </p>
      {s.repackRequired ? (
        <p className="bl-error" role="alert">
          Repack required: {s.repackRequired}
        </p>
      ) : null}
      {s.alerts.length ? (
        <div>
          <h4>Handling alerts</h4>
          <ul className="bl-alerts" data-testid="shipment-alerts">
            {s.alerts.map((a, i) => (
              <li key={i}>
                <Badge tone={a.level === 'critical' ? 'bad' : 'warn'}>{a.level}</Badge> {a.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {lastAlerts && lastAlerts.length ? (
        <p role="alert" className="bl-error">
          The step just recorded raised {lastAlerts.length} handling alert{lastAlerts.length > 1 ? 's' : ''}: {lastAlerts.map((a) => a.reason).join('; ')}
        </p>
      ) : null}
      <h4>Timeline</h4>
      <ol className="bl-timeline" data-testid="shipment-timeline">
        <li>planned — packing {s.packing}</li>
        {events.map((e) => (
          <li key={e.eventId}>
            {EVENT_LABEL[e.type]} {when(e.occurredAt)} at {e.payload.location.name} ({e.payload.location.countryCode}); {num(e.payload.handling.temperatureMinC)}–{num(e.payload.handling.temperatureMaxC)} °C, peak shock {num(e.payload.handling.peakShockG)} g
            {e.payload.handling.stateOfChargePct !== undefined ? `, SoC ${num(e.payload.handling.stateOfChargePct, 0)} %` : ''}; {STATUS_TEXT[e.payload.safetyStatus]} (event #{e.seq})
          </li>
        ))}
        {events.length === 0 && s.state !== 'planned' ? <li>{words(s.state)} (the passport history is not readable from here)</li> : null}
      </ol>
      {s.state !== 'delivered' ? (
        <StepForm
          api={api}
          node={node}
          participants={participants}
          shipment={s}
          batteryId={rec.batteryId}
          holder={holderKey}
          onDone={(sh, alerts) => {
            setRec({ ...rec, shipment: sh, steps: rec.steps + 1 });
            setLastAlerts(alerts);
            void load();
          }}
        />
      ) : null}
    </article>
  );
}

function StepForm(p: { api: Api; node: string; participants: Participant[]; shipment: Shipment; batteryId: string; holder: string | undefined; onDone: (s: Shipment, alerts: HandlingAlert[]) => void }) {
  const s = p.shipment;
  const choices: Step[] = s.state === 'planned' ? ['pickup'] : ['transit', 'deliver'];
  const [step, setStep] = useState<Step>(choices[0]);
  const [loc, setLoc] = useState({ name: '', countryCode: '' });
  const [tMin, setTMin] = useState('15');
  const [tMax, setTMax] = useState('25');
  const [shock, setShock] = useState('1.5');
  const [soc, setSoc] = useState('');
  const req = useRequest<{ shipment: Shipment; alerts: HandlingAlert[]; eventSeq: number }>();
  const err = req.error;
  const place = step === 'pickup' ? s.origin : step === 'deliver' ? s.destination : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      location: { name: loc.name || place?.name || '', countryCode: loc.countryCode || place?.countryCode || s.origin.countryCode },
      handling: { temperatureMinC: Number(tMin), temperatureMaxC: Number(tMax), peakShockG: Number(shock), ...(soc ? { stateOfChargePct: Number(soc) } : {}) },
    };
    const path = `/api/logistics/shipments/${encodeURIComponent(s.shipmentId)}/${step}`;
    const r = await req.run(`recording ${step} in the passport…`, async (progress) => {
      try {
        return await p.api.post<{ shipment: Shipment; alerts: HandlingAlert[]; eventSeq: number }>(p.node, path, body);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 403) || !p.holder || p.api.actAs?.key === p.holder) throw e;
        // the holder records the carrier's events under an agreement for this battery (public tier for carriers)
        await passportFor(p.api, p.participants, p.holder, p.batteryId, progress);
        progress(`recording ${step} again…`);
        return p.api.post<{ shipment: Shipment; alerts: HandlingAlert[]; eventSeq: number }>(p.node, path, body);
      }
    });
    if (r) {
      p.onDone(r.shipment, r.alerts);
      setStep(r.shipment.state === 'planned' ? 'pickup' : 'transit');
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Next step of ${s.shipmentId}`} data-testid={`shipment-step-${s.shipmentId}`}>
      <div className="bl-row">
        <Field label="Step" error={fieldError(err, 'step')}>
          {(ids) => (
            <select {...ids} value={step} onChange={(e) => setStep(e.target.value as Step)}>
              {choices.map((c) => (
                <option key={c} value={c}>
                  {c === 'pickup' ? 'pick-up' : c === 'transit' ? 'in-transit report' : 'delivery'}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Place" error={fieldError(err, 'location.name', 'location')} hint={place ? `default: ${place.name}` : undefined}>
          {(ids) => <input {...ids} value={loc.name} onChange={(e) => setLoc({ ...loc, name: e.target.value })} />}
        </Field>
        <Field label="Country" error={fieldError(err, 'location.countryCode')} hint={`default: ${place?.countryCode ?? s.origin.countryCode}`}>
          {(ids) => <input {...ids} value={loc.countryCode} maxLength={2} size={3} onChange={(e) => setLoc({ ...loc, countryCode: e.target.value.toUpperCase() })} />}
        </Field>
        <Field label="Min. temperature (°C)" error={fieldError(err, 'temperatureMinC')}>
          {(ids) => <input {...ids} type="number" step="any" value={tMin} onChange={(e) => setTMin(e.target.value)} />}
        </Field>
        <Field label="Max. temperature (°C)" error={fieldError(err, 'temperatureMaxC')}>
          {(ids) => <input {...ids} type="number" step="any" value={tMax} onChange={(e) => setTMax(e.target.value)} />}
        </Field>
        <Field label="Peak shock (g)" error={fieldError(err, 'peakShockG')}>
          {(ids) => <input {...ids} type="number" min="0" step="any" value={shock} onChange={(e) => setShock(e.target.value)} />}
        </Field>
        <Field label="State of charge (%)" hint="optional" error={fieldError(err, 'stateOfChargePct')}>
          {(ids) => <input {...ids} type="number" min="0" max="100" step="any" value={soc} onChange={(e) => setSoc(e.target.value)} />}
        </Field>
      </div>
      <div className="bl-actions">
        <button type="submit" disabled={!!req.busy}>
          Record {step === 'pickup' ? 'pick-up' : step === 'transit' ? 'in-transit report' : 'delivery'}
        </button>
        <Busy label={req.busy} />
      </div>
      <ErrorNote error={err} claimed={['step', 'location', 'location.name', 'location.countryCode', 'temperatureMinC', 'temperatureMaxC', 'peakShockG', 'stateOfChargePct']} />
    </form>
  );
}
