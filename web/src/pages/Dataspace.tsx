/**
 * The signed-in participant's connector (management API of its own node, /api/dataspace/*): what it offers in its
 * catalog, fetching another participant's data (negotiation → agreement → transfer → pull, which takes a moment),
 * and its agreements, negotiations and transfers with their event logs and the reason of any failure.
 */
import { useState } from 'react';
import type { Participant } from '../api.js';
import type { Agreement, NegotiationSummary, ProcessHistoryEntry, TransferSummary } from '../model.js';
import { formatWhen } from '../format.js';
import { nameOfDid, useSession } from '../session.js';
import { useAsync } from '../ui/async.js';
import { ErrorAlert, Field, Progress } from '../ui/feedback.js';

const DSP = '/dsp/2025-1';

interface CatalogPage {
  participantId: string;
  datasets: { assetId: string; offerIds: string[] }[];
  next: string | null;
}

export function Dataspace() {
  const { me } = useSession();
  const [tick, setTick] = useState(0);
  if (!me) {
    return (
      <section aria-labelledby="ds-h">
        <h1 id="ds-h">Dataspace</h1>
        <p className="note">The connector belongs to a participant: sign in to see its catalog, agreements and processes.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="ds-h">
      <h1 id="ds-h">Dataspace — {me.name}</h1>
      <p className="note">
        Connector of your node ({me.url}
        {DSP}): Eclipse Dataspace Protocol 2025-1.
      </p>
      <Fetch me={me} onDone={() => setTick((t) => t + 1)} />
      <Agreements me={me} tick={tick} />
      <Processes me={me} tick={tick} />
      <MyOffers me={me} />
    </section>
  );
}

function MyOffers({ me }: { me: Participant }) {
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const cat = useAsync(
    () => (open ? api.post<CatalogPage>(me.key, '/api/dataspace/catalog', { providerUrl: `${me.url}${DSP}`, providerDid: me.did }) : Promise.resolve(null)),
    [api, me.key, open],
  );
  return (
    <section aria-labelledby="offers-h" className="panel">
      <h2 id="offers-h">My catalog offers</h2>
      <p className="note">Each passport is offered once per Annex XIII tier; a participant sees only the tiers its credentials allow.</p>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          Show my catalog
        </button>
      ) : null}
      {open && cat.loading ? <Progress label="Reading your catalog…" /> : null}
      <ErrorAlert error={cat.error} title="Your catalog could not be read" />
      {cat.data ? <DatasetTable page={cat.data} /> : null}
    </section>
  );
}

function tierOf(assetId: string): string {
  return assetId.split(':').pop() ?? '';
}
function batteryOf(assetId: string): string {
  const m = /^urn:batteryloop:passport:(.+):[^:]+$/.exec(assetId);
  return m ? m[1] : assetId;
}

function DatasetTable({ page, onFetch, busy }: { page: CatalogPage; onFetch?: (assetId: string) => void; busy?: string | null }) {
  if (page.datasets.length === 0) return <p data-offers="0">No offers.</p>;
  return (
    <div className="table-wrap scroll" tabIndex={0} role="region" aria-label="Catalog offers">
      <table className="list" data-offers={page.datasets.length}>
        <caption>
          {page.datasets.length} offers{page.next ? ' (first page)' : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Battery</th>
            <th scope="col">Tier</th>
            <th scope="col">Offer</th>
            {onFetch ? <th scope="col">Action</th> : null}
          </tr>
        </thead>
        <tbody>
          {page.datasets.map((d) => (
            <tr key={d.assetId} data-asset={d.assetId}>
              <th scope="row">{batteryOf(d.assetId)}</th>
              <td>{tierOf(d.assetId)}</td>
              <td>
                <code>{d.offerIds.join(', ')}</code>
              </td>
              {onFetch ? (
                <td>
                  <button type="button" onClick={() => onFetch(d.assetId)} disabled={busy !== null && busy !== undefined} aria-label={`Fetch ${d.assetId}`}>
                    Fetch
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface FetchResult {
  assetId: string;
  agreementId: string;
  reusedAgreement: boolean;
  negotiationId: string | null;
  transferId: string;
  data: { attributes?: Record<string, unknown> };
}

function Fetch({ me, onDone }: { me: Participant; onDone: () => void }) {
  const { api, participants } = useSession();
  const providers = participants.filter((p) => p.key !== me.key);
  const [provider, setProvider] = useState(providers.find((p) => p.role === 'manufacturer')?.key ?? providers[0]?.key ?? '');
  const [browse, setBrowse] = useState<{ loading: boolean; page: CatalogPage | null; error: unknown }>({ loading: false, page: null, error: null });
  const [run, setRun] = useState<{ assetId: string | null; result: FetchResult | null; error: unknown }>({ assetId: null, result: null, error: null });
  const target = participants.find((p) => p.key === provider);
  const body = target ? { providerUrl: `${target.url}${DSP}`, providerDid: target.did } : { providerUrl: '', providerDid: '' };
  const doBrowse = async () => {
    setBrowse({ loading: true, page: null, error: null });
    try {
      setBrowse({ loading: false, page: await api.post<CatalogPage>(me.key, '/api/dataspace/catalog', body), error: null });
    } catch (error) {
      setBrowse({ loading: false, page: null, error });
    }
  };
  const doFetch = async (assetId: string) => {
    setRun({ assetId, result: null, error: null });
    try {
      const result = await api.post<FetchResult>(me.key, '/api/dataspace/fetch', { ...body, assetId });
      setRun({ assetId: null, result, error: null });
    } catch (error) {
      setRun({ assetId: null, result: null, error });
    }
    onDone();
  };
  return (
    <section aria-labelledby="fetch-h" className="panel">
      <h2 id="fetch-h">Get data from a participant</h2>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void doBrowse();
        }}
      >
        <Field label="Provider" name="providerUrl" error={browse.error ?? run.error}>
          {(p) => (
            <select {...p} value={provider} onChange={(e) => setProvider(e.target.value)}>
              {providers.map((x) => (
                <option key={x.key} value={x.key}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" disabled={browse.loading}>
          Browse catalog
        </button>
      </form>
      {browse.loading ? <Progress label="Requesting the provider's catalog over DSP…" /> : null}
      <ErrorAlert error={browse.error} fields={['providerUrl', 'providerDid']} title="The catalog could not be read" />
      {run.assetId ? <Progress label={`Negotiating a contract, starting the transfer and pulling ${run.assetId}…`} /> : null}
      <ErrorAlert error={run.error} fields={['providerUrl', 'providerDid']} title="The data could not be fetched" />
      {run.result ? (
        <p role="status" className="ok-note" data-fetched={run.result.assetId}>
          Received {run.result.assetId}: {Object.keys(run.result.data.attributes ?? {}).length} attributes, under agreement <code>{run.result.agreementId}</code>
          {run.result.reusedAgreement ? ' (an existing agreement was reused)' : ' (newly negotiated)'}.
        </p>
      ) : null}
      {browse.page ? <DatasetTable page={browse.page} onFetch={(a) => void doFetch(a)} busy={run.assetId} /> : null}
    </section>
  );
}

function Agreements({ me, tick }: { me: Participant; tick: number }) {
  const { api, participants } = useSession();
  const list = useAsync(() => api.get<{ items: Agreement[] }>(me.key, '/api/dataspace/agreements'), [api, me.key, tick]);
  return (
    <section aria-labelledby="agr-h" className="panel">
      <h2 id="agr-h">Agreements</h2>
      {list.loading && !list.data ? <Progress label="Loading agreements…" /> : null}
      <ErrorAlert error={list.error} title="Agreements could not be read" />
      {list.data && list.data.items.length === 0 ? <p data-agreements="0">No contract agreements yet.</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Agreements">
          <table className="list" data-agreements={list.data.items.length}>
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col">Our side</th>
                <th scope="col">Provider</th>
                <th scope="col">Consumer</th>
                <th scope="col">Agreed</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((a) => (
                <tr key={a.id} data-agreement={a.id}>
                  <th scope="row">{a.assetId}</th>
                  <td>{a.role}</td>
                  <td>{nameOfDid(participants, a.providerDid)}</td>
                  <td>{nameOfDid(participants, a.consumerDid)}</td>
                  <td>{formatWhen(a.agreedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function Log({ history }: { history: ProcessHistoryEntry[] }) {
  return (
    <details>
      <summary>Event log ({history.length})</summary>
      <ol className="log">
        {history.map((h, i) => (
          <li key={i}>
            <time dateTime={h.at}>{formatWhen(h.at)}</time> {h.from} → <strong>{h.to}</strong>: {h.reason}
          </li>
        ))}
      </ol>
    </details>
  );
}

function Processes({ me, tick }: { me: Participant; tick: number }) {
  const { api, participants } = useSession();
  const data = useAsync(
    async () => {
      const [n, t] = await Promise.all([
        api.get<{ items: NegotiationSummary[] }>(me.key, '/api/dataspace/negotiations'),
        api.get<{ items: TransferSummary[] }>(me.key, '/api/dataspace/transfers'),
      ]);
      return { negotiations: n.items, transfers: t.items };
    },
    [api, me.key, tick],
  );
  const rows = (kind: 'negotiation' | 'transfer', items: (NegotiationSummary | TransferSummary)[]) =>
    items.map((x) => (
      <tr key={x.id} data-process={kind} data-state={x.state}>
        <th scope="row">
          <code>{x.id.slice(0, 18)}…</code>
        </th>
        <td>{x.role}</td>
        <td>{nameOfDid(participants, x.counterPartyDid)}</td>
        <td>{'assetId' in x ? x.assetId ?? '—' : '—'}</td>
        <td>
          <span className={x.state === 'TERMINATED' ? 'state bad' : 'state'}>{x.state}</span>
        </td>
        <td>
          {x.error ? <p className="failure">{x.error}</p> : null}
          <Log history={x.history} />
        </td>
      </tr>
    ));
  return (
    <section aria-labelledby="proc-h" className="panel">
      <h2 id="proc-h">Negotiations and transfers</h2>
      {data.loading && !data.data ? <Progress label="Loading processes…" /> : null}
      <ErrorAlert error={data.error} title="Processes could not be read" />
      {data.data ? (
        data.data.negotiations.length + data.data.transfers.length === 0 ? (
          <p>No negotiations or transfers yet.</p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Negotiations and transfers">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">Process</th>
                  <th scope="col">Our side</th>
                  <th scope="col">Counter-party</th>
                  <th scope="col">Asset</th>
                  <th scope="col">State</th>
                  <th scope="col">Failure and log</th>
                </tr>
              </thead>
              <tbody>
                {data.data.negotiations.length ? (
                  <tr>
                    <th scope="rowgroup" colSpan={6} className="sub">
                      Negotiations ({data.data.negotiations.length})
                    </th>
                  </tr>
                ) : null}
                {rows('negotiation', data.data.negotiations)}
                {data.data.transfers.length ? (
                  <tr>
                    <th scope="rowgroup" colSpan={6} className="sub">
                      Transfers ({data.data.transfers.length})
                    </th>
                  </tr>
                ) : null}
                {rows('transfer', data.data.transfers)}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}
