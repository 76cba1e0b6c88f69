/**
 * A batch's figures (GET /api/compliance/batches/{id} and /reports/batch/{id}) and a year's compliance report
 * (/reports/year/{year}), each with its charts and downloads as CSV or HTML (?format=csv|html).
 */
import { useEffect, useState } from 'react';
import type { Api } from '../../api.js';
import { kg, num, when } from '../common/format.js';
import { Badge, Busy, ErrorNote, Field, Stat, useRequest } from '../common/ui.js';
import { ReportCharts } from './ReportCharts.js';
import { complianceOf, type BatchView, type ReportDocument } from './types.js';

/** Fetches a report as text and hands it to the browser as a file (CSV) or opens it (HTML). */
function Downloads({ api, node, path, name }: { api: Api; node: string; path: string; name: string }) {
  const req = useRequest<void>();
  const get = (format: 'csv' | 'html') =>
    req.run(`preparing the ${format.toUpperCase()} report…`, async () => {
      const body = await api.text(node, `${path}?format=${format}`);
      const url = URL.createObjectURL(new Blob([body], { type: format === 'csv' ? 'text/csv' : 'text/html' }));
      const a = document.createElement('a');
      a.href = url;
      if (format === 'csv') a.download = `${name}.csv`;
      else a.target = '_blank';
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });
  return (
    <div className="bl-actions">
      <button type="button" onClick={() => void get('csv')} disabled={!!req.busy}>
        Download CSV
      </button>
      <button type="button" onClick={() => void get('html')} disabled={!!req.busy}>
        Open HTML report
      </button>
      <Busy label={req.busy} />
      <ErrorNote error={req.error} />
    </div>
  );
}

export function BatchDetails({ api, node, batchId, initial }: { api: Api; node: string; batchId: string; initial?: BatchView }) {
  const [view, setView] = useState<BatchView | null>(initial ?? null);
  const [doc, setDoc] = useState<ReportDocument | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let cancelled = false;
    setError(null);
    setDoc(null);
    const id = encodeURIComponent(batchId);
    Promise.all([initial ? Promise.resolve(initial) : api.get<BatchView>(node, `/api/compliance/batches/${id}`), api.get<ReportDocument>(node, `/api/compliance/reports/batch/${id}`)]).then(
      ([v, d]) => {
        if (cancelled) return;
        setView(v);
        setDoc(d);
      },
      (e: unknown) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [api, node, batchId, initial]);

  const rep = complianceOf(doc);
  const balanceRow = rep?.rows.find((r) => r.metric === 'mass-balance');
  const balanced = rep ? rep.balanced : view?.massBalance ? view.massBalance.ok : null;
  return (
    <section className="bl-panel" aria-labelledby={`batch-${batchId}-h`} data-testid="batch-details">
      <h2 id={`batch-${batchId}-h`}>Batch {batchId}</h2>
      <Busy label={!doc && !error ? 'loading the batch report…' : null} />
      <ErrorNote error={error} />
      {view || rep ? (
        <dl className="bl-stats">
          <Stat label="Mass balance" testId="mass-balance-status">
            {balanced === null ? '–' : balanced ? <Badge tone="ok">balanced</Badge> : <Badge tone="bad">unbalanced</Badge>}
          </Stat>
          {view?.summary ? (
            <>
              <Stat label="Batteries">{view.summary.batteries ?? '–'}</Stat>
              <Stat label="Input">{kg(view.summary.inputKg)}</Stat>
              <Stat label="Recycled">{kg(view.summary.recycledKg)}</Stat>
              <Stat label="Recycling efficiency" testId="batch-efficiency">{`${num(view.summary.efficiencyPct)} % (${view.summary.efficiencyStatus ?? ''})`}</Stat>
              <Stat label="Lots">{view.summary.lots?.length ?? 0}</Stat>
            </>
          ) : null}
        </dl>
      ) : null}
      {balanceRow?.note ? <p>{balanceRow.note}</p> : null}
      {rep ? <ReportCharts report={rep} components={doc?.components} testPrefix="batch" /> : null}
      {rep ? <Downloads api={api} node={node} path={`/api/compliance/reports/batch/${encodeURIComponent(batchId)}`} name={`compliance-batch-${batchId}`} /> : null}
      {view?.intake?.length ? (
        <details>
          <summary>Intake: what came from the passports ({view.intake.length})</summary>
          <table className="bl-table">
            <thead>
              <tr>
                <th scope="col">battery</th>
                <th scope="col">from the passport</th>
                <th scope="col">composition</th>
                <th scope="col">notes</th>
              </tr>
            </thead>
            <tbody>
              {view.intake.map((i) => (
                <tr key={i.batteryId}>
                  <td>{i.batteryId}</td>
                  <td>{i.fromPassport.join(', ') || 'nothing'}</td>
                  <td>{i.compositionBasis}</td>
                  <td>{i.notes.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      {view?.recycledEvents?.length ? (
        <details>
          <summary>Recycled events in the passports ({view.recycledEvents.filter((e) => e.status === 'delivered').length} of {view.recycledEvents.length} delivered)</summary>
          <table className="bl-table" data-testid="recycled-events">
            <thead>
              <tr>
                <th scope="col">battery</th>
                <th scope="col">status</th>
                <th scope="col" className="num">attempts</th>
                <th scope="col">last error</th>
              </tr>
            </thead>
            <tbody>
              {view.recycledEvents.map((e) => (
                <tr key={e.batteryId}>
                  <td>{e.batteryId}</td>
                  <td>
                    {e.status}
                    {e.seq !== null ? ` (event #${e.seq})` : ''}
                  </td>
                  <td className="num">{e.attempts}</td>
                  <td>{e.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}

export function YearReport({ api, node, years }: { api: Api; node: string; years: number[] }) {
  const [year, setYear] = useState(String(years[0] ?? new Date().getUTCFullYear()));
  const req = useRequest<ReportDocument>();
  useEffect(() => {
    if (/^\d{4}$/.test(year)) void req.run(`building the ${year} report…`, () => api.get<ReportDocument>(node, `/api/compliance/reports/year/${year}`));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, node, year]);
  const rep = complianceOf(req.result);
  return (
    <section className="bl-panel" aria-labelledby="year-h" data-testid="year-report">
      <h2 id="year-h">Compliance report by year</h2>
      <div className="bl-row">
        <Field label="Year" hint={req.result?.generatedAt ? `generated ${when(req.result.generatedAt)}` : undefined}>
          {(ids) => <input {...ids} type="number" min="1990" max="2200" value={year} onChange={(e) => setYear(e.target.value)} />}
        </Field>
        <Busy label={req.busy} />
      </div>
      <ErrorNote error={req.error} />
      {rep ? (
        <>
          {rep.efficiency.length === 0 ? <p>No balanced batch was processed in {year}.</p> : null}
          <ReportCharts report={rep} components={req.result?.components} testPrefix="compliance" />
          <Downloads api={api} node={node} path={`/api/compliance/reports/year/${year}`} name={`compliance-${year}`} />
          {req.result?.notes?.length ? (
            <details>
              <summary>Method and legal basis</summary>
              <ul>
                {req.result.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
              {req.result.legalBasis?.length ? (
                <table className="bl-table">
                  <thead>
                    <tr>
                      <th scope="col">target</th>
                      <th scope="col" className="num">value</th>
                      <th scope="col">applies from</th>
                      <th scope="col">legal reference</th>
                      <th scope="col">verified</th>
                    </tr>
                  </thead>
                  <tbody>
                    {req.result.legalBasis.map((l) => (
                      <tr key={l.id}>
                        <td>{l.subject}</td>
                        <td className="num">{num(l.valuePct, 0)} %</td>
                        <td>{l.appliesFrom}</td>
                        <td>{l.legalRef}</td>
                        <td>{l.verified}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </details>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
