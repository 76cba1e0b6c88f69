/**
 * Rates and tool-change times of a dismantling cell: one operator and (optionally) one robot. Dated and editable:
 * a dismantler passes their own `CellConfig` (the CLI reads one from --config). Every default carries its source
 * or the arithmetic behind it.
 */

export interface CellConfig {
  /** ISO date the figures below were last checked. */
  asOf: string;
  /** Fully loaded hourly cost of an operator trained for high-voltage work. */
  labourEurPerH: number;
  /** Hourly cost of the robot cell (depreciation, maintenance, energy). */
  robotEurPerH: number;
  /** Seconds the robot needs to swap end effectors via its automatic tool changer. */
  robotToolChangeS: number;
  /** Seconds an operator needs to put one tool away and pick up another. */
  humanToolChangeS: number;
  sources: Record<string, string>;
}

export const DEFAULT_CELL_CONFIG: CellConfig = {
  asOf: '2024-05-31',
  labourEurPerH: 41.3,
  robotEurPerH: 17,
  robotToolChangeS: 8,
  humanToolChangeS: 15,
  sources: {
    labourEurPerH:
      'Eurostat, hourly labour costs 2023, Germany, whole economy excl. agriculture and public administration (news release 29 Mar 2024, table lc_lci_lev): EUR 41.3/h',
    robotEurPerH:
      'Derived: EUR 200k robot cell with tool changer and safety fencing, straight-line over 5 years at 3,600 h/year (two shifts) = EUR 11.1/h, ' +
      'maintenance 10 %/year = EUR 5.6/h, energy about EUR 0.3/h (1.5 kW mean draw at EUR 0.20/kWh)',
    robotToolChangeS:
      'Automatic tool changers lock in about 1-2 s; travel to and from the tool rack dominates. 8 s is the cell-level swap assumed for EV-battery ' +
      'disassembly cells (cf. Hellmuth et al. 2021, J. Manuf. Syst. 59:398-412, automation potential of EV battery disassembly)',
    humanToolChangeS: 'Work-study estimate for putting one hand tool down and picking up another at the bench (MTM-style reach-grasp-move, 10-20 s)',
  },
};

/** Cost of a plan: every resource present in the cell is paid for the whole makespan (it cannot serve another pack meanwhile). */
export function planCostEur(makespanS: number, robotPresent: boolean, cfg: CellConfig): { labourEur: number; robotEur: number; totalEur: number } {
  const labourEur = (makespanS / 3600) * cfg.labourEurPerH;
  const robotEur = robotPresent ? (makespanS / 3600) * cfg.robotEurPerH : 0;
  return { labourEur, robotEur, totalEur: labourEur + robotEur };
}

/** Checks an edited config and names the field at fault. */
export function validateCellConfig(input: unknown): { ok: true; config: CellConfig } | { ok: false; errors: { field: string; reason: string }[] } {
  const errors: { field: string; reason: string }[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: [{ field: '', reason: 'expected a JSON object' }] };
  const o = input as Record<string, unknown>;
  const merged = { ...DEFAULT_CELL_CONFIG, ...o, sources: { ...DEFAULT_CELL_CONFIG.sources, ...(o.sources as object | undefined) } } as Record<string, unknown>;
  if (typeof merged.asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(merged.asOf)) errors.push({ field: 'asOf', reason: 'expected an ISO date YYYY-MM-DD' });
  for (const [f, max] of [['labourEurPerH', 1000], ['robotEurPerH', 1000], ['robotToolChangeS', 600], ['humanToolChangeS', 600]] as const) {
    const v = merged[f];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) errors.push({ field: f, reason: `expected a number between 0 and ${max}` });
  }
  for (const k of Object.keys(o)) if (!(k in DEFAULT_CELL_CONFIG)) errors.push({ field: k, reason: 'unknown field' });
  return errors.length ? { ok: false, errors } : { ok: true, config: merged as unknown as CellConfig };
}
