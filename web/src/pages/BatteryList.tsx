/**
 * Batteries across the dataspace: every participant node that holds passports is asked (`GET /api/passports` with
 * the filters, as the signed-in identity) and the answers are merged, each row naming its holder. Filter errors from
 * the API (a filter above the caller's tier, an inverted range) appear next to the filter they concern.
 */
import { useEffect, useMemo, useState } from 'react';
import { ApiError, type Api, type Participant } from '../api.js';
import { CHEMISTRIES, STATUSES, type PassportSummary } from '../model.js';
import { formatNumber, formatWhen } from '../format.js';
import { hrefOf, navigate } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../ui/async.js';
import { ErrorAlert, Field, Progress } from '../ui/feedback.js';

const FILTERS = ['q', 'status', 'chemistry', 'sohMin', 'sohMax', 'at', 'location', 'holder'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function fromQuery(q: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((k) => [k, q.get(k) ?? ''])) as Filters;
}

function toQuery(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (f[k].trim() !== '') q.set(k, f[k].trim());
  return q;
}

export interface Row extends PassportSummary {
  holder: Participant;
}

const PAGE = 200;

interface Listing {
  rows: Row[];
  truncated: string[];
  unreachable: string[];
}

async function listAcross(api: Api, nodes: Participant[], f: Filters): Promise<Listing> {
  const q = toQuery(f);
  q.delete('holder');
  q.set('limit', String(PAGE));
  const answers = await Promise.allSettled(nodes.map((n) => api.get<{ items: PassportSummary[]; nextCursor?: string }>(n.key, `/api/passports?${q}`)));
  const rows: Row[] = [];
  const truncated: string[] = [];
  const unreachable: string[] = [];
  for (const [i, a] of answers.entries()) {
    if (a.status === 'fulfilled') {
      rows.push(...a.value.items.map((it) => ({ ...it, holder: nodes[i] })));
      if (a.value.nextCursor) truncated.push(nodes[i].name);
    } else if (a.reason instanceof ApiError && a.reason.status >= 400 && a.reason.status < 500) {
      // every node validates the same filters the same way: the first refusal speaks for all of them
      throw a.reason;
    } else {
      unreachable.push(nodes[i].name);
    }
  }
  rows.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.batteryId.localeCompare(b.batteryId));
  return { rows, truncated, unreachable };
}

export function BatteryList({ query }: { query: URLSearchParams }) {
  const { api, participants, me } = useSession();
  const applied = useMemo(() => fromQuery(query), [query]);
  const [form, setForm] = useState<Filters>(applied);
  useEffect(() => setForm(applied), [applied]);
  // apply the form a moment after the last keystroke, so typing a search does not fire a request per letter
  useEffect(() => {
    const next = toQuery(form).toString();
    if (next === toQuery(applied).toString()) return;
    const t = setTimeout(() => navigate({ name: 'batteries', query: new URLSearchParams(next) }, true), 350);
    return () => clearTimeout(t);
  }, [form, applied]);
  const nodes = applied.holder ? participants.filter((p) => p.key === applied.holder) : participants;
  const listing = useAsync(() => listAcross(api, nodes, applied), [api, query.toString(), participants]);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const err = listing.error;
  const tierHint = me ? undefined : 'Legitimate-interest data: sign in as a participant';
  return (
    <section aria-labelledby="list-h">
      <h1 id="list-h">Batteries</h1>
      <form className="filters" role="search" aria-label="Filter batteries" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search (battery, passport or model id)" name="q" error={err}>
          {(p) => <input {...p} type="search" value={form.q} onChange={set('q')} autoComplete="off" />}
        </Field>
        <Field label="Status" name="status" error={err} hint={tierHint}>
          {(p) => (
            <select {...p} value={form.status} onChange={set('status')}>
              <option value="">any</option>
              {STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Chemistry" name="chemistry" error={err}>
          {(p) => (
            <select {...p} value={form.chemistry} onChange={set('chemistry')}>
              <option value="">any</option>
              {CHEMISTRIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="range">
          <legend>State of health (%)</legend>
          <Field label="from" name="sohMin" error={err} hint={tierHint}>
            {(p) => <input {...p} type="number" inputMode="decimal" min={0} max={100} step="any" value={form.sohMin} onChange={set('sohMin')} />}
          </Field>
          <Field label="to" name="sohMax" error={err}>
            {(p) => <input {...p} type="number" inputMode="decimal" min={0} max={100} step="any" value={form.sohMax} onChange={set('sohMax')} />}
          </Field>
        </fieldset>
        <Field label="Where it is now (country code or site)" name="at" error={err} hint={tierHint}>
          {(p) => <input {...p} type="text" value={form.at} onChange={set('at')} autoComplete="off" />}
        </Field>
        <Field label="Made in (country code or town)" name="location" error={err}>
          {(p) => <input {...p} type="text" value={form.location} onChange={set('location')} autoComplete="off" />}
        </Field>
        <Field label="Holder" name="holder" error={err}>
          {(p) => (
            <select {...p} value={form.holder} onChange={set('holder')}>
              <option value="">any node</option>
              {participants.map((n) => (
                <option key={n.key} value={n.key}>
                  {n.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" className="secondary" onClick={() => setForm(fromQuery(new URLSearchParams()))}>
          Clear filters
        </button>
      </form>
      <ErrorAlert error={err} fields={[...FILTERS]} title="The list could not be loaded" />
      {listing.loading ? <Progress label={`Asking ${nodes.length} node${nodes.length === 1 ? '' : 's'}…`} /> : null}
      {listing.data ? <Results listing={listing.data} /> : null}
    </section>
  );
}

function Results({ listing }: { listing: Listing }) {
  const { rows, truncated, unreachable } = listing;
  return (
    <>
      <p role="status" className="count" data-count={rows.length}>
        {rows.length === 1 ? '1 battery' : `${rows.length} batteries`}
        {truncated.length ? ` (the first ${PAGE} of ${truncated.join(', ')}: narrow the filters to see the rest)` : ''}
      </p>
      {unreachable.length ? <p className="note">Not answering: {unreachable.join(', ')}.</p> : null}
      {rows.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Battery list">
          <table className="list cards">
            <thead>
              <tr>
                <th scope="col">Battery</th>
                <th scope="col">Chemistry</th>
                <th scope="col">Status</th>
                <th scope="col">SoH</th>
                <th scope="col">Model</th>
                <th scope="col">Last seen</th>
                <th scope="col">Made in</th>
                <th scope="col">Holder</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.holder.key}/${r.passportId}`} data-battery={r.batteryId} data-holder={r.holder.key} data-chemistry={r.chemistry} data-status={r.status ?? ''} data-soh={r.sohPct ?? ''}>
                  <th scope="row">
                    <a href={hrefOf({ name: 'battery', holder: r.holder.key, batteryId: r.batteryId, tab: 'passport' })}>{r.batteryId}</a>
                    {r.closed ? <span className="badge closed">closed</span> : null}
                  </th>
                  <td data-label="Chemistry">{r.chemistry}</td>
                  <td data-label="Status">{r.status ?? <span className="muted">not in your tier</span>}</td>
                  <td data-label="SoH">{r.sohPct === undefined ? <span className="muted">—</span> : r.sohPct === null ? '—' : formatNumber(r.sohPct, '%')}</td>
                  <td data-label="Model">{r.manufacturerModelId}</td>
                  <td data-label="Last seen">{r.lastLocation === undefined ? <span className="muted">not in your tier</span> : r.lastLocation === null ? '—' : `${r.lastLocation.name}, ${r.lastLocation.countryCode} (${formatWhen(r.lastLocation.at)})`}</td>
                  <td data-label="Made in">{[r.manufacturingLocality, r.manufacturingCountry].filter(Boolean).join(', ') || '—'}</td>
                  <td data-label="Holder">{r.holder.name}</td>
                  <td data-label="Updated">{formatWhen(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
