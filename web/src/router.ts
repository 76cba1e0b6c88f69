/**
 * A small hash router (no dependency): `#/batteries`, `#/battery/<holder>/<batteryId>/<tab>`, `#/dataspace`,
 * `#/section/<id>`. The hash keeps every view addressable under /console/ without server routes per view.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'signin' }
  | { name: 'batteries'; query: URLSearchParams }
  | { name: 'battery'; holder: string; batteryId: string; tab: string }
  | { name: 'dataspace' }
  | { name: 'section'; id: string };

export function parseRoute(hash: string): Route {
  const [path, qs = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'signin':
      return { name: 'signin' };
    case 'battery':
      if (parts[1] && parts[2]) return { name: 'battery', holder: parts[1], batteryId: parts[2], tab: parts[3] ?? 'passport' };
      break;
    case 'dataspace':
      return { name: 'dataspace' };
    case 'section':
      if (parts[1]) return { name: 'section', id: parts[1] };
      break;
  }
  return { name: 'batteries', query: new URLSearchParams(qs) };
}

export function hrefOf(r: Route): string {
  const e = encodeURIComponent;
  switch (r.name) {
    case 'signin':
      return '#/signin';
    case 'batteries': {
      const qs = r.query.toString();
      return `#/batteries${qs ? `?${qs}` : ''}`;
    }
    case 'battery':
      return `#/battery/${e(r.holder)}/${e(r.batteryId)}${r.tab && r.tab !== 'passport' ? `/${e(r.tab)}` : ''}`;
    case 'dataspace':
      return '#/dataspace';
    case 'section':
      return `#/section/${e(r.id)}`;
  }
}

export function navigate(r: Route, replace = false): void {
  const h = hrefOf(r);
  if (replace) history.replaceState(null, '', h);
  else location.hash = h;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
