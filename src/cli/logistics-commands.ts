/**
 * `batteryloop logistics …`: dangerous-goods classification of a battery for road carriage (ADR 2025) and the
 * collection-to-hub assignment of the demo returns network, central vs decentral. Offline, pure core.
 */
import type { Command } from 'commander';
import {
  CENTRAL_SCENARIO, CONTEXTS, DECENTRAL_SCENARIO, DEMO_COLLECTION_POINTS, DEMO_HUBS, LOGISTICS_COSTS, NEGATIVE_EVENTS,
  PACKING_OPTIONS, PURPOSES, checkPackingChoice, classifyBattery, compareScenarios, formatComparisonTable, solveAssignment,
  type AssignmentResult, type BatteryNegativeEvent, type PackagingContext, type PackingOption, type TransportPurpose,
} from '../circularity/logistics/core/index.js';
import { CliError, say } from './io.js';

interface ClassifyOptions {
  sos: string;
  driver: string;
  events?: string;
  massKg: string;
  energyWh?: string;
  inVehicle?: boolean;
  inEquipment?: boolean;
  packedWithEquipment?: boolean;
  purpose: string;
  notDiagnosed?: boolean;
  prototype?: boolean;
  notRemovable?: boolean;
  packing?: string;
}

function number(name: string, v: string, min: number, max: number): number {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x < min || x > max) throw new CliError(`${name} must be a number in [${min}, ${max}], got ${JSON.stringify(v)}`);
  return x;
}

function oneOf<T extends string>(name: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) throw new CliError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

export function classifyFromOptions(o: ClassifyOptions) {
  const flags = [o.inVehicle && 'inVehicle', o.inEquipment && 'containedInEquipment', o.packedWithEquipment && 'packedWithEquipment'].filter(Boolean) as PackagingContext[];
  if (flags.length > 1) throw new CliError('choose at most one of --in-vehicle, --in-equipment, --packed-with-equipment');
  const events = (o.events ?? '').split(',').map((e) => e.trim()).filter(Boolean).map((e) => oneOf<BatteryNegativeEvent>('--events', e, NEGATIVE_EVENTS));
  const classification = classifyBattery({
    stateOfSafety: number('--sos', o.sos, 0, 1),
    sosDriver: o.driver,
    negativeEvents: events,
    massKg: number('--mass-kg', o.massKg, 0.001, 100_000),
    energyWh: o.energyWh === undefined ? undefined : number('--energy-wh', o.energyWh, 0, 10_000_000),
    context: flags[0] ?? (CONTEXTS[0] as PackagingContext),
    purpose: oneOf<TransportPurpose>('--purpose', o.purpose, PURPOSES),
    diagnosed: o.notDiagnosed ? false : undefined,
    prototype: o.prototype,
    removableFromVehicle: o.notRemovable ? false : undefined,
  });
  const packingCheck = o.packing === undefined ? undefined : checkPackingChoice(classification, oneOf<PackingOption>('--packing', o.packing, PACKING_OPTIONS));
  return { classification, packingCheck };
}

function scenarioLines(r: AssignmentResult): string[] {
  const name = (id: string) => DEMO_COLLECTION_POINTS.find((p) => p.id === id)?.name ?? DEMO_HUBS.find((h) => h.id === id)?.name ?? id;
  const lines = [`scenario ${r.scenario}:`];
  for (const h of r.hubs) {
    lines.push(`  ${name(h.hubId)}: ${h.batteries}/${h.capacity} batteries (${h.critical} critical), fixed ${h.fixedEur} €`);
    for (const l of r.lanes.filter((x) => x.hubId === h.hubId)) {
      lines.push(`    ← ${name(l.pointId).padEnd(28)} ${l.status.padEnd(18)} ${String(l.batteries).padStart(4)} × ${l.roadKm.toFixed(0).padStart(4)} km  ${(l.variableEur * l.batteries).toFixed(0).padStart(7)} €  ${(l.co2eKg * l.batteries).toFixed(0).padStart(6)} kg CO2e`);
    }
  }
  for (const u of r.unassigned) lines.push(`  UNASSIGNED ${u.batteries} ${u.status} at ${name(u.pointId)}: ${u.reason}`);
  return lines;
}

export function registerLogisticsCommands(program: Command): void {
  const lg = program.command('logistics').description('reverse logistics: dangerous-goods classification (ADR 2025) and collection-to-hub assignment');
  lg.command('classify')
    .description('UN number, status (SP 376), special provisions and allowed packing instructions of a battery, as JSON')
    .requiredOption('--sos <score>', 'State of Safety 0–1 from the twin')
    .option('--driver <factor>', 'sub-factor driving the State of Safety (e.g. temperatureRise, negativeEvents)', 'none')
    .option('--events <list>', `comma-separated negative events: ${NEGATIVE_EVENTS.join(', ')}`)
    .requiredOption('--mass-kg <kg>', 'battery mass')
    .option('--energy-wh <wh>', 'battery energy (for SP 188)')
    .option('--in-vehicle', 'battery installed in a vehicle carried as a load')
    .option('--in-equipment', 'battery contained in equipment')
    .option('--packed-with-equipment', 'battery packed with equipment')
    .option('--purpose <purpose>', PURPOSES.join(' | '), 'recycling')
    .option('--not-diagnosed', 'battery could not be diagnosed before carriage')
    .option('--prototype', 'pre-production prototype or production run ≤ 100 (SP 310)')
    .option('--not-removable', 'the battery cannot be removed safely from the vehicle (SP 667 (b))')
    .option('--packing <instruction>', `check a packing choice: ${PACKING_OPTIONS.join(', ')}; exit code 2 when refused`)
    .action((o: ClassifyOptions) => {
      const { classification, packingCheck } = classifyFromOptions(o);
      say(JSON.stringify(packingCheck ? { classification, packingCheck } : classification, null, 2));
      if (packingCheck && !packingCheck.ok) process.exitCode = 2;
    });
  lg.command('assign')
    .description('assign the demo collection points to hubs by min-cost flow and compare central vs decentral processing')
    .option('--scenario <name>', 'central | decentral | both', 'both')
    .option('--json', 'print the full results as JSON')
    .action((o: { scenario: string; json?: boolean }) => {
      const which = oneOf('--scenario', o.scenario, ['central', 'decentral', 'both'] as const);
      const scenarios = which === 'both' ? [CENTRAL_SCENARIO, DECENTRAL_SCENARIO] : [which === 'central' ? CENTRAL_SCENARIO : DECENTRAL_SCENARIO];
      const results = scenarios.map((s) => solveAssignment(DEMO_COLLECTION_POINTS, DEMO_HUBS, s, LOGISTICS_COSTS));
      const rows = compareScenarios(results);
      if (o.json) {
        say(JSON.stringify({ config: LOGISTICS_COSTS, results, comparison: rows }, null, 2));
        return;
      }
      for (const r of results) say(scenarioLines(r).join('\n'));
      say('');
      say(formatComparisonTable(rows));
      say(`\ncosts and emission factors as of ${LOGISTICS_COSTS.asOf} (src/circularity/logistics/core/config.ts): ${LOGISTICS_COSTS.kgCo2ePerTkm} kg CO2e/t·km collection, ${LOGISTICS_COSTS.onward.kgCo2ePerTkm} onward (GLEC Framework v3, ISO 14083); road factor ${LOGISTICS_COSTS.roadFactor}; critical batteries ≤ ${LOGISTICS_COSTS.maxCriticalRoadKm} km`);
    });
}
