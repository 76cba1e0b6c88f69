/**
 * Batch intake (POST /api/compliance/batches on the recycler's node): the batteries taken in (mass and chemistry may
 * be left to their passports), the process route and the output fractions with their component masses. The node
 * checks the mass balance per element before anything is stored; a failing element is shown on the output row it
 * concerns, as is any other refusal.
 */
import { useState, type FormEvent } from 'react';
import type { Api, Participant } from '../../api.js';
import { Busy, ErrorNote, Field, fieldError, fieldErrorsUnder, useRequest } from '../common/ui.js';
import { FormError, fromBatchJson, toBatchInput, type FormState, type IntakeRow, type OutputRow } from './batch-form.js';
import { CHEMISTRIES, FATES, PROCESS_STEPS, type BatchView } from './types.js';

const today = () => new Date().toISOString().slice(0, 10);
const newIntake = (): IntakeRow => ({ batteryId: '', chemistry: '', massKg: '', origin: 'post-consumer' });
const newOutput = (n: number): OutputRow => ({ fractionId: `F-${n + 1}`, name: '', massKg: '', inputDerivedMassKg: '', components: '', fate: 'recycled', downstreamRecycledShare: '' });

export function BatchForm({ api, node, participants, onCreated }: { api: Api; node: string; participants: Participant[]; onCreated: (v: BatchView) => void }) {
  const holders = participants.filter((p) => p.key !== 'dataspaceAuthority');
  const [holder, setHolder] = useState(holders.find((p) => p.role === 'manufacturer')?.key ?? node);
  const [f, setF] = useState<FormState>(() => ({
    batchId: `B-${today().replace(/-/g, '')}-${Math.floor(Math.random() * 1e4).toString().padStart(4, '0')}`,
    processedOn: today(),
    facilityName: api.actAs?.name ?? '',
    countryCode: 'DE',
    route: ['discharge', 'dismantling', 'mechanical-pretreatment', 'black-mass', 'hydrometallurgy'],
    intake: [newIntake()],
    outputs: [newOutput(0)],
  }));
  const [local, setLocal] = useState<FormError | null>(null);
  const req = useRequest<BatchView>();
  const err = req.error;
  const rowErrors = (prefix: string) => [...(local && (local.field === prefix || local.field.startsWith(`${prefix}.`)) ? [local.message] : []), ...fieldErrorsUnder(err, prefix)];

  const setIntake = (i: number, patch: Partial<IntakeRow>) => setF({ ...f, intake: f.intake.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const setOutput = (i: number, patch: Partial<OutputRow>) => setF({ ...f, outputs: f.outputs.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  async function loadFile(file: File | undefined) {
    setLocal(null);
    if (!file) return;
    try {
      setF(fromBatchJson(JSON.parse(await file.text()), f));
    } catch (e) {
      setLocal(e instanceof FormError ? e : new FormError('file', `not JSON: ${(e as Error).message}`));
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setLocal(null);
    let body;
    try {
      // the node fetches passports it does not hold from their holder over the dataspace
      body = toBatchInput(f, holder === node ? undefined : holders.find((p) => p.key === holder)?.did);
    } catch (x) {
      if (x instanceof FormError) {
        setLocal(x);
        return;
      }
      throw x;
    }
    const v = await req.run('taking the batch in: reading passports, checking the mass balance…', () => api.post<BatchView>(node, '/api/compliance/batches', body));
    if (v) onCreated(v);
  }

  const balanceFails = err && err instanceof Error && /mass balance/i.test(err.message);
  return (
    <form className="bl-panel" onSubmit={submit} aria-labelledby="batch-new-h" noValidate data-testid="batch-form">
      <h2 id="batch-new-h">Batch intake</h2>
      <div className="bl-row">
        <Field label="Batch id" error={fieldError(err, 'batchId')}>
          {(ids) => <input {...ids} value={f.batchId} onChange={(e) => setF({ ...f, batchId: e.target.value })} />}
        </Field>
        <Field label="Processed on" error={fieldError(err, 'processedOn')}>
          {(ids) => <input {...ids} type="date" value={f.processedOn} onChange={(e) => setF({ ...f, processedOn: e.target.value })} />}
        </Field>
        <Field label="Facility" error={fieldError(err, 'facility.name')}>
          {(ids) => <input {...ids} value={f.facilityName} onChange={(e) => setF({ ...f, facilityName: e.target.value })} />}
        </Field>
        <Field label="Country" error={fieldError(err, 'facility.countryCode', 'countryCode')}>
          {(ids) => <input {...ids} value={f.countryCode} maxLength={2} size={3} onChange={(e) => setF({ ...f, countryCode: e.target.value.toUpperCase() })} />}
        </Field>
        <Field label="Fill from a batch file (JSON)" error={local?.field === 'file' ? local.message : undefined} hint="e.g. from batteryloop compliance example">
          {(ids) => <input {...ids} type="file" accept=".json,application/json" data-testid="batch-file-input" onChange={(e) => void loadFile(e.target.files?.[0])} />}
        </Field>
      </div>
      <fieldset>
        <legend>Process route</legend>
        {fieldError(err, 'route') ? <p className="bl-field-error">{fieldError(err, 'route')}</p> : null}
        <div className="bl-row">
          {PROCESS_STEPS.map((s) => (
            <label key={s} className="bl-field bl-check">
              <input type="checkbox" checked={f.route.includes(s)} onChange={(e) => setF({ ...f, route: e.target.checked ? PROCESS_STEPS.filter((x) => x === s || f.route.includes(x)) : f.route.filter((x) => x !== s) })} />
              {s}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Intake (batteries)</legend>
        <p className="bl-hint">Mass and chemistry may stay empty: the node takes them from each battery’s passport.</p>
        <Field label="Passports held by" error={fieldError(err, 'holderDid')}>
          {(ids) => (
            <select {...ids} value={holder} onChange={(e) => setHolder(e.target.value)}>
              {holders.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.key === node ? `${p.name} (this node)` : p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {f.intake.map((r, i) => (
          <div key={i} className="bl-row" data-testid={`intake-row-${i}`}>
            <Field label={`Battery ${i + 1}`}>{(ids) => <input {...ids} value={r.batteryId} onChange={(e) => setIntake(i, { batteryId: e.target.value })} />}</Field>
            <Field label="Mass (kg)" hint="optional">{(ids) => <input {...ids} type="number" min="0" step="any" value={r.massKg} onChange={(e) => setIntake(i, { massKg: e.target.value })} />}</Field>
            <Field label="Chemistry" hint="optional">
              {(ids) => (
                <select {...ids} value={r.chemistry} onChange={(e) => setIntake(i, { chemistry: e.target.value })}>
                  <option value="">from the passport</option>
                  {CHEMISTRIES.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Origin">
              {(ids) => (
                <select {...ids} value={r.origin} onChange={(e) => setIntake(i, { origin: e.target.value as IntakeRow['origin'] })}>
                  <option value="post-consumer">post-consumer</option>
                  <option value="pre-consumer">pre-consumer</option>
                </select>
              )}
            </Field>
            <div className="bl-actions">
              <button type="button" onClick={() => setF({ ...f, intake: f.intake.filter((_, j) => j !== i) })} disabled={f.intake.length === 1} aria-label={`Remove battery ${i + 1}`}>
                Remove
              </button>
            </div>
            {rowErrors(`intake.${i}`).map((m) => (
              <p key={m} className="bl-field-error" role="alert">
                {m}
              </p>
            ))}
          </div>
        ))}
        <button type="button" onClick={() => setF({ ...f, intake: [...f.intake, newIntake()] })}>
          Add a battery
        </button>
      </fieldset>
      <fieldset>
        <legend>Output fractions</legend>
        <p className="bl-hint">Components as name=kg of battery-derived mass, e.g. “Ni=73; Co=24.5”. Known: Co, Ni, Li, Mn, Cu, Al, Fe, P, Pb, graphite, electrolyte, plastics, steel, other.</p>
        {f.outputs.map((r, i) => (
          <div key={i} className="bl-row" data-testid={`output-row-${i}`}>
            <Field label="Fraction id">{(ids) => <input {...ids} value={r.fractionId} size={10} onChange={(e) => setOutput(i, { fractionId: e.target.value })} />}</Field>
            <Field label="Name">{(ids) => <input {...ids} value={r.name} onChange={(e) => setOutput(i, { name: e.target.value })} />}</Field>
            <Field label="Mass (kg)">{(ids) => <input {...ids} type="number" min="0" step="any" value={r.massKg} onChange={(e) => setOutput(i, { massKg: e.target.value })} />}</Field>
            <Field label="From batteries (kg)" hint="without reagents; default: the mass">
              {(ids) => <input {...ids} type="number" min="0" step="any" value={r.inputDerivedMassKg} onChange={(e) => setOutput(i, { inputDerivedMassKg: e.target.value })} />}
            </Field>
            <Field label="Components">{(ids) => <input {...ids} value={r.components} size={28} onChange={(e) => setOutput(i, { components: e.target.value })} />}</Field>
            <Field label="Fate">
              {(ids) => (
                <select {...ids} value={r.fate} onChange={(e) => setOutput(i, { fate: e.target.value as OutputRow['fate'] })}>
                  {FATES.map((x) => (
                    <option key={x}>{x}</option>
                  ))}
                </select>
              )}
            </Field>
            {r.fate === 'sent-on' ? (
              <Field label="Share recycled downstream (0–1)">{(ids) => <input {...ids} type="number" min="0" max="1" step="0.01" value={r.downstreamRecycledShare} onChange={(e) => setOutput(i, { downstreamRecycledShare: e.target.value })} />}</Field>
            ) : null}
            <div className="bl-actions">
              <button type="button" onClick={() => setF({ ...f, outputs: f.outputs.filter((_, j) => j !== i) })} disabled={f.outputs.length === 1} aria-label={`Remove output ${i + 1}`}>
                Remove
              </button>
            </div>
            {rowErrors(`outputs.${i}`).map((m) => (
              <p key={m} className="bl-field-error" role="alert">
                {m}
              </p>
            ))}
          </div>
        ))}
        <button type="button" onClick={() => setF({ ...f, outputs: [...f.outputs, newOutput(f.outputs.length)] })}>
          Add an output
        </button>
      </fieldset>
      {balanceFails ? (
        <p className="bl-error" data-testid="batch-form-balance" role="alert">
          Mass balance: unbalanced — {(err as Error).message}
        </p>
      ) : null}
      <div className="bl-actions">
        <button type="submit" disabled={!!req.busy} data-testid="batch-submit">
          Take the batch in
        </button>
        <Busy label={req.busy} />
      </div>
      <ErrorNote error={err} claimed={['batchId', 'processedOn', 'facility.name', 'facility.countryCode', 'countryCode', 'route', ...f.intake.map((_, i) => `intake[${i}]`), ...f.outputs.map((_, i) => `outputs[${i}]`)]} testId="batch-error" />
    </form>
  );
}
