/**
 * Feedback every view shares: an alert region for errors that concern no single field (role="alert", read out by
 * screen readers when it appears), a progress indicator for long operations (role="status"), and a form field that
 * shows the API's reason for that field next to its input (RFC 9457 `errors[]`, see api.ts).
 */
import { useId, type ReactNode } from 'react';
import { ApiError } from '../api.js';

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return `${e.message}${e.status ? ` (HTTP ${e.status})` : ''}`;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Errors not shown beside a field. `fields` lists the fields a form shows itself, so their reasons are not repeated. */
export function ErrorAlert({ error, fields = [], title }: { error: unknown; fields?: string[]; title?: string }) {
  if (!error) return null;
  const own = error instanceof ApiError ? error.fields.filter((f) => !fields.some((n) => f.field === n || f.field.endsWith(`.${n}`))) : [];
  const allShown = error instanceof ApiError && error.fields.length > 0 && own.length === 0;
  if (allShown) return null;
  return (
    <div role="alert" className="alert">
      {title ? <strong>{title}: </strong> : null}
      {errorText(error)}
      {own.length > 0 ? (
        <ul>
          {own.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code>: {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Progress({ label, value, max }: { label: string; value?: number; max?: number }) {
  return (
    <div role="status" className="progress" aria-live="polite">
      {value !== undefined && max !== undefined ? <progress value={value} max={max} aria-label={label} /> : <span className="spinner" aria-hidden="true" />}
      <span>{label}</span>
    </div>
  );
}

/** A labelled input with the API's reason for this field underneath, tied to it by aria-describedby. */
export function Field({ label, error, name, children, hint }: { label: string; name: string; error?: unknown; hint?: string; children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; name: string }) => ReactNode }) {
  const id = useId();
  const reason = error instanceof ApiError ? error.fieldReason(name) : undefined;
  const described = [reason ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${reason ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, name, 'aria-describedby': described, 'aria-invalid': reason ? true : undefined })}
      {hint ? (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      ) : null}
      {reason ? (
        <small id={`${id}-err`} className="field-error" data-field-error={name}>
          {reason}
        </small>
      ) : null}
    </div>
  );
}
