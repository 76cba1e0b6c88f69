/** Choose a demo identity of the local dataspace, or go on as the anonymous public (public tier only). */
import { ROLE_LABEL, useSession } from '../session.js';

export function SignIn({ onDone }: { onDone: () => void }) {
  const { participants, signIn, me } = useSession();
  const choose = (key: string | null) => {
    signIn(key);
    onDone();
  };
  return (
    <section aria-labelledby="signin-h" className="signin">
      <h1 id="signin-h">Sign in to the local dataspace</h1>
      <p>
        Pick a demo participant. The console then calls every node as that participant, and each node shows exactly what that role may see
        (Regulation (EU) 2023/1542, Art. 77(2) and Annex XIII).
      </p>
      <ul className="identities" aria-label="Demo identities">
        {participants.map((p) => (
          <li key={p.key}>
            <button type="button" className={me?.key === p.key ? 'identity current' : 'identity'} onClick={() => choose(p.key)} data-identity={p.key} aria-pressed={me?.key === p.key}>
              <span className="identity-name">{p.name}</span>
              <span className="identity-role">{p.key === 'dataspaceAuthority' ? 'Dataspace authority and registry' : ROLE_LABEL[p.role] ?? p.role}</span>
              <span className="identity-did">{p.did}</span>
            </button>
          </li>
        ))}
        <li>
          <button type="button" className={me === null ? 'identity current' : 'identity'} onClick={() => choose(null)} data-identity="public" aria-pressed={me === null}>
            <span className="identity-name">Continue as the public</span>
            <span className="identity-role">Anyone scanning a battery's QR code: public tier only</span>
          </button>
        </li>
      </ul>
    </section>
  );
}
