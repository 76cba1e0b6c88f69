/**
 * Planning a shipment: classify the battery for carriage under ADR 2025 (POST /api/logistics/classify: UN number,
 * hazard class 9, special provisions, allowed packing and why), then plan it (POST /api/logistics/shipments), which
 * refuses a packing the classification does not allow and says which one it requires.
 */
import { useState, type FormEvent } from 'react';
import type { Api, Participant } from '../../api.js';
import { holderFields } from '../common/dataspace.js';
import { Badge, Busy, ErrorNote, Field, fieldError, useRequest } from '../common/ui.js';
import { CONTEXTS, NEGATIVE_EVENTS, PACKING_OPTIONS, PURPOSES, SOS_DRIVERS, STATUS_TEXT, type Classification, type Shipment } from './types.js';
import { words } from '../common/format.js';

interface Props {
  api: Api;
  node: string;
  participants: Participant[];
  onPlanned: (shipment: Shipment, batteryId: string, holder: string) => void;
}

const newShipmentId = () => `SHP-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${Math.floor(Math.random() * 1e6).toString().padStart(6, '0')}`;

export function ShipmentForm({ api, node, participants, onPlanned }: Props) {
  const parties = participants.filter((p) => p.key !== 'dataspaceAuthority');
  const [shipmentId, setShipmentId] = useState(newShipmentId);
  const [batteryId, setBatteryId] = useState('');
  const [holder, setHolder] = useState(parties.find((p) => p.role === 'manufacturer')?.key ?? parties[0]?.key ?? '');
  const [sos, setSos] = useState('1');
  const [driver, setDriver] = useState<string>('temperature');
  const [events, setEvents] = useState<Set<string>>(new Set());
  const [massKg, setMassKg] = useState('');
  const [energyKwh, setEnergyKwh] = useState('');
  const [context, setContext] = useState<string>('loose');
  const [purpose, setPurpose] = useState<string>('recycling');
  const [diagnosed, setDiagnosed] = useState(true);
  const [packing, setPacking] = useState<string>('');
  const [consignor, setConsignor] = useState(parties.find((p) => p.role === 'dismantler')?.key ?? parties[0]?.key ?? '');
  const [consignee, setConsignee] = useState(parties.find((p) => p.role === 'recycler')?.key ?? parties[0]?.key ?? '');
  const [origin, setOrigin] = useState({ name: '', countryCode: 'DE' });
  const [destination, setDestination] = useState({ name: '', countryCode: 'DE' });
  const cls = useRequest<Classification>();
  const plan = useRequest<Shipment>();
  const err = plan.error ?? cls.error;

  const battery = () => ({
    stateOfSafety: Number(sos),
    sosDriver: driver,
    negativeEvents: [...events],
    massKg: Number(massKg),
    ...(energyKwh ? { energyWh: Number(energyKwh) * 1000 } : {}),
    context,
    purpose,
    diagnosed,
  });
  const party = (key: string) => {
    const p = parties.find((x) => x.key === key);
    return p ? { name: p.name, did: p.did } : { name: key };
  };

  async function classify() {
    const c = await cls.run('classifying under ADR 2025…', () => api.post<Classification>(node, '/api/logistics/classify', battery()));
    if (c) setPacking(c.preferredPacking ?? c.allowedPacking[0] ?? '');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      shipmentId,
      batteryId,
      ...holderFields(api, participants, holder),
      battery: battery(),
      packing,
      consignor: party(consignor),
      consignee: party(consignee),
      origin: { name: origin.name || party(consignor).name, countryCode: origin.countryCode },
      destination: { name: destination.name || party(consignee).name, countryCode: destination.countryCode },
    };
    const s = await plan.run('planning the shipment…', () => api.post<Shipment>(node, '/api/logistics/shipments', body));
    if (s) {
      onPlanned(s, batteryId, holder);
      setShipmentId(newShipmentId());
    }
  }

  const c = cls.result;
  const fe = (...n: string[]) => fieldError(err, ...n);
  return (
    <form className="bl-panel" onSubmit={submit} aria-labelledby="ship-new-h" noValidate data-testid="shipment-form">
      <h2 id="ship-new-h">New shipment</h2>
      <div className="bl-row">
        <Field label="Shipment id" error={fe('shipmentId')}>
          {(ids) => <input {...ids} value={shipmentId} onChange={(e) => setShipmentId(e.target.value)} />}
        </Field>
        <Field label="Battery id" error={fe('batteryId')} testId="ship-battery">
          {(ids) => <input {...ids} value={batteryId} onChange={(e) => setBatteryId(e.target.value)} required />}
        </Field>
        <Field label="Passport held by" error={fe('holderUrl', 'holderDid')}>
          {(ids) => (
            <select {...ids} value={holder} onChange={(e) => setHolder(e.target.value)}>
              {parties.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset>
        <legend>The battery as it will travel</legend>
        <div className="bl-row">
          <Field label="State of Safety (0–1)" error={fe('stateOfSafety')} hint="from the twin">
            {(ids) => <input {...ids} type="number" min="0" max="1" step="0.01" value={sos} onChange={(e) => setSos(e.target.value)} />}
          </Field>
          <Field label="Driven by" error={fe('sosDriver')}>
            {(ids) => (
              <select {...ids} value={driver} onChange={(e) => setDriver(e.target.value)}>
                {SOS_DRIVERS.map((d) => (
                  <option key={d} value={d}>
                    {words(d)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Mass (kg)" error={fe('massKg')}>
            {(ids) => <input {...ids} type="number" min="0" step="any" value={massKg} onChange={(e) => setMassKg(e.target.value)} />}
          </Field>
          <Field label="Energy (kWh)" error={fe('energyWh')} hint="optional">
            {(ids) => <input {...ids} type="number" min="0" step="any" value={energyKwh} onChange={(e) => setEnergyKwh(e.target.value)} />}
          </Field>
          <Field label="Packaged" error={fe('context')}>
            {(ids) => (
              <select {...ids} value={context} onChange={(e) => setContext(e.target.value)}>
                {CONTEXTS.map((x) => (
                  <option key={x} value={x}>
                    {words(x)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Purpose" error={fe('purpose')}>
            {(ids) => (
              <select {...ids} value={purpose} onChange={(e) => setPurpose(e.target.value)}>
                {PURPOSES.map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label className="bl-field bl-check">
            <input type="checkbox" checked={diagnosed} onChange={(e) => setDiagnosed(e.target.checked)} /> Diagnosed before carriage
          </label>
        </div>
        <fieldset>
          <legend>Negative events</legend>
          {fe('negativeEvents') ? <p className="bl-field-error">{fe('negativeEvents')}</p> : null}
          <div className="bl-row">
            {NEGATIVE_EVENTS.map((ev) => (
              <label key={ev} className="bl-field bl-check">
                <input
                  type="checkbox"
                  checked={events.has(ev)}
                  onChange={(e) => {
                    const s = new Set(events);
                    if (e.target.checked) s.add(ev);
                    else s.delete(ev);
                    setEvents(s);
                  }}
                />
                {words(ev)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="bl-actions">
          <button type="button" onClick={() => void classify()} disabled={!!cls.busy} data-testid="classify">
            Classify
          </button>
          <Busy label={cls.busy} />
        </div>
      </fieldset>
      {c ? (
        <div className="bl-note" data-testid="classification">
          <p>
            <strong>
              {c.unNumber} {c.properShippingName}
            </strong>{' '}
            — class {c.class}
            {c.classificationCode ? ` (${c.classificationCode})` : ''}, hazard label {c.hazardLabel}; status <Badge tone={c.status === 'normal' ? 'ok' : c.status === 'criticalDefect' ? 'bad' : 'warn'}>{STATUS_TEXT[c.status]}</Badge>
          </p>
          <p>
            Special provisions: {c.specialProvisions.join(', ') || 'none'}; allowed packing: {c.allowedPacking.join(', ') || 'none'}
            {c.preferredPacking ? ` (preferred ${c.preferredPacking})` : ''}; marks: {c.packageMarks.join(', ') || 'none'}.
            {c.requiresBatteryRemoval ? ' Remove the battery from the vehicle and classify it on its own (SP 667).' : ''}
          </p>
          <ul>
            {c.reasons.map((r) => (
              <li key={r.ref + r.text}>
                <strong>{r.ref}</strong>: {r.text}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="bl-row">
        <Field label="Packing" error={fe('packing')} testId="ship-packing" hint={c ? 'allowed ones first' : 'classify first to see the allowed packing'}>
          {(ids) => (
            <select {...ids} value={packing} onChange={(e) => setPacking(e.target.value)}>
              <option value="">choose…</option>
              {[...(c?.allowedPacking ?? []), ...PACKING_OPTIONS.filter((o) => !c?.allowedPacking.includes(o))].map((o) => (
                <option key={o} value={o}>
                  {o}
                  {c && !c.allowedPacking.includes(o) ? ' (not allowed for this battery)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="From (consignor)" error={fe('consignor.name', 'consignor')}>
          {(ids) => (
            <select {...ids} value={consignor} onChange={(e) => setConsignor(e.target.value)}>
              {parties.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Pick-up site" error={fe('origin.name')} hint="default: the consignor’s name">
          {(ids) => <input {...ids} value={origin.name} onChange={(e) => setOrigin({ ...origin, name: e.target.value })} />}
        </Field>
        <Field label="Country" error={fe('origin.countryCode')}>
          {(ids) => <input {...ids} value={origin.countryCode} maxLength={2} size={3} onChange={(e) => setOrigin({ ...origin, countryCode: e.target.value.toUpperCase() })} />}
        </Field>
        <Field label="To (consignee)" error={fe('consignee.name', 'consignee')}>
          {(ids) => (
            <select {...ids} value={consignee} onChange={(e) => setConsignee(e.target.value)}>
              {parties.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Delivery site" error={fe('destination.name')} hint="default: the consignee’s name">
          {(ids) => <input {...ids} value={destination.name} onChange={(e) => setDestination({ ...destination, name: e.target.value })} />}
        </Field>
        <Field label="Country" error={fe('destination.countryCode')}>
          {(ids) => <input {...ids} value={destination.countryCode} maxLength={2} size={3} onChange={(e) => setDestination({ ...destination, countryCode: e.target.value.toUpperCase() })} />}
        </Field>
      </div>
      <div className="bl-actions">
        <button type="submit" disabled={!!plan.busy} data-testid="ship-submit">
          Plan shipment
        </button>
        <Busy label={plan.busy} />
      </div>
      <ErrorNote
        error={err}
        claimed={['shipmentId', 'batteryId', 'holderUrl', 'holderDid', 'stateOfSafety', 'sosDriver', 'massKg', 'energyWh', 'context', 'purpose', 'negativeEvents', 'packing', 'consignor', 'consignee', 'origin.name', 'origin.countryCode', 'destination.name', 'destination.countryCode', 'name', 'countryCode']}
      />
    </form>
  );
}
