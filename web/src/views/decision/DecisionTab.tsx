/**
 * Decision tab: the recommended end-of-life route with its value and CO₂ breakdown, the binding constraint, what-if
 * sliders for SoH and prices, and the module-level plan (POST /api/circularity/route on the participant's own node,
 * with the passport it received over the dataspace); carrying the decision out is the next component.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BarChart } from '../../charts/BarChart.js';
import type { BatteryTabProps } from '../index.js';
import { holderFields, ownNode, passportFor, type PassportDoc } from '../common/dataspace.js';
import { eur, num, words } from '../common/format.js';
import { Badge, Busy, ErrorNote, Field, fieldError, Stat, useRequest } from '../common/ui.js';
import { ExecutePanel } from './ExecutePanel.js';
import { levers, whatIfBody, type LeverId } from './levers.js';
import { routeLabel, type Recommendation } from './types.js';

export function DecisionTab({ api, batteryId, holder, participants }: BatteryTabProps) {
  const node = ownNode(api, 'remanufacturer');
  const [passport, setPassport] = useState<PassportDoc | null>(null);
  const base = useRequest<Recommendation>();
  const what = useRequest<Recommendation>();
  const [values, setValues] = useState<Partial<Record<LeverId, number>>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // the holder's address lets the node read the twin's latest State of Safety there
  const baseBody = useMemo<Record<string, unknown> | null>(() => {
    if (api.actAs?.key === holder) return { batteryId };
    return passport ? { passport, ...holderFields(api, participants, holder) } : null;
  }, [api, holder, batteryId, passport, participants]);

  const loadBase = useCallback(() => {
    setValues({});
    what.reset();
    void base.run('getting the passport…', async (progress) => {
      let body: Record<string, unknown> = { batteryId };
      if (api.actAs?.key !== holder) {
        const p = await passportFor(api, participants, holder, batteryId, progress);
        setPassport(p);
        body = { passport: p, ...holderFields(api, participants, holder) };
      }
      progress('weighing the routes…');
      return api.post<Recommendation>(node, '/api/circularity/route', body);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, batteryId, holder, node, participants]);

  useEffect(() => loadBase(), [loadBase]);

  const baseline = base.result;
  const ls = useMemo(() => (baseline ? levers(baseline) : []), [baseline]);
  const moved = ls.some((l) => l.base !== null && values[l.id] !== undefined && values[l.id] !== l.base);

  function setLever(id: LeverId, v: number) {
    const next = { ...values, [id]: v };
    setValues(next);
    if (!baseline || !baseBody) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const stillMoved = ls.some((l) => l.base !== null && next[l.id] !== undefined && next[l.id] !== l.base);
      if (!stillMoved) {
        what.reset();
        return;
      }
      void what.run('recomputing with your values…', () => api.post<Recommendation>(node, '/api/circularity/route', whatIfBody(baseBody, baseline, next)));
    }, 350);
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  const whatIfShown = moved && !!what.result;
  const shown = whatIfShown ? what.result : baseline;
  const best = shown?.evaluations.find((e) => e.route === shown.route);
  const contributions = useMemo(() => [...(best?.contributions ?? [])].sort((a, b) => Math.abs(b.valueEur) - Math.abs(a.valueEur)), [best]);
  const co2 = contributions.filter((c) => c.co2AvoidedKg !== 0);

  return (
    <section className="bl-view" aria-labelledby="dec-h">
      <h2 id="dec-h">End-of-life decision</h2>
      <Busy label={base.busy} />
      <ErrorNote error={base.error} />
      {base.error ? (
        <div className="bl-actions">
          <button type="button" onClick={loadBase}>
            Try again
          </button>
        </div>
      ) : null}
      {shown ? (
        <>
          <div className="bl-panel" aria-live="polite">
            <dl className="bl-stats">
              <Stat label={whatIfShown ? 'Route with your values' : 'Recommended route'} testId="route-name">
                {routeLabel(shown.route)}
              </Stat>
              {whatIfShown && baseline ? (
                <Stat label="Recommended today" testId="route-baseline">
                  {routeLabel(baseline.route)} {baseline.route !== shown.route ? <Badge tone="warn">flips</Badge> : <Badge tone="info">unchanged</Badge>}
                </Stat>
              ) : null}
              <Stat label="Net value">{eur(shown.netValueEur)}</Stat>
              <Stat label="CO₂e avoided">{`${num(shown.co2AvoidedKg, 0)} kg`}</Stat>
              <Stat label="Score (value + CO₂ at the carbon price)">{eur(shown.scoreEur)}</Stat>
            </dl>
            <p data-testid="binding-constraint">
              <strong>Binding constraint{shown.binding.kind === 'exclusion' ? '' : shown.binding.kind === 'margin' ? ' (nearest limit)' : ''}:</strong> {shown.binding.text}
              {shown.binding.scoreGivenUpEur !== undefined ? ` — ${eur(shown.binding.scoreGivenUpEur)} of score given up.` : ''}
            </p>
            <Busy label={what.busy} testId="whatif-busy" />
            <ErrorNote error={what.error} testId="whatif-error" />
          </div>

          <div className="bl-grid">
            <BarChart
              title={`Value of ${routeLabel(shown.route)}`}
              description="each term of the net value, largest first"
              testId="decision-value-chart"
              unit="EUR"
              digits={0}
              series={[{ name: 'value' }]}
              rows={contributions.map((c) => ({ label: c.factor, values: [c.valueEur] }))}
            />
            <BarChart
              title="CO₂e avoided"
              description="credits (positive) and emissions (negative) of the route"
              testId="decision-co2-chart"
              unit="kg"
              digits={0}
              series={[{ name: 'CO₂e avoided' }]}
              rows={co2.map((c) => ({ label: c.factor, values: [c.co2AvoidedKg] }))}
            />
          </div>

          <fieldset className="bl-panel" data-testid="whatif">
            <legend>What if</legend>
            <p>Move a slider to recompute the decision with that value; the marks name where the node found the route flips.</p>
            <div className="bl-grid">
              {ls.map((l) => {
                const v = values[l.id] ?? l.base ?? 0;
                const listId = `flips-${l.id}`;
                return (
                  <Field
                    key={l.id}
                    label={`${l.label}: ${l.base === null ? 'not stated by the node' : `${num(v, l.step < 1 ? 1 : 0)} ${l.unit}`}`}
                    testId={`lever-${l.id}`}
                    error={l.id === 'sohShift' ? fieldError(what.error, 'overrides') : fieldError(what.error, 'factors')}
                    hint={l.flips.length ? l.flips.map((f) => `flips to ${words(f.to)} at ${num(f.value, 1)} ${l.unit}`).join('; ') : l.base === null ? 'this answer does not state today’s value' : 'no flip within the range'}
                  >
                    {(ids) => (
                      <>
                        <input {...ids} type="range" min={l.min} max={l.max} step={l.step} value={v} disabled={l.base === null} list={listId} onChange={(e) => setLever(l.id, Number(e.target.value))} aria-valuetext={`${num(v, 1)} ${l.unit}`} />
                        <datalist id={listId}>
                          {l.base !== null ? <option value={l.base} label="today" /> : null}
                          {l.flips.map((f) => (
                            <option key={f.value} value={f.value} label={f.to} />
                          ))}
                        </datalist>
                      </>
                    )}
                  </Field>
                );
              })}
            </div>
            <div className="bl-actions">
              <button type="button" disabled={!moved} onClick={() => { setValues({}); what.reset(); }}>
                Back to today’s values
              </button>
            </div>
            {shown.whatIf.length ? (
              <details>
                <summary>Smallest changes that flip the route ({shown.whatIf.length})</summary>
                <ul>
                  {shown.whatIf.map((w) => (
                    <li key={`${w.lever}-${w.to}`}>{w.text}</li>
                  ))}
                </ul>
              </details>
            ) : null}
          </fieldset>

          <div className="bl-panel">
            <h3>Routes compared</h3>
            <div className="bl-table-wrap">
              <table className="bl-table" data-testid="route-table">
                <thead>
                  <tr>
                    <th scope="col">route</th>
                    <th scope="col">feasible</th>
                    <th scope="col" className="num">net value</th>
                    <th scope="col" className="num">robust (low SoH)</th>
                    <th scope="col" className="num">CO₂e avoided</th>
                    <th scope="col" className="num">score</th>
                    <th scope="col">why not / nearest limit</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.evaluations.map((e) => (
                    <tr key={e.route}>
                      <th scope="row">
                        {routeLabel(e.route)}
                        {e.route === shown.route ? ' ★' : ''}
                      </th>
                      <td>{e.feasible ? <Badge tone="ok">yes</Badge> : <Badge tone="bad">no</Badge>}</td>
                      <td className="num">{eur(e.netValueEur)}</td>
                      <td className="num">{eur(e.netValueLowEur)}</td>
                      <td className="num">{num(e.co2AvoidedKg, 0)} kg</td>
                      <td className="num">{eur(e.scoreEur)}</td>
                      <td>{e.exclusions.length ? e.exclusions.join('; ') : e.nearestConstraint ? `${e.nearestConstraint.name} ${num(e.nearestConstraint.value, 2)} vs ${num(e.nearestConstraint.limit, 2)} (margin ${num(e.nearestConstraint.marginPct, 0)} %)` : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>

          <div className="bl-panel">
            <h3>Module plan</h3>
            <p>{shown.modulePlan.summary}</p>
            {shown.modulePlan.entries.length ? (
              <div className="bl-table-wrap">
                <table className="bl-table" data-testid="module-plan">
                  <thead>
                    <tr>
                      <th scope="col">module</th>
                      <th scope="col">action</th>
                      <th scope="col">goes to</th>
                      <th scope="col" className="num">SoH</th>
                      <th scope="col">reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.modulePlan.entries.map((m) => {
                      const ev = shown.modules.find((x) => x.moduleId === m.moduleId);
                      return (
                        <tr key={m.moduleId}>
                          <th scope="row">{m.moduleId}</th>
                          <td>
                            <Badge tone={m.action === 'keep' ? 'ok' : m.action === 'recycle' ? 'bad' : 'warn'}>{m.action}</Badge>
                          </td>
                          <td>{m.destination ? routeLabel(m.destination) : '–'}</td>
                          <td className="num">{ev ? `${num(ev.sohPct)} %` : '–'}</td>
                          <td>{m.reason}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>

          <details className="bl-panel">
            <summary>Explanation (factors as of {shown.factorsAsOf})</summary>
            <ol>
              {shown.explanation.map((x, i) => (
                <li key={i}>{x}</li>
              ))}
            </ol>
          </details>

          <ExecutePanel api={api} node={node} batteryId={batteryId} holder={holder} participants={participants} recommendation={baseline ?? shown} />
        </>
      ) : null}
    </section>
  );
}
