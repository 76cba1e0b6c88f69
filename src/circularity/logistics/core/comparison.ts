/**
 * Central vs decentral processing side by side: cost (transport, handling, onward, fixed) and transport CO₂e, plus
 * the batteries a scenario cannot move (licences, critical distance limit, capacity). Per-battery figures divide by
 * the batteries actually assigned, so a scenario that leaves critical batteries behind is flagged, not flattered.
 */
import type { AssignmentResult, Totals } from './assignment.js';

export interface ComparisonRow extends Totals {
  scenario: string;
  openSites: number;
  eurPerBattery: number;
  co2eKgPerBattery: number;
}

export function compareScenarios(results: readonly AssignmentResult[]): ComparisonRow[] {
  return results.map((r) => ({
    scenario: r.scenario,
    openSites: r.hubs.length,
    ...r.totals,
    eurPerBattery: r.totals.batteries ? r.totals.totalEur / r.totals.batteries : 0,
    co2eKgPerBattery: r.totals.batteries ? r.totals.co2eKg / r.totals.batteries : 0,
  }));
}

const COLUMNS: [string, (r: ComparisonRow) => string][] = [
  ['scenario', (r) => r.scenario],
  ['sites', (r) => String(r.openSites)],
  ['batteries', (r) => String(r.batteries)],
  ['unassigned', (r) => String(r.unassigned)],
  ['collection t·km', (r) => r.collectionTkm.toFixed(0)],
  ['onward t·km', (r) => r.onwardTkm.toFixed(0)],
  ['CO2e t', (r) => (r.co2eKg / 1000).toFixed(2)],
  ['transport €', (r) => r.transportEur.toFixed(0)],
  ['handling €', (r) => r.handlingEur.toFixed(0)],
  ['onward €', (r) => r.onwardEur.toFixed(0)],
  ['fixed €', (r) => r.fixedEur.toFixed(0)],
  ['total €', (r) => r.totalEur.toFixed(0)],
  ['€/battery', (r) => r.eurPerBattery.toFixed(1)],
  ['kg CO2e/battery', (r) => r.co2eKgPerBattery.toFixed(2)],
];

/** Plain-text table, one row per scenario, right-aligned numbers. */
export function formatComparisonTable(rows: readonly ComparisonRow[]): string {
  const cells = [COLUMNS.map(([h]) => h), ...rows.map((r) => COLUMNS.map(([, f]) => f(r)))];
  const widths = COLUMNS.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  return cells.map((row) => row.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ')).join('\n');
}
