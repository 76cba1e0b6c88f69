/**
 * Module-level plan for the recommended pack route: which modules stay in the pack and where the others go. Mixed
 * packs (a few weak modules among healthy ones) get "keep these, replace those" with each removed module's own route.
 */
import { modulesToReplace } from './economics.js';
import type { ModuleEvaluation } from './evaluate.js';
import type { DecisionFactors } from './factors.js';
import type { Route, RouteInput } from './types.js';
import { packUnit } from './unit.js';

export interface ModulePlanEntry {
  moduleId: string;
  action: 'keep' | 'replace' | 'repurpose' | 'recycle';
  /** Where the module goes when it leaves the pack. */
  destination: Route | null;
  reason: string;
}

export interface ModulePlan {
  entries: ModulePlanEntry[];
  summary: string;
}

const pct = (v: number) => `${v.toFixed(1)} %`;

export function modulePlan(route: Route | null, x: RouteInput, moduleEvals: readonly ModuleEvaluation[], f: DecisionFactors): ModulePlan {
  const byId = new Map(moduleEvals.map((m) => [m.moduleId, m]));
  const exitOf = (id: string): Route | null => {
    const ev = byId.get(id);
    if (!ev) return null;
    // A module leaving a pack goes to second life or recycling; re-use as a spare needs a matching pack.
    const exits = ev.evaluations.filter((e) => e.feasible && e.route !== 'reuse' && e.route !== 'remanufacture');
    exits.sort((a, b) => b.scoreEur - a.scoreEur);
    return exits[0]?.route ?? null;
  };
  const describe = (id: string) => {
    const ev = byId.get(id);
    return ev ? `SoH ${pct(ev.sohPct)} (low ${pct(ev.sohLowPct)}), resistance +${ev.resistanceIncreasePct.toFixed(0)} %` : '';
  };
  let entries: ModulePlanEntry[];
  if (route === 'reuse') {
    entries = x.modules.map((m) => ({ moduleId: m.id, action: 'keep', destination: 'reuse', reason: `pack re-used as is; ${describe(m.id)}` }));
  } else if (route === 'remanufacture') {
    const out = new Set(modulesToReplace(packUnit(x), f).map((m) => m.id));
    entries = x.modules.map((m) =>
      out.has(m.id)
        ? { moduleId: m.id, action: 'replace', destination: exitOf(m.id), reason: `below re-use threshold ${f.thresholds.reuseMinSohPct.value} % or resistance outlier; ${describe(m.id)}` }
        : { moduleId: m.id, action: 'keep', destination: 'remanufacture', reason: `healthy; ${describe(m.id)}` },
    );
  } else if (route === 'repurpose') {
    entries = x.modules.map((m) => {
      const ok = byId.get(m.id)?.evaluations.find((e) => e.route === 'repurpose')?.feasible ?? false;
      if (ok) return { moduleId: m.id, action: 'repurpose', destination: 'repurpose', reason: `fit for second life; ${describe(m.id)}` };
      const exit = exitOf(m.id);
      return { moduleId: m.id, action: 'recycle', destination: exit, reason: `below second-life threshold ${f.thresholds.repurposeMinSohPct.value} %; ${describe(m.id)}` };
    });
  } else {
    entries = x.modules.map((m) => ({ moduleId: m.id, action: 'recycle', destination: route, reason: `whole pack recycled; ${describe(m.id)}` }));
  }
  return { entries, summary: summarise(entries) };
}

function summarise(entries: readonly ModulePlanEntry[]): string {
  if (entries.length === 0) return 'no module-level data';
  const groups = new Map<string, string[]>();
  for (const e of entries) {
    const k = e.action === 'replace' ? `replace → ${e.destination ?? 'no feasible exit'}` : e.action;
    groups.set(k, [...(groups.get(k) ?? []), e.moduleId]);
  }
  return [...groups].map(([k, ids]) => `${k}: ${ids.join(', ')}`).join('; ');
}
