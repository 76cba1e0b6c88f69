/**
 * Disassembly tab: the plan (POST /api/disassembly/plan on the dismantler's node, from the passport received over
 * the dataspace) as an ordered step list coloured and labelled by who does it (human or robot), its timeline, time,
 * cost and gap to the lower bound; and the recording of executed steps, which the list marks from the dismantler's
 * `dismantlingStep` events in the passport.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { BatteryTabProps } from '../index.js';
import { eventsOfType, ownNode, passportFor, type PassportDoc, type StoredEvent } from '../common/dataspace.js';
import { duration, eur, num, words } from '../common/format.js';
import { Badge, Busy, ErrorNote, Field, fieldError, Stat, useRequest } from '../common/ui.js';
import { Gantt } from './Gantt.js';
import { StepRecorder } from './StepRecorder.js';
import type { DismantlingStepPayload, DisassemblyPlan, PlannedStep } from './types.js';

export function DisassemblyTab({ api, batteryId, holder, participants }: BatteryTabProps) {
  const node = ownNode(api, 'dismantler');
  const [depth, setDepth] = useState<'modules' | 'cells'>('modules');
  const [robot, setRobot] = useState(true);
  const [passport, setPassport] = useState<PassportDoc | null>(null);
  const [recorded, setRecorded] = useState<Map<number, { payload: DismantlingStepPayload; seq: number }>>(new Map());
  const [open, setOpen] = useState<number | null>(null);
  const plan = useRequest<DisassemblyPlan>();
  const err = plan.error;

  const loadRecorded = useCallback(async () => {
    try {
      const evs = await eventsOfType<DismantlingStepPayload>(api, holder, batteryId, 'dismantlingStep', 5000);
      setRecorded(new Map(evs.map((e: StoredEvent<DismantlingStepPayload>) => [e.payload.stepIndex, { payload: e.payload, seq: e.seq }])));
    } catch {
      // without read access to the history the list simply shows no recorded steps
    }
  }, [api, holder, batteryId]);

  const makePlan = useCallback(
    async (d: 'modules' | 'cells', r: boolean) => {
      setOpen(null);
      await plan.run('planning…', async (progress) => {
        let body: Record<string, unknown> = { batteryId };
        if (api.actAs?.key !== holder) {
          const p = passport ?? (await passportFor(api, participants, holder, batteryId, progress));
          setPassport(p);
          body = { passport: p };
        }
        progress(`planning the disassembly to ${d}…`);
        return api.post<DisassemblyPlan>(node, '/api/disassembly/plan', { ...body, depth: d, robot: r });
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, batteryId, holder, node, participants, passport],
  );

  useEffect(() => {
    void makePlan('modules', true);
    void loadRecorded();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, batteryId, holder]);

  function submit(e: FormEvent) {
    e.preventDefault();
    void makePlan(depth, robot);
  }

  const p = plan.result;
  const matches = (s: PlannedStep) => {
    const r = recorded.get(s.index);
    return r && r.payload.step === s.step ? r : undefined;
  };
  const done = p ? p.steps.filter((s) => matches(s)).length : 0;

  return (
    <section className="bl-view" aria-labelledby="dis-h">
      <h2 id="dis-h">Disassembly</h2>
      <form className="bl-panel" onSubmit={submit} noValidate>
        <div className="bl-row">
          <Field label="Take apart to" error={fieldError(err, 'depth')}>
            {(ids) => (
              <select {...ids} value={depth} onChange={(e) => setDepth(e.target.value as 'modules' | 'cells')}>
                <option value="modules">modules</option>
                <option value="cells">cells</option>
              </select>
            )}
          </Field>
          <label className="bl-field bl-check">
            <input type="checkbox" checked={robot} onChange={(e) => setRobot(e.target.checked)} /> A robot works with the technician
          </label>
          <div className="bl-actions">
            <button type="submit" disabled={!!plan.busy} data-testid="plan-submit">
              Plan
            </button>
            <Busy label={plan.busy} testId="plan-busy" />
          </div>
        </div>
        <ErrorNote error={err} claimed={['depth']} />
      </form>

      {p ? (
        <>
          <div className="bl-panel">
            <dl className="bl-stats">
              <Stat label="Total time" testId="plan-makespan">{duration(p.makespanS)}</Stat>
              <Stat label="Lower bound">{duration(p.lowerBoundS)}</Stat>
              <Stat label="Gap">{`${num(p.gapPct)} %${p.optimal ? ' (optimal)' : ''}`}</Stat>
              <Stat label="Cost">{eur(p.cost.totalEur)}</Stat>
              <Stat label="De-energised after">{duration(p.deEnergisedAtS)}</Stat>
              <Stat label="Steps recorded" testId="steps-recorded">{`${done} of ${p.steps.length}`}</Stat>
            </dl>
            <p>
              {p.method === 'exact' ? 'Exact branch and bound' : 'List scheduling with local search'} over {p.search.tasks} tasks; tool changes: robot {p.toolChanges.robot}, human {p.toolChanges.human}; busy: robot {duration(p.busyS.robot)}, human {duration(p.busyS.human)}; labour {eur(p.cost.labourEur)}, robot {eur(p.cost.robotEur)} (rates as of {p.cost.configAsOf}).
            </p>
          </div>
          <Gantt plan={p} highlight={open} />
          <div className="bl-panel">
            <h3 id="steps-h">Steps in order</h3>
            <ol className="bl-steps" aria-labelledby="steps-h" data-testid="disassembly-steps">
              {p.steps.map((s) => {
                const r = matches(s);
                return (
                  <li key={s.index} className={`bl-step bl-step-${s.resource}`} data-testid={`step-${s.index}`} data-resource={s.resource} data-recorded={r ? 'yes' : 'no'}>
                    <div className="bl-step-head">
                      <strong>
                        {s.index + 1}. {words(s.step)}
                      </strong>
                      <Badge tone={s.resource}>{s.resource}</Badge>
                      <span>
                        {duration(s.startS)} – {duration(s.endS)} ({duration(s.durationS)})
                      </span>
                      <span>tool: {words(s.tool)}</span>
                      {s.hvExposed ? <Badge tone="warn">high voltage exposed</Badge> : null}
                      {s.liveWorking ? <Badge tone="bad">live working (EN 50110-1)</Badge> : null}
                      {r ? (
                        <Badge tone="ok" testId={`step-recorded-${s.index}`}>
                          recorded (event #{r.seq})
                        </Badge>
                      ) : (
                        <button type="button" aria-expanded={open === s.index} data-testid={`record-open-${s.index}`} onClick={() => setOpen(open === s.index ? null : s.index)}>
                          {open === s.index ? 'Cancel' : 'Record as done'}
                        </button>
                      )}
                    </div>
                    {s.componentIds.length ? <div>frees: {s.componentIds.join(', ')}</div> : null}
                    {r ? (
                      <div>
                        by {r.payload.actor.kind} {r.payload.actor.id} in {duration(r.payload.durationS)}
                        {r.payload.deviations.length ? `; deviations: ${r.payload.deviations.join('; ')}` : ''}
                        {r.payload.components.some((c) => c.condition !== 'intact') ? `; ${r.payload.components.filter((c) => c.condition !== 'intact').map((c) => `${c.componentId} ${words(c.condition)}`).join(', ')}` : ''}
                      </div>
                    ) : null}
                    {open === s.index && !r ? (
                      <StepRecorder
                        api={api}
                        node={node}
                        batteryId={batteryId}
                        holder={holder}
                        participants={participants}
                        step={s}
                        onRecorded={(payload, seq) => {
                          setRecorded(new Map(recorded).set(s.index, { payload, seq }));
                          setOpen(null);
                        }}
                      />
                    ) : null}
                  </li>
                );
              })}
            </ol>
          </div>
        </>
      ) : null}
    </section>
  );
}
