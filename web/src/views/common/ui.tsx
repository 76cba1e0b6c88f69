/**
 * Form and status building blocks the views share: a labelled field whose API error sits right under it
 * (ApiError.fieldReason), a progress line for requests that take a while, and an error note for what no field claims.
 */
import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api.js';
import './views.css';

/** The reason the API gave for one request field, if the error is an API error naming it. */
export function fieldError(err: unknown, ...names: string[]): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  for (const n of names) {
    const r = err.fieldReason(n);
    if (r) return r;
  }
  return undefined;
}

/** A field path in one spelling: "body.outputs[3].componentsKg.Ni", "/outputs/3/…" → "outputs.3.componentsKg.Ni". */
export function normField(f: string): string {
  return f
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\.+/, '')
    .replace(/^(body|params|querystring)(\.|$)/, '');
}

/** Field errors whose path starts with `prefix` (e.g. "outputs.3" or "intake/0"), for rows of a table form. */
export function fieldErrorsUnder(err: unknown, prefix: string): string[] {
  if (!(err instanceof ApiError)) return [];
  const norm = normField;
  const want = norm(prefix);
  return err.fields.filter((f) => norm(f.field) === want || norm(f.field).startsWith(`${want}.`)).map((f) => `${norm(f.field)}: ${f.reason}`);
}

export interface FieldIds {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/** A label, the control (render prop gets the ids to wire), an optional hint and the API's reason for this field. */
export function Field(p: { label: ReactNode; hint?: ReactNode; error?: string; children: (ids: FieldIds) => ReactNode; className?: string; testId?: string }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const describedBy = [p.hint ? hintId : null, p.error ? errId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`bl-field${p.error ? ' bl-field-invalid' : ''}${p.className ? ` ${p.className}` : ''}`} data-testid={p.testId}>
      <label htmlFor={id}>{p.label}</label>
      {p.children({ id, 'aria-describedby': describedBy, ...(p.error ? { 'aria-invalid': true as const } : {}) })}
      {p.hint ? (
        <span id={hintId} className="bl-hint">
          {p.hint}
        </span>
      ) : null}
      {p.error ? (
        <span id={errId} className="bl-field-error" role="alert" data-testid={p.testId ? `${p.testId}-error` : undefined}>
          {p.error}
        </span>
      ) : null}
    </div>
  );
}

/** A running request: an indeterminate (or stepped) progress bar with what is happening, announced politely. */
export function Busy(p: { label: string | null; step?: number; steps?: number; testId?: string }) {
  if (!p.label) return null;
  return (
    <div className="bl-busy" role="status" aria-live="polite" data-testid={p.testId ?? 'busy'}>
      {p.steps ? <progress max={p.steps} value={p.step ?? 0} aria-label={p.label} /> : <progress aria-label={p.label} />}
      <span>{p.label}</span>
    </div>
  );
}

/** The error of a request: its message and the field reasons no form field shows (`claimed` lists those shown). */
export function ErrorNote(p: { error: unknown; claimed?: string[]; testId?: string }) {
  if (!p.error) return null;
  const e = p.error;
  const claimed = p.claimed ?? [];
  const isClaimed = (field: string) => {
    const f = normField(field);
    return claimed.some((c) => {
      const n = normField(c);
      return f === n || f.endsWith(`.${n}`) || f.startsWith(`${n}.`);
    });
  };
  const rest = e instanceof ApiError ? e.fields.filter((f) => !isClaimed(f.field)) : [];
  const title = e instanceof ApiError ? `${e.title} (${e.status})` : 'Error';
  const msg = e instanceof Error ? e.message : String(e);
  return (
    <div className="bl-error" role="alert" data-testid={p.testId ?? 'error'}>
      <strong>{title}:</strong> {msg}
      {rest.length ? (
        <ul>
          {rest.map((f) => (
            <li key={`${f.field}:${f.reason}`}>
              <code>{f.field}</code>: {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * One request at a time with its label for the progress line, its error and its result. `run` returns the result
 * (or undefined when it failed); a newer run makes the result of an older one be ignored.
 */
export function useRequest<T>() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<T | undefined>(undefined);
  const seq = useRef(0);
  const run = useCallback(async (label: string, fn: (progress: (label: string) => void) => Promise<T>): Promise<T | undefined> => {
    const mine = ++seq.current;
    setBusy(label);
    setError(null);
    try {
      const r = await fn((l) => {
        if (seq.current === mine) setBusy(l);
      });
      if (seq.current === mine) setResult(r);
      return r;
    } catch (e) {
      if (seq.current === mine) setError(e);
      return undefined;
    } finally {
      if (seq.current === mine) setBusy(null);
    }
  }, []);
  const reset = useCallback(() => {
    seq.current++;
    setBusy(null);
    setError(null);
    setResult(undefined);
  }, []);
  return { busy, error, result, run, reset, setResult };
}

/** A definition list row. */
export function Stat(p: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="bl-stat">
      <dt>{p.label}</dt>
      <dd data-testid={p.testId}>{p.children}</dd>
    </div>
  );
}

/** A text badge whose colours are its own (contrast does not depend on the page theme). */
export function Badge(p: { tone: 'human' | 'robot' | 'ok' | 'warn' | 'bad' | 'info'; children: ReactNode; testId?: string }) {
  return (
    <span className={`bl-badge bl-badge-${p.tone}`} data-testid={p.testId}>
      {p.children}
    </span>
  );
}
