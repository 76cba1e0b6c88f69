/**
 * One battery: its passport by attribute group with the access tier of each attribute, the lifecycle timeline with
 * the signature status of every event, the pack → module → cell tree, and the tabs other views plug in
 * (views/index.ts `batteryTabs`, shown to the roles they name).
 */
import { batteryTabs } from '../views/index.js';
import type { Passport } from '../model.js';
import { hrefOf } from '../router.js';
import { ROLE_LABEL, useSession } from '../session.js';
import { useAsync } from '../ui/async.js';
import { ErrorAlert, Progress } from '../ui/feedback.js';
import { PassportTab } from './PassportTab.js';
import { TimelineTab } from './TimelineTab.js';
import { StructureTab } from './StructureTab.js';
import { formatWhen } from '../format.js';

const OWN_TABS = [
  { id: 'passport', label: 'Passport' },
  { id: 'history', label: 'Lifecycle' },
  { id: 'structure', label: 'Pack structure' },
];

export function BatteryView({ holder, batteryId, tab }: { holder: string; batteryId: string; tab: string }) {
  const { api, me, participants } = useSession();
  const passport = useAsync(() => api.get<Passport>(holder, `/api/passports/${encodeURIComponent(batteryId)}`), [api, holder, batteryId]);
  const holderName = participants.find((p) => p.key === holder)?.name ?? holder;
  const pluggable = batteryTabs.filter((t) => me !== null && (t.roles.length === 0 || t.roles.includes(me.role)));
  const tabs = [...OWN_TABS, ...pluggable.map((t) => ({ id: t.id, label: t.label }))];
  const current = tabs.some((t) => t.id === tab) ? tab : 'passport';
  const Plugged = pluggable.find((t) => t.id === current)?.component;
  const p = passport.data;
  return (
    <section aria-labelledby="battery-h">
      <p className="crumbs">
        <a href={hrefOf({ name: 'batteries', query: new URLSearchParams() })}>Batteries</a> / {batteryId}
      </p>
      <h1 id="battery-h">Battery {batteryId}</h1>
      {passport.loading ? <Progress label="Loading the passport…" /> : null}
      <ErrorAlert error={passport.error} title="The passport could not be read" />
      {p ? (
        <dl className="summary">
          <div>
            <dt>Holder</dt>
            <dd>{holderName}</dd>
          </div>
          <div>
            <dt>Model</dt>
            <dd>
              {p.model.manufacturerModelId} ({p.model.chemistry})
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>{p.status ?? <span className="muted">not in your tier</span>}{p.closed ? ' · passport closed (Art. 77(6))' : ''}</dd>
          </div>
          <div>
            <dt>Issued by</dt>
            <dd>
              {p.issuer.name} ({ROLE_LABEL[p.issuer.role] ?? p.issuer.role})
            </dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>{formatWhen(p.updatedAt)}</dd>
          </div>
          <div>
            <dt>Public page</dt>
            <dd>
              <a href={`../n/${encodeURIComponent(holder)}/p/${encodeURIComponent(p.batteryId)}`}>/p/{p.batteryId}</a>
            </dd>
          </div>
          {p.predecessorPassportId ? (
            <div>
              <dt>Made from</dt>
              <dd>
                <a href={hrefOf({ name: 'battery', holder, batteryId: p.predecessorPassportId, tab: 'passport' })}>{p.predecessorPassportId}</a>
              </dd>
            </div>
          ) : null}
          {p.successorPassportIds?.length ? (
            <div>
              <dt>Continued in</dt>
              <dd>
                {p.successorPassportIds.map((s) => (
                  <a key={s} href={hrefOf({ name: 'battery', holder, batteryId: s, tab: 'passport' })}>
                    {s}{' '}
                  </a>
                ))}
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <nav className="tabs" aria-label="Battery views">
        {tabs.map((t) => (
          <a key={t.id} href={hrefOf({ name: 'battery', holder, batteryId, tab: t.id })} aria-current={t.id === current ? 'page' : undefined} data-tab={t.id}>
            {t.label}
          </a>
        ))}
      </nav>
      <div className="tab-panel">
        {current === 'passport' && p ? <PassportTab passport={p} holder={holder} /> : null}
        {current === 'history' ? <TimelineTab holder={holder} batteryId={batteryId} /> : null}
        {current === 'structure' && p ? <StructureTab root={p.structure} /> : null}
        {Plugged ? <Plugged api={api} batteryId={batteryId} holder={holder} participants={participants} /> : null}
      </div>
    </section>
  );
}
