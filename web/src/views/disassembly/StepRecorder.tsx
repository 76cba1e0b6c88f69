/**
 * Recording one executed step (POST /api/disassembly/steps on the dismantler's node): who did it, how long it took,
 * deviations from the plan and the condition of every component the step freed. It becomes the dismantler's signed
 * `dismantlingStep` event in the passport; the holder asks for an agreement first (obtained over the dataspace).
 */
import { useState, type FormEvent } from 'react';
import { ApiError, type Api, type Participant } from '../../api.js';
import { holderFields, passportFor } from '../common/dataspace.js';
import { Busy, ErrorNote, Field, fieldError, useRequest } from '../common/ui.js';
import { CONDITIONS, type Condition, type DismantlingStepPayload, type PlannedStep } from './types.js';

interface Props {
  api: Api;
  node: string;
  batteryId: string;
  holder: string;
  participants: Participant[];
  step: PlannedStep;
  onRecorded: (payload: DismantlingStepPayload, seq: number) => void;
}

export function StepRecorder({ api, node, batteryId, holder, participants, step, onRecorded }: Props) {
  const [kind, setKind] = useState<'human' | 'robot'>(step.resource);
  const [actorId, setActorId] = useState(step.resource === 'robot' ? 'robot-cell-1' : 'hv-technician-1');
  const [durationS, setDurationS] = useState(String(Math.round(step.durationS)));
  const [deviations, setDeviations] = useState('');
  const [conditions, setConditions] = useState<Record<string, Condition>>(() => Object.fromEntries(step.componentIds.map((c) => [c, 'intact' as Condition])));
  const req = useRequest<{ batteryId: string; seq: number; payload: DismantlingStepPayload }>();
  const err = req.error;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      batteryId,
      ...holderFields(api, participants, holder),
      step: {
        planned: { step: step.step, taskId: step.taskId, componentIds: step.componentIds },
        stepIndex: step.index,
        actor: { kind, id: actorId },
        durationS: Number(durationS),
        deviations: deviations.split('\n').map((d) => d.trim()).filter(Boolean),
        conditions,
      },
    };
    const r = await req.run('recording the step in the passport…', async (progress) => {
      try {
        return await api.post<{ batteryId: string; seq: number; payload: DismantlingStepPayload }>(node, '/api/disassembly/steps', body);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 403) || api.actAs?.key === holder) throw e;
        await passportFor(api, participants, holder, batteryId, progress);
        progress('recording the step again…');
        return api.post<{ batteryId: string; seq: number; payload: DismantlingStepPayload }>(node, '/api/disassembly/steps', body);
      }
    });
    if (r) onRecorded(r.payload, r.seq);
  }

  return (
    <form className="bl-step-form" onSubmit={submit} aria-label={`Record step ${step.index + 1}`} data-testid={`record-form-${step.index}`} noValidate>
      <div className="bl-row">
        <Field label="Done by" error={fieldError(err, 'actor.kind', 'kind')}>
          {(ids) => (
            <select {...ids} value={kind} onChange={(e) => setKind(e.target.value as 'human' | 'robot')}>
              <option value="human">human</option>
              <option value="robot">robot</option>
            </select>
          )}
        </Field>
        <Field label="Operator or robot id" error={fieldError(err, 'actor.id', 'actor')}>
          {(ids) => <input {...ids} value={actorId} onChange={(e) => setActorId(e.target.value)} />}
        </Field>
        <Field label="Duration (s)" error={fieldError(err, 'durationS')} testId={`record-duration-${step.index}`}>
          {(ids) => <input {...ids} type="number" min="0" step="1" value={durationS} onChange={(e) => setDurationS(e.target.value)} />}
        </Field>
        <Field label="Deviations from the plan" hint="one per line" error={fieldError(err, 'deviations')}>
          {(ids) => <textarea {...ids} rows={2} cols={32} value={deviations} onChange={(e) => setDeviations(e.target.value)} />}
        </Field>
      </div>
      {step.componentIds.length ? (
        <fieldset>
          <legend>Condition of the freed components</legend>
          <div className="bl-row">
            {step.componentIds.map((c) => (
              <Field key={c} label={c} error={fieldError(err, `conditions.${c}`)}>
                {(ids) => (
                  <select {...ids} value={conditions[c]} onChange={(e) => setConditions({ ...conditions, [c]: e.target.value as Condition })}>
                    {CONDITIONS.map((x) => (
                      <option key={x} value={x}>
                        {x}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="bl-actions">
        <button type="submit" disabled={!!req.busy} data-testid={`record-submit-${step.index}`}>
          Record step {step.index + 1}
        </button>
        <Busy label={req.busy} testId={`record-busy-${step.index}`} />
      </div>
      <ErrorNote error={err} claimed={['actor.id', 'actor.kind', 'durationS', 'deviations', 'conditions']} testId={`record-error-${step.index}`} />
    </form>
  );
}
