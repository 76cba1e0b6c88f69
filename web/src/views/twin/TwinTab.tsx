/**
 * Twin tab: live charts of SoC (±σ), SoH and resistance growth, temperature, power limits (SoP 10 s) and State of
 * Safety with the factor driving it, plus the safety alerts. The OEM, who runs the twins, reads its own node's series
 * and polls for new batches; other participants see the twin's signed operationalSnapshot events in the passport.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../api.js';
import { TimeSeries } from '../../charts/TimeSeries.js';
import type { BatteryTabProps } from '../index.js';
import { eventsOfType, type StoredEvent } from '../common/dataspace.js';
import { num, when, words } from '../common/format.js';
import { Badge, Busy, ErrorNote, Stat } from '../common/ui.js';
import { usePolling } from '../common/usePolling.js';
import { appendSeries, colsFromSnapshots, driverChanges, emptyCols, type AlertPayload, type Cols, type SeriesItem, type SnapshotPayload, type TwinRow } from './data.js';

/** The node that runs the vehicles' twins in the local dataspace. */
export const TWIN_NODE = 'oem';
const PAGE = 100_000;
const MAX_POINTS = 500_000;
const POLL_MS = 5_000;

type Source = { kind: 'twin'; row: TwinRow } | { kind: 'snapshots'; count: number; why: string };

export function TwinTab({ api, batteryId, holder }: BatteryTabProps) {
  const [cols, setCols] = useState<Cols>(emptyCols);
  const [source, setSource] = useState<Source | null>(null);
  const [alerts, setAlerts] = useState<StoredEvent<AlertPayload>[]>([]);
  const [busy, setBusy] = useState<string | null>('loading…');
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(true);
  const colsRef = useRef(cols);
  colsRef.current = cols;
  const path = `/api/twin/batteries/${encodeURIComponent(batteryId)}`;

  const loadAlerts = useCallback(async () => {
    try {
      setAlerts(await eventsOfType<AlertPayload>(api, holder, batteryId, 'safetyAlert', 50));
    } catch {
      // alerts are shown when the holder lets us read the history; the charts do not depend on them
    }
  }, [api, holder, batteryId]);

  useEffect(() => {
    let cancelled = false;
    setCols(emptyCols());
    setSource(null);
    setError(null);
    (async () => {
      try {
        if (api.actAs?.key === TWIN_NODE) {
          try {
            setBusy('reading the twin…');
            const row = await api.get<TwinRow>(TWIN_NODE, path);
            let c = emptyCols();
            let from = 0;
            for (;;) {
              setBusy(`loading the series… ${c.t.length.toLocaleString('en')} points`);
              const page = await api.get<{ items: SeriesItem[] }>(TWIN_NODE, `${path}/series?fromMs=${from}&limit=${PAGE}`);
              if (cancelled) return;
              c = appendSeries(c, page.items);
              if (page.items.length < PAGE || c.t.length >= MAX_POINTS) break;
              from = page.items[page.items.length - 1].tMs + 1;
            }
            if (cancelled) return;
            setCols(c);
            setSource({ kind: 'twin', row });
            return;
          } catch (e) {
            if (!(e instanceof ApiError && e.status === 404)) throw e;
          }
        }
        setBusy('reading the operational snapshots in the passport…');
        const snaps = await eventsOfType<SnapshotPayload>(api, holder, batteryId, 'operationalSnapshot', 5000);
        if (cancelled) return;
        setCols(colsFromSnapshots(snaps));
        setSource({ kind: 'snapshots', count: snaps.length, why: api.actAs?.key === TWIN_NODE ? 'no twin runs for this battery on this node' : 'the live twin runs on the OEM’s node' });
      } catch (e) {
        if (!cancelled) setError(e);
      } finally {
        if (!cancelled) setBusy(null);
      }
    })();
    void loadAlerts();
    return () => {
      cancelled = true;
    };
  }, [api, batteryId, holder, path, loadAlerts]);

  usePolling(
    async () => {
      if (source?.kind !== 'twin') return;
      const c = colsRef.current;
      const from = c.t.length ? Math.round(c.t[c.t.length - 1] * 1000) + 1 : 0;
      const [row, page] = await Promise.all([api.get<TwinRow>(TWIN_NODE, path), api.get<{ items: SeriesItem[] }>(TWIN_NODE, `${path}/series?fromMs=${from}&limit=${PAGE}`)]);
      setSource({ kind: 'twin', row });
      if (page.items.length) setCols((old) => appendSeries(old, page.items));
      await loadAlerts();
    },
    POLL_MS,
    live && source?.kind === 'twin',
  );

  const x = cols.t;
  const changes = useMemo(() => driverChanges(cols), [cols]);
  const lastIdx = cols.t.length - 1;
  const latest = source?.kind === 'twin' ? source.row.latest : null;
  const sosNow = latest?.sos ?? (lastIdx >= 0 ? cols.sos[lastIdx] : null);
  const driverNow = latest?.sosDriver ?? (lastIdx >= 0 ? cols.driver[lastIdx] : null);
  const alertLevel = source?.kind === 'twin' ? source.row.alertLevel : sosNow !== null ? (sosNow < 0.2 ? 'critical' : sosNow < 0.5 ? 'warning' : null) : null;
  const pending = source?.kind === 'twin' ? (source.row.outbox ?? []).filter((o) => !o.done) : [];

  const socYs = useMemo(() => [cols.soc, cols.socLo, cols.socHi], [cols]);
  const sohYs = useMemo(() => [cols.soh, cols.rGrowth], [cols]);
  const tempYs = useMemo(() => [cols.temp], [cols]);
  const powYs = useMemo(() => [cols.pDis, cols.pChg], [cols]);
  const sosYs = useMemo(() => [cols.sos], [cols]);

  return (
    <section className="bl-view" aria-labelledby="twin-h">
      <h2 id="twin-h">Digital twin</h2>
      <Busy label={busy} />
      <ErrorNote error={error} />
      {source ? (
        <p className="bl-note" data-testid="twin-source">
          {source.kind === 'twin'
            ? `Live estimates from the twin on this node: ${source.row.samples.toLocaleString('en')} telemetry samples, last batch ${when(source.row.updatedAt)}. New batches appear every ${POLL_MS / 1000} s.`
            : `${source.count} signed operational snapshots from the passport (${source.why}).`}
        </p>
      ) : null}
      {source ? (
        <dl className="bl-stats">
          <Stat label="State of charge" testId="twin-soc-now">
            {lastIdx >= 0 ? `${num(cols.soc[lastIdx])} %` : '–'}
            {lastIdx >= 0 && cols.socHi[lastIdx] !== null ? ` ± ${num((cols.socHi[lastIdx]! - cols.socLo[lastIdx]!) / 2)}` : ''}
          </Stat>
          <Stat label="State of health" testId="twin-soh-now">{lastIdx >= 0 ? `${num(cols.soh[lastIdx])} %` : '–'}</Stat>
          <Stat label="State of Safety" testId="twin-sos-now">{num(sosNow, 2)}</Stat>
          <Stat label="Driven by" testId="twin-sos-driver">{driverNow ? words(driverNow) : '–'}</Stat>
          <Stat label="Alert level" testId="twin-alert-level">
            {alertLevel ? <Badge tone={alertLevel === 'critical' ? 'bad' : 'warn'}>{alertLevel}</Badge> : <Badge tone="ok">none</Badge>}
          </Stat>
          {latest ? <Stat label="Power limit (discharge, 10 s)">{`${num((latest.sopDischargeW[1] ?? latest.sopDischargeW[0]) / 1000)} kW`}</Stat> : null}
        </dl>
      ) : null}
      {source?.kind === 'twin' ? (
        <label className="bl-check bl-field">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live updates
        </label>
      ) : null}
      {source ? (
        <div className="bl-grid">
          <TimeSeries title="State of charge" description="EKF estimate with its ±1σ band" testId="twin-soc" x={x} ys={socYs} yRange={[0, 100]} yLabel="%" band={[1, 2]} series={[{ label: 'SoC', unit: '%' }, { label: 'SoC − σ', unit: '%', width: 1, dash: [3, 3] }, { label: 'SoC + σ', unit: '%', width: 1, dash: [3, 3] }]} />
          <TimeSeries title="State of health" description="capacity relative to rated, and resistance growth" testId="twin-soh" x={x} ys={sohYs} yLabel="SoH %" y2Label="R / R₀" series={[{ label: 'SoH', unit: '%' }, { label: 'resistance growth', unit: '×', scale: 'y2', digits: 3 }]} />
          <TimeSeries title="Temperature" description="hottest cell of each telemetry batch" testId="twin-temp" x={x} ys={tempYs} yLabel="°C" series={[{ label: 'max cell temperature', unit: '°C', digits: 1 }]} />
          <TimeSeries title="Power limits" description="State of Power over 10 s" testId="twin-power" x={x} ys={powYs} yLabel="kW" series={[{ label: 'discharge', unit: 'kW', digits: 1 }, { label: 'charge', unit: 'kW', digits: 1 }]} />
          <TimeSeries
            title="State of Safety"
            description="1 nominal … 0 unsafe; warning below 0.5, critical below 0.2"
            testId="twin-sos"
            x={x}
            ys={sosYs}
            yRange={[0, 1.05]}
            thresholds={[{ value: 0.5, label: 'warning 0.5' }, { value: 0.2, label: 'critical 0.2' }]}
            series={[{ label: 'SoS', digits: 3 }]}
          />
          <div className="bl-panel">
            <h3>Safety factor</h3>
            {changes.length ? (
              <table className="bl-table" data-testid="twin-driver-changes">
                <caption className="bl-sr-only">When the factor driving the State of Safety changed, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">since</th>
                    <th scope="col">driving factor</th>
                    <th scope="col" className="num">SoS</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((c) => (
                    <tr key={c.t}>
                      <td>{when(c.t * 1000)}</td>
                      <td>{words(c.driver)}</td>
                      <td className="num">{num(c.sos, 3)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>No driving factor recorded yet.</p>
            )}
          </div>
        </div>
      ) : null}
      <div className="bl-panel" data-testid="twin-alerts">
        <h3>Safety alerts</h3>
        {alerts.length === 0 && pending.filter((p) => p.type === 'safetyAlert').length === 0 ? <p>No State-of-Safety alert recorded for this battery.</p> : null}
        <ul className="bl-alerts">
          {[...alerts].reverse().map((a) => (
            <li key={a.eventId}>
              <Badge tone={a.payload.level === 'critical' ? 'bad' : 'warn'}>{a.payload.level}</Badge> {when(a.occurredAt)}: SoS {num(a.payload.stateOfSafety, 3)}, driven by {words(a.payload.factor)}
              {a.payload.detail ? ` — ${a.payload.detail}` : ''}
            </li>
          ))}
          {pending
            .filter((p) => p.type === 'safetyAlert')
            .map((p) => (
              <li key={p.id}>
                <Badge tone="info">not yet in the passport</Badge> alert waiting for delivery to the holder ({p.attempts} attempts{p.lastError ? `; last error: ${p.lastError}` : ''})
              </li>
            ))}
        </ul>
      </div>
    </section>
  );
}
