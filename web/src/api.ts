/**
 * The console's one way to talk to the dataspace. In the local dataspace (`npm start`) the console is served by the
 * console gateway, which forwards `/n/<participant>/<path>` to that participant's node with a bearer token minted for
 * the signed-in demo identity (header `x-batteryloop-act-as`). Errors arrive as RFC 9457 problem+json and are thrown
 * as `ApiError`, whose `fields` name the request fields they concern so a form can show them next to the input.
 */
export interface Participant {
  /** key in the local dataspace: manufacturer, oem, logistics, dismantler, testingFacility, remanufacturer, recycler, authority, dataspaceAuthority */
  key: string;
  name: string;
  role: string;
  did: string;
  url: string;
}

export interface FieldError {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly fields: FieldError[] = [],
  ) {
    super(detail);
  }
  /** The reason for one field (exact match, or the first whose path ends with `.${name}`). */
  fieldReason(name: string): string | undefined {
    return this.fields.find((f) => f.field === name || f.field.endsWith(`.${name}`) || f.field.endsWith(`/${name}`))?.reason;
  }
}

export interface Api {
  /** the signed-in identity (null = the anonymous public) */
  readonly actAs: Participant | null;
  /** GET JSON from a participant's node (`node` = participant key). */
  get<T>(node: string, path: string): Promise<T>;
  /** POST JSON (or, for a FormData/Blob body, that body as is) to a participant's node. */
  post<T>(node: string, path: string, body: unknown): Promise<T>;
  /** GET text (CSV, HTML) from a participant's node. */
  text(node: string, path: string): Promise<string>;
}

async function problem(res: Response): Promise<ApiError> {
  const ct = res.headers.get('content-type') ?? '';
  if (ct.includes('json')) {
    const p = (await res.json().catch(() => ({}))) as { title?: string; detail?: string; errors?: FieldError[] };
    return new ApiError(res.status, p.title ?? res.statusText, p.detail ?? p.title ?? `HTTP ${res.status}`, Array.isArray(p.errors) ? p.errors : []);
  }
  return new ApiError(res.status, res.statusText, (await res.text().catch(() => '')) || `HTTP ${res.status}`);
}

/** The API as the given identity, through the console gateway at `base` (same origin by default). */
export function createApi(actAs: Participant | null, base = ''): Api {
  const headers = (extra: Record<string, string> = {}): Record<string, string> => (actAs ? { 'x-batteryloop-act-as': actAs.key, ...extra } : extra);
  const url = (node: string, path: string) => `${base}/n/${encodeURIComponent(node)}${path.startsWith('/') ? path : `/${path}`}`;
  return {
    actAs,
    async get<T>(node: string, path: string): Promise<T> {
      const res = await fetch(url(node, path), { headers: headers({ accept: 'application/json' }) });
      if (!res.ok) throw await problem(res);
      return (await res.json()) as T;
    },
    async post<T>(node: string, path: string, body: unknown): Promise<T> {
      const raw = body instanceof FormData || body instanceof Blob;
      const res = await fetch(url(node, path), {
        method: 'POST',
        headers: headers(raw ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' }),
        body: raw ? (body as BodyInit) : JSON.stringify(body),
      });
      if (!res.ok) throw await problem(res);
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
    async text(node: string, path: string): Promise<string> {
      const res = await fetch(url(node, path), { headers: headers() });
      if (!res.ok) throw await problem(res);
      return res.text();
    },
  };
}
