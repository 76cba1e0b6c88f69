/** The passport as the signed-in role may see it, by attribute group, each attribute with its Annex XIII tier. */
import type { Api } from '../api.js';
import { TIER_LABEL, type Catalogue, type Passport, type Tier } from '../model.js';
import { formatValue, formatWhen } from '../format.js';
import { useSession } from '../session.js';
import { useAsync } from '../ui/async.js';
import { ErrorAlert, Progress } from '../ui/feedback.js';

let catalogue: Promise<Catalogue> | null = null;

/** The catalogue is the same on every node (the 93 attributes of Battery Pass v1.2 / DIN DKE SPEC 99100). */
export function loadCatalogue(api: Api, node: string): Promise<Catalogue> {
  catalogue ??= api.get<Catalogue>(node, '/api/catalogue').catch((e: unknown) => {
    catalogue = null;
    throw e;
  });
  return catalogue;
}

export function TierBadge({ tier }: { tier: Tier }) {
  return (
    <span className={`tier tier-${tier}`} data-tier={tier}>
      {TIER_LABEL[tier]}
    </span>
  );
}

export function PassportTab({ passport, holder }: { passport: Passport; holder: string }) {
  const { api } = useSession();
  const cat = useAsync(() => loadCatalogue(api, holder), [api, holder]);
  if (cat.loading) return <Progress label="Loading the attribute catalogue…" />;
  if (!cat.data) return <ErrorAlert error={cat.error} title="The attribute catalogue could not be read" />;
  const defs = cat.data.attributes;
  const shown = defs.filter((d) => Object.hasOwn(passport.attributes, d.key));
  const tiers = [...new Set(shown.map((d) => d.tier))];
  return (
    <div>
      <p className="note" data-visible-count={shown.length}>
        You see {shown.length} of {defs.length} attributes, from the tiers: {tiers.map((t) => TIER_LABEL[t]).join(', ') || 'none'}.
      </p>
      {cat.data.groups.map((g) => {
        const rows = shown.filter((d) => d.group === g.key).sort((a, b) => a.number - b.number);
        if (rows.length === 0) return null;
        return (
          <section key={g.key} aria-labelledby={`grp-${g.key}`} className="group">
            <h2 id={`grp-${g.key}`}>{g.label}</h2>
            <div className="table-wrap">
              <table className="attrs">
                <thead>
                  <tr>
                    <th scope="col">Attribute</th>
                    <th scope="col">Value</th>
                    <th scope="col">Tier</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => (
                    <tr key={d.key} data-attr-key={d.key} data-attr-tier={d.tier}>
                      <th scope="row">
                        <span title={d.description}>{d.name}</span>
                        <small className="muted">
                          {' '}#{d.number} · {d.regulationRef}
                          {passport.attributeUpdatedAt[d.key] ? ` · updated ${formatWhen(passport.attributeUpdatedAt[d.key])}` : ''}
                        </small>
                      </th>
                      <td>{formatValue(passport.attributes[d.key], d.unit)}</td>
                      <td>
                        <TierBadge tier={d.tier} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
