/**
 * Recycling and compliance (the recycler's node): batch intake with its mass balance, the batches with their
 * efficiency, a batch's and a year's compliance report with charts, material lots and the targets table. Others
 * (an authority) read the same figures; only the recycler takes batches in.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SectionProps } from '../index.js';
import { itemsOf } from '../common/dataspace.js';
import { kg, num } from '../common/format.js';
import { Badge, Busy, ErrorNote } from '../common/ui.js';
import { BatchForm } from './BatchForm.js';
import { BatchDetails, YearReport } from './Reports.js';
import type { BatchSummary, BatchView, LotView, TargetRow } from './types.js';

/** The recycler of the local dataspace, for participants who read its figures. */
const RECYCLER_NODE = 'recycler';

export function RecyclerSection({ api, participants }: SectionProps) {
  const isRecycler = api.actAs?.role === 'recycler';
  const node = isRecycler && api.actAs ? api.actAs.key : RECYCLER_NODE;
  const [batches, setBatches] = useState<BatchSummary[] | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [selected, setSelected] = useState<{ id: string; view?: BatchView } | null>(null);
  const [lots, setLots] = useState<LotView[] | null>(null);
  const [targets, setTargets] = useState<{ asOf?: string; verified?: string; targets: TargetRow[] } | null>(null);

  const loadBatches = useCallback(async () => {
    try {
      setBatches(itemsOf<BatchSummary>(await api.get<unknown>(node, '/api/compliance/batches?limit=200')));
      setListError(null);
    } catch (e) {
      setListError(e);
    }
  }, [api, node]);

  useEffect(() => {
    void loadBatches();
    api.get<unknown>(node, '/api/compliance/lots?limit=200').then((r) => setLots(itemsOf<LotView>(r)), () => setLots([]));
    api.get<{ asOf?: string; verified?: string; targets?: TargetRow[] }>(node, '/api/compliance/targets').then((r) => setTargets({ ...r, targets: itemsOf<TargetRow>(r) }), () => setTargets(null));
  }, [api, node, loadBatches]);

  const years = [...new Set((batches ?? []).map((b) => Number(b.processedOn.slice(0, 4))).filter(Number.isFinite))].sort((a, b) => b - a);

  return (
    <section className="bl-view" aria-labelledby="rec-h">
      <h1 id="rec-h">Recycling and compliance</h1>
      {isRecycler ? (
        <BatchForm
          api={api}
          node={node}
          participants={participants}
          onCreated={(v) => {
            setSelected({ id: v.batchId, view: v });
            void loadBatches();
            api.get<unknown>(node, '/api/compliance/lots?limit=200').then((r) => setLots(itemsOf<LotView>(r)), () => undefined);
          }}
        />
      ) : (
        <p className="bl-note">Figures of the recycler’s node; only the recycler takes batches in.</p>
      )}
      {selected ? <BatchDetails key={selected.id} api={api} node={node} batchId={selected.id} initial={selected.view} /> : null}

      <section className="bl-panel" aria-labelledby="batches-h">
        <h2 id="batches-h">Batches</h2>
        <Busy label={batches === null && !listError ? 'loading the batches…' : null} />
        <ErrorNote error={listError} />
        {batches && batches.length === 0 ? <p>No batch yet.</p> : null}
        {batches && batches.length ? (
          <div className="bl-table-wrap">
            <table className="bl-table" data-testid="batch-list">
              <thead>
                <tr>
                  <th scope="col">batch</th>
                  <th scope="col">processed</th>
                  <th scope="col">category</th>
                  <th scope="col" className="num">batteries</th>
                  <th scope="col" className="num">input</th>
                  <th scope="col" className="num">efficiency</th>
                  <th scope="col">status</th>
                </tr>
              </thead>
              <tbody>
                {batches.map((b) => (
                  <tr key={b.batchId}>
                    <td>
                      <button type="button" className="bl-link" onClick={() => setSelected({ id: b.batchId })} aria-current={selected?.id === b.batchId ? 'true' : undefined}>
                        {b.batchId}
                      </button>
                    </td>
                    <td>{b.processedOn}</td>
                    <td>{b.category ?? '–'}</td>
                    <td className="num">{b.batteries ?? '–'}</td>
                    <td className="num">{kg(b.inputKg)}</td>
                    <td className="num">{b.efficiencyPct == null ? '–' : `${num(b.efficiencyPct)} %`}</td>
                    <td>{b.efficiencyStatus ? <Badge tone={b.efficiencyStatus === 'meets' ? 'ok' : b.efficiencyStatus === 'below' ? 'bad' : 'info'}>{b.efficiencyStatus}</Badge> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <YearReport key={years[0] ?? 'none'} api={api} node={node} years={years} />

      <details className="bl-panel">
        <summary>Material lots ({lots?.length ?? '…'})</summary>
        {lots && lots.length ? (
          <div className="bl-table-wrap">
            <table className="bl-table" data-testid="lots">
              <thead>
                <tr>
                  <th scope="col">lot</th>
                  <th scope="col">element</th>
                  <th scope="col">compound</th>
                  <th scope="col" className="num">element mass</th>
                  <th scope="col" className="num">left</th>
                  <th scope="col">from batch</th>
                  <th scope="col">origin</th>
                </tr>
              </thead>
              <tbody>
                {lots.map((l) => (
                  <tr key={l.lotId}>
                    <td>{l.lotId}</td>
                    <td>{l.element}</td>
                    <td>{l.compound}</td>
                    <td className="num">{kg(l.elementMassKg, 2)}</td>
                    <td className="num">{l.remainingKg === undefined ? '–' : kg(l.remainingKg, 2)}</td>
                    <td>{l.sourceBatchId ?? 'primary'}</td>
                    <td>{l.origin}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>No lots yet.</p>
        )}
      </details>

      <details className="bl-panel">
        <summary>Targets used{targets?.asOf ? ` (table as of ${targets.asOf})` : ''}</summary>
        {targets?.verified ? <p>{targets.verified}</p> : null}
        {targets?.targets.length ? (
          <div className="bl-table-wrap">
            <table className="bl-table" data-testid="targets">
              <thead>
                <tr>
                  <th scope="col">kind</th>
                  <th scope="col">subject</th>
                  <th scope="col" className="num">value</th>
                  <th scope="col">applies from</th>
                  <th scope="col">legal reference</th>
                </tr>
              </thead>
              <tbody>
                {targets.targets.map((t) => (
                  <tr key={t.id}>
                    <td>{t.kind}</td>
                    <td>{t.category ?? t.element ?? ''}</td>
                    <td className="num">{num(t.valuePct, 0)} %</td>
                    <td>{t.appliesFrom}</td>
                    <td>{t.legalRefText ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </details>
    </section>
  );
}
