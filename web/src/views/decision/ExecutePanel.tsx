/**
 * Carrying out a decision (POST /api/circularity/route/execute on the participant's own node): repurpose or
 * remanufacture write the signed event that creates the linked successor passport on the holder (Art. 77(7));
 * a recycling route hands the battery to a recycler (`route: 'recycle'` with the recycler's DID). Re-use keeps the
 * passport as it is, so there is nothing to write. A holder that refuses for lack of an agreement (403) gets one over
 * the dataspace and the request is sent once more.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, type Api, type Participant } from '../../api.js';
import { holderFields, passportFor } from '../common/dataspace.js';
import { num } from '../common/format.js';
import { Busy, ErrorNote, Field, fieldError, useRequest } from '../common/ui.js';
import { sohBase } from './levers.js';
import { routeLabel, type Recommendation, type Route } from './types.js';

const APPLICATIONS = ['stationaryStorage', 'industrial', 'lightMeansOfTransport', 'electricVehicle', 'other'] as const;

interface Props {
  api: Api;
  node: string;
  batteryId: string;
  holder: string;
  participants: Participant[];
  recommendation: Recommendation;
}

type Done = { route: string; newPassportId?: string; seq?: number; seqs?: number[]; recyclerDid?: string; previousStatus?: string; [k: string]: unknown };

const newId = () => `urn:uuid:${typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`}`;

export function ExecutePanel({ api, node, batteryId, holder, participants, recommendation: r }: Props) {
  const feasible = r.evaluations.filter((e) => e.feasible).map((e) => e.route);
  const [route, setRoute] = useState<Route | ''>(r.route ?? '');
  const soh = sohBase(r);
  const [newPassportId, setNewPassportId] = useState(newId);
  const [sohPct, setSohPct] = useState(soh ? soh.pointPct.toFixed(1) : '');
  const [application, setApplication] = useState<string>('stationaryStorage');
  const toReplace = useMemo(() => new Set(r.modulePlan.entries.filter((m) => m.action === 'replace').map((m) => m.moduleId)), [r]);
  const [replaced, setReplaced] = useState<Set<string>>(toReplace);
  const recyclers = participants.filter((p) => p.role === 'recycler');
  const [recyclerDid, setRecyclerDid] = useState(recyclers[0]?.did ?? '');
  const req = useRequest<Done>();
  const err = req.error;
  const kind = route === '' ? null : route === 'repurpose' || route === 'remanufacture' ? route : route.startsWith('recycle') ? 'recycle' : 'reuse';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!kind || kind === 'reuse') return;
    const holderRef = holderFields(api, participants, holder);
    const body: Record<string, unknown> =
      kind === 'recycle'
        ? { batteryId, route: 'recycle', recyclerDid, ...(recyclers.find((p) => p.did === recyclerDid) ? { recyclerName: recyclers.find((p) => p.did === recyclerDid)!.name } : {}), ...holderRef }
        : {
            batteryId,
            route: kind,
            newPassportId,
            stateOfHealthPct: Number(sohPct),
            ...(kind === 'repurpose' ? { newApplication: application } : { replacedComponentIds: [...replaced] }),
            ...holderRef,
          };
    await req.run(kind === 'recycle' ? 'handing the battery to the recycler…' : `recording the ${kind} event on the holder…`, async (progress) => {
      try {
        return await api.post<Done>(node, '/api/circularity/route/execute', body);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 403) || api.actAs?.key === holder) throw e;
        // the holder accepts another participant's event only under an agreement for this battery
        await passportFor(api, participants, holder, batteryId, progress);
        progress('sending the decision again…');
        return api.post<Done>(node, '/api/circularity/route/execute', body);
      }
    });
  }

  const done = req.result;
  return (
    <form className="bl-panel" onSubmit={submit} aria-labelledby="exec-h" data-testid="execute-form" noValidate>
      <h3 id="exec-h">Carry it out</h3>
      <div className="bl-row">
        <Field label="Route" error={fieldError(err, 'route')} testId="execute-route">
          {(ids) => (
            <select {...ids} value={route} onChange={(e) => setRoute(e.target.value as Route)}>
              {r.route === null ? <option value="">no feasible route</option> : null}
              {feasible.map((x) => (
                <option key={x} value={x}>
                  {routeLabel(x)}
                  {x === r.route ? ' (recommended)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        {kind === 'repurpose' || kind === 'remanufacture' ? (
          <>
            <Field label="New passport id" error={fieldError(err, 'newPassportId')} hint="the successor passport the event creates" testId="execute-new-id">
              {(ids) => <input {...ids} value={newPassportId} onChange={(e) => setNewPassportId(e.target.value)} size={44} />}
            </Field>
            <Field label="State of health (%)" error={fieldError(err, 'stateOfHealthPct')} testId="execute-soh">
              {(ids) => <input {...ids} type="number" min="0" max="100" step="0.1" value={sohPct} onChange={(e) => setSohPct(e.target.value)} />}
            </Field>
          </>
        ) : null}
        {kind === 'repurpose' ? (
          <Field label="New application" error={fieldError(err, 'newApplication')}>
            {(ids) => (
              <select {...ids} value={application} onChange={(e) => setApplication(e.target.value)}>
                {APPLICATIONS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {kind === 'recycle' ? (
          <Field label="Recycler" error={fieldError(err, 'recyclerDid')} testId="execute-recycler">
            {(ids) => (
              <select {...ids} value={recyclerDid} onChange={(e) => setRecyclerDid(e.target.value)}>
                {recyclers.length === 0 ? <option value="">no recycler in the dataspace</option> : null}
                {recyclers.map((p) => (
                  <option key={p.did} value={p.did}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      {kind === 'remanufacture' ? (
        <fieldset>
          <legend>Modules to replace</legend>
          {fieldError(err, 'replacedComponentIds') ? <p className="bl-field-error">{fieldError(err, 'replacedComponentIds')}</p> : null}
          <div className="bl-row">
            {r.modules.map((m) => (
              <label key={m.moduleId} className="bl-check bl-field">
                <input
                  type="checkbox"
                  checked={replaced.has(m.moduleId)}
                  onChange={(e) => {
                    const s = new Set(replaced);
                    if (e.target.checked) s.add(m.moduleId);
                    else s.delete(m.moduleId);
                    setReplaced(s);
                  }}
                />
                {m.moduleId} ({num(m.sohPct)} %)
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {kind === 'reuse' ? <p className="bl-note">Re-use keeps the battery’s passport and status; there is no event to write here (Art. 77(7) applies to repurposing and remanufacturing).</p> : null}
      <div className="bl-actions">
        <button type="submit" disabled={!!req.busy || !kind || kind === 'reuse' || (kind === 'recycle' && !recyclerDid)} data-testid="execute-submit">
          {kind === 'recycle' ? 'Hand over to the recycler' : kind ? `Carry out: ${routeLabel(route as Route)}` : 'Carry out'}
        </button>
        <Busy label={req.busy} testId="execute-busy" />
      </div>
      <ErrorNote error={err} claimed={['route', 'newPassportId', 'stateOfHealthPct', 'newApplication', 'recyclerDid', 'replacedComponentIds']} testId="execute-error" />
      {done ? (
        <p className="bl-ok" data-testid="execute-result">
          {done.newPassportId
            ? `Done: ${done.route} recorded${typeof done.seq === 'number' ? ` as event #${done.seq}` : ''}; the linked passport ${done.newPassportId} now exists on the holder’s node.`
            : `Done: ${done.route === 'recycle' ? `handed to ${recyclers.find((p) => p.did === done.recyclerDid)?.name ?? done.recyclerDid ?? 'the recycler'}${done.previousStatus && done.previousStatus !== 'waste' ? ', status now waste' : ''}` : `${done.route} recorded`}${done.seqs?.length ? ` (events ${done.seqs.map((x) => `#${x}`).join(', ')})` : typeof done.seq === 'number' ? ` (event #${done.seq})` : ''}.`}
        </p>
      ) : null}
    </form>
  );
}
