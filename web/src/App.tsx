/**
 * The console shell: sign-in, navigation by role (own sections plus views/index.ts `sections`), and the views.
 * Every call goes through the console gateway as the chosen demo identity (see session.tsx and api.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { createApi, type Participant } from './api.js';
import { sections } from './views/index.js';
import { hrefOf, navigate, useRoute, type Route } from './router.js';
import { ROLE_LABEL, SessionContext, loadParticipants, storeIdentity, storedIdentity, type Session } from './session.js';
import { SignIn } from './pages/SignIn.js';
import { BatteryList } from './pages/BatteryList.js';
import { BatteryView } from './pages/BatteryView.js';
import { Dataspace } from './pages/Dataspace.js';
import { ErrorAlert, Progress } from './ui/feedback.js';

function titleOf(r: Route): string {
  switch (r.name) {
    case 'signin':
      return 'Sign in';
    case 'batteries':
      return 'Batteries';
    case 'battery':
      return `Battery ${r.batteryId}`;
    case 'dataspace':
      return 'Dataspace';
    case 'section':
      return sections.find((s) => s.id === r.id)?.label ?? 'Section';
  }
}

export function App() {
  const route = useRoute();
  const [participants, setParticipants] = useState<Participant[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actAs, setActAs] = useState<string | null | undefined>(() => storedIdentity());
  useEffect(() => {
    loadParticipants().then(setParticipants, setLoadError);
  }, []);
  const me = participants?.find((p) => p.key === actAs) ?? null;
  const session: Session = useMemo(
    () => ({
      api: createApi(me),
      me,
      participants: participants ?? [],
      signIn: (key) => {
        storeIdentity(key);
        setActAs(key);
      },
    }),
    [me, participants],
  );
  // move focus to the new page's heading so keyboard and screen-reader users land on the content (WCAG 2.4.3)
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    document.title = `${titleOf(route)} · Battery Loop console`;
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [route.name, route.name === 'battery' ? route.batteryId : '', route.name === 'section' ? route.id : '']);

  if (loadError) return <ErrorAlert error={loadError} title="The console cannot start" />;
  if (!participants) return <Progress label="Connecting to the local dataspace…" />;
  const mustSignIn = actAs === undefined || route.name === 'signin';
  const visibleSections = sections.filter((s) => me !== null && (s.roles.length === 0 || s.roles.includes(me.role)));
  const section = route.name === 'section' ? visibleSections.find((s) => s.id === route.id) : undefined;
  // the node that holds the passport: the first that answers for it (in the demo the manufacturer's)
  const openBattery = (batteryId: string, tab?: string) => {
    const fallback = participants.find((p) => p.role === 'manufacturer')?.key ?? participants[0].key;
    const path = `/api/passports/${encodeURIComponent(batteryId)}`;
    Promise.any(participants.map((p) => session.api.get(p.key, path).then(() => p.key)))
      .catch(() => fallback)
      .then((holder) => navigate({ name: 'battery', holder, batteryId, tab: tab ?? 'passport' }));
  };
  const nav = [
    { href: hrefOf({ name: 'batteries', query: new URLSearchParams() }), label: 'Batteries', current: route.name === 'batteries' || route.name === 'battery' },
    ...(me ? [{ href: hrefOf({ name: 'dataspace' }), label: 'Dataspace', current: route.name === 'dataspace' }] : []),
    ...visibleSections.map((s) => ({ href: hrefOf({ name: 'section', id: s.id }), label: s.label, current: route.name === 'section' && route.id === s.id })),
  ];
  return (
    <SessionContext.Provider value={session}>
      <a className="skip" href="#main" onClick={(e) => {
        e.preventDefault();
        mainRef.current?.focus();
      }}>
        Skip to content
      </a>
      <header className="top">
        <div className="brand">Battery Loop</div>
        {!mustSignIn ? (
          <nav aria-label="Main">
            <ul>
              {nav.map((n) => (
                <li key={n.href}>
                  <a href={n.href} aria-current={n.current ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div className="who" data-signed-in={me?.key ?? 'public'}>
          {me ? (
            <>
              <span>
                {me.name} <span className="role">{ROLE_LABEL[me.role] ?? me.role}</span>
              </span>
            </>
          ) : (
            <span>Public</span>
          )}
          {!mustSignIn ? <a href={hrefOf({ name: 'signin' })}>Switch identity</a> : null}
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {mustSignIn ? (
          <SignIn onDone={() => navigate({ name: 'batteries', query: new URLSearchParams() })} />
        ) : route.name === 'battery' ? (
          <BatteryView holder={route.holder} batteryId={route.batteryId} tab={route.tab} />
        ) : route.name === 'dataspace' ? (
          <Dataspace />
        ) : route.name === 'section' ? (
          section ? (
            <section.component api={session.api} participants={participants} openBattery={openBattery} />
          ) : (
            <p className="note">This section is not available to your role.</p>
          )
        ) : (
          <BatteryList query={route.name === 'batteries' ? route.query : new URLSearchParams()} />
        )}
      </main>
    </SessionContext.Provider>
  );
}
