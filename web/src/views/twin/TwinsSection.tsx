/** The OEM's fleet of twins: latest SoC, SoH-relevant state, State of Safety with its driver and the alert level. */
import { useCallback, useEffect, useState } from 'react';
import type { SectionProps } from '../index.js';
import { num, when, words } from '../common/format.js';
import { Badge, Busy, ErrorNote } from '../common/ui.js';
import { usePolling } from '../common/usePolling.js';
import { TWIN_NODE } from './TwinTab.js';
import type { TwinRow } from './data.js';

export function TwinsSection({ api, openBattery }: SectionProps) {
  const [rows, setRows] = useState<TwinRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      const r = await api.get<{ items: TwinRow[] }>(TWIN_NODE, '/api/twin/batteries');
      setRows(r.items ?? []);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);
  usePolling(load, 10_000);
  return (
    <section className="bl-view" aria-labelledby="twins-h">
      <h1 id="twins-h">Twins</h1>
      <Busy label={rows === null && !error ? 'loading the twins…' : null} />
      <ErrorNote error={error} />
      {rows ? (
        <div className="bl-table-wrap">
          <table className="bl-table" data-testid="twins-table">
            <caption className="bl-sr-only">Batteries with a digital twin on this node</caption>
            <thead>
              <tr>
                <th scope="col">battery</th>
                <th scope="col">chemistry</th>
                <th scope="col" className="num">SoC</th>
                <th scope="col" className="num">SoS</th>
                <th scope="col">driven by</th>
                <th scope="col">alert</th>
                <th scope="col" className="num">samples</th>
                <th scope="col">last batch</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.batteryId}>
                  <td>
                    <button type="button" className="bl-link" onClick={() => openBattery(r.batteryId, 'twin')}>
                      {r.batteryId}
                    </button>
                  </td>
                  <td>{r.params?.chemistry ?? '–'}</td>
                  <td className="num">{r.latest ? `${num(r.latest.soc * 100)} %` : '–'}</td>
                  <td className="num">{num(r.latest?.sos, 2)}</td>
                  <td>{r.latest ? words(r.latest.sosDriver) : '–'}</td>
                  <td>{r.alertLevel ? <Badge tone={r.alertLevel === 'critical' ? 'bad' : 'warn'}>{r.alertLevel}</Badge> : 'none'}</td>
                  <td className="num">{r.samples.toLocaleString('en')}</td>
                  <td>{when(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 ? <p>No twin runs on this node yet (start the fleet, or register one with POST /api/twin/batteries).</p> : null}
        </div>
      ) : null}
    </section>
  );
}
