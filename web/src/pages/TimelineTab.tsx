/**
 * The battery's lifecycle across all participants: every signed event in chain order with its author and the result
 * of verifying the chain on the holder's node (signature by the author's did:web key, hash, link, authoring rule).
 * Events before the first bad one are verified; the first bad one is broken, with the reason; later ones cannot be
 * trusted, because each event commits to everything before it.
 */
import { ApiError } from '../api.js';
import type { ChainVerification, HistoryEvent } from '../model.js';
import { formatValue, formatWhen, humanise } from '../format.js';
import { ROLE_LABEL, nameOfDid, useSession } from '../session.js';
import { useAsync } from '../ui/async.js';
import { ErrorAlert, Progress } from '../ui/feedback.js';

type Signature = 'verified' | 'broken' | 'unverified';

const PROBLEM: Record<string, string> = {
  altered: 'altered after signing',
  reordered: 'out of order',
  removed: 'an event before it is missing',
  wrongKey: "not signed with the author's key",
  badSignature: 'signature does not verify',
  unknownAuthor: 'author unknown to the holder',
  notPermitted: "author's role may not write this event",
};

export function signatureOf(v: ChainVerification, position: number): Signature {
  if (v.ok) return 'verified';
  if (position < v.firstBad.position) return 'verified';
  return position === v.firstBad.position ? 'broken' : 'unverified';
}

export function TimelineTab({ holder, batteryId }: { holder: string; batteryId: string }) {
  const { api, me, participants } = useSession();
  const id = encodeURIComponent(batteryId);
  const data = useAsync(async () => {
    const [events, verification] = await Promise.all([
      me ? api.get<{ items: HistoryEvent[] }>(holder, `/api/passports/${id}/events?limit=5000`).then((r) => r.items) : Promise.resolve(null),
      api.get<ChainVerification>(holder, `/api/passports/${id}/events/verify`),
    ]);
    return { events, verification };
  }, [api, holder, batteryId, me?.key]);
  if (data.loading) return <Progress label="Reading and verifying the signed history…" />;
  if (data.error) {
    const e = data.error;
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return <p className="note">{e.message}</p>;
    return <ErrorAlert error={e} title="The history could not be read" />;
  }
  const { events, verification: v } = data.data!;
  return (
    <div>
      <div className={v.ok ? 'chain ok' : 'chain bad'} data-chain={v.ok ? 'verified' : 'broken'}>
        {v.ok ? (
          <p>
            <strong>Chain verified:</strong> {v.length} signed event{v.length === 1 ? '' : 's'}, every signature, hash and link checked by the holder's node.
          </p>
        ) : (
          <p>
            <strong>Chain broken at event {v.firstBad.seq}</strong> ({PROBLEM[v.firstBad.problem] ?? v.firstBad.problem}): {v.firstBad.detail}. The {v.verifiedLength} event
            {v.verifiedLength === 1 ? '' : 's'} before it verify.
          </p>
        )}
      </div>
      {events === null ? (
        <p className="note">The events themselves carry legitimate-interest data: sign in as a participant to read them.</p>
      ) : (
        <ol className="timeline" aria-label="Lifecycle events">
          {events.map((e, i) => {
            const sig = signatureOf(v, i);
            return (
              <li key={e.eventId} data-seq={e.seq} data-signature={sig} className={`event ev-${sig}`}>
                <div className="event-head">
                  <span className="seq">#{e.seq}</span> <strong>{humanise(e.type)}</strong> <time dateTime={e.occurredAt}>{formatWhen(e.occurredAt)}</time>
                </div>
                <div className="event-meta">
                  by {nameOfDid(participants, e.author.did)} ({ROLE_LABEL[e.author.role] ?? e.author.role}) ·{' '}
                  <span className={`sig sig-${sig}`}>
                    {sig === 'verified' ? '✓ signature verified' : sig === 'broken' ? `✗ broken: ${v.ok ? '' : PROBLEM[v.firstBad.problem] ?? v.firstBad.problem}` : '? not verified (after the break)'}
                  </span>
                </div>
                <details>
                  <summary>Details</summary>
                  {formatValue(e.payload)}
                  <p className="hash">
                    Author {e.author.did} · hash <code>{e.hash.slice(0, 16)}…</code>
                  </p>
                </details>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
