/**
 * Shipments (carrier's node): a list with hazard class, status, handling alerts and a timeline per shipment, no map.
 * The node lists shipments when it offers GET /api/logistics/shipments; otherwise the console remembers the ones
 * planned or opened here (per browser), and any shipment can be opened by its id.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api.js';
import type { SectionProps } from '../index.js';
import { itemsOf, ownNode } from '../common/dataspace.js';
import { Field } from '../common/ui.js';
import { ShipmentCard } from './ShipmentCard.js';
import { ShipmentForm } from './ShipmentForm.js';

interface Known {
  shipmentId: string;
  holder?: string;
}

const STORE = 'batteryloop.console.shipments';

function remembered(node: string): Known[] {
  try {
    const v = JSON.parse(localStorage.getItem(`${STORE}.${node}`) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is Known => !!x && typeof (x as Known).shipmentId === 'string') : [];
  } catch {
    return [];
  }
}

export function LogisticsSection({ api, participants }: SectionProps) {
  const node = ownNode(api, 'logistics');
  const [known, setKnown] = useState<Known[]>(() => remembered(node));
  const [openId, setOpenId] = useState('');

  useEffect(() => {
    let cancelled = false;
    api.get<unknown>(node, '/api/logistics/shipments').then(
      (r) => {
        if (cancelled) return;
        const listed = itemsOf<{ shipmentId?: string; shipment?: { shipmentId: string } }>(r)
          .map((x) => x.shipmentId ?? x.shipment?.shipmentId)
          .filter((x): x is string => typeof x === 'string');
        setKnown((k) => merge(k, listed.map((shipmentId) => ({ shipmentId }))));
      },
      (e: unknown) => {
        // 404: this node has no list route; the remembered shipments are what we show
        if (!(e instanceof ApiError && e.status === 404)) console.warn('shipment list', e);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, node]);

  useEffect(() => {
    try {
      localStorage.setItem(`${STORE}.${node}`, JSON.stringify(known.slice(0, 200)));
    } catch {
      // storage full or disabled: the list lasts for this page only
    }
  }, [known, node]);

  function open(e: FormEvent) {
    e.preventDefault();
    const id = openId.trim();
    if (!id) return;
    setKnown((k) => merge([{ shipmentId: id }], k));
    setOpenId('');
  }

  return (
    <section className="bl-view" aria-labelledby="ship-h">
      <h1 id="ship-h">Shipments</h1>
      <ShipmentForm api={api} node={node} participants={participants} onPlanned={(s, _batteryId, holder) => setKnown((k) => merge([{ shipmentId: s.shipmentId, holder }], k))} />
      <form className="bl-row" onSubmit={open} aria-label="Open a shipment by id">
        <Field label="Open shipment by id">{(ids) => <input {...ids} value={openId} onChange={(e) => setOpenId(e.target.value)} />}</Field>
        <div className="bl-actions">
          <button type="submit">Open</button>
        </div>
      </form>
      <div className="bl-view" data-testid="shipment-list">
        <h2>Shipments on this node</h2>
        {known.length === 0 ? <p>No shipments yet.</p> : null}
        {known.map((k) => (
          <ShipmentCard key={k.shipmentId} api={api} node={node} participants={participants} shipmentId={k.shipmentId} holder={k.holder} />
        ))}
      </div>
    </section>
  );
}

function merge(first: Known[], rest: Known[]): Known[] {
  const seen = new Map<string, Known>();
  for (const k of [...first, ...rest]) {
    const had = seen.get(k.shipmentId);
    seen.set(k.shipmentId, { shipmentId: k.shipmentId, holder: had?.holder ?? k.holder });
  }
  return [...seen.values()];
}
