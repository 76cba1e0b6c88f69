/**
 * Pack model derived from a passport: the passport gives the structure (pack → modules → cells, with ids the
 * dismantlingStep events use), the chemistry and the cell format (from the part numbers, Annex XIII(2)(b)); the
 * pack-level parts, fasteners, tools, times and precedence come from a template of a typical EV pack with the
 * usual top-down teardown order: service disconnect, de-energise, lid, HV and low-voltage wiring, BMS, junction
 * box, busbars, module fixings, modules, cooling plate; at cell depth each module is opened, its cell connectors
 * cut and its cells extracted.
 *
 * The order and the split of work follow published teardowns: Wegener et al. 2015, "Disassembly of electric
 * vehicle batteries using the example of the Audi Q5 hybrid system", Procedia CIRP 23:155-160 (manual sequence,
 * screws dominating the time, cooperative robot for repetitive unscrewing); Tan et al. 2021, "A hybrid disassembly
 * framework for disassembly of electric vehicle batteries", Int. J. Energy Res. 45:8073-8082; Hellmuth et al. 2021,
 * "Assessment of the automation potential of electric vehicle battery disassembly", J. Manuf. Syst. 59:398-412
 * (robots suit unscrewing and handling, humans suit connectors, harnesses, adhesives and cutting with uncertain
 * geometry); public teardowns of the Nissan Leaf, Tesla Model 3 and Audi e-tron packs for fastener counts.
 * The seconds are order-of-magnitude work-study estimates in line with those studies, not values copied from
 * them; a dismantler with measured times supplies their own model as JSON (model.ts).
 */
import type { Passport, PackNode } from '../../../passport/index.js';
import { listCells, listModules } from '../../../passport/index.js';
import {
  PACK_MODEL_SCHEMA, type CellFormat, type Component, type DisassemblyTask, type PackModel, type TaskTime, type Tool,
} from './model.js';

/** Seconds per fastener (positioning, loosening, removing) by resource; robot positions by vision. */
const PER_SCREW = { robotS: 4, humanS: 5 };
const PER_HV_BOLT = { robotS: 8, humanS: 10 };

const timeFor = (count: number, per: { robotS: number; humanS: number }, extra = 0): TaskTime => ({
  robotS: count * per.robotS + extra,
  humanS: count * per.humanS + extra,
});

/** Cell format named in the part numbers ("Pouch cell", "Prismatic cell", ...), else the usual one for the chemistry. */
export function cellFormatOf(passport: Passport): CellFormat {
  const parts = passport.attributes.partNumbers;
  if (Array.isArray(parts)) {
    for (const p of parts) {
      const name = typeof p === 'object' && p !== null && !Array.isArray(p) ? String(p.partName ?? '').toLowerCase() : '';
      for (const f of ['pouch', 'prismatic', 'blade', 'cylindrical'] as const) if (name.includes(f)) return f;
    }
  }
  return passport.model.chemistry === 'LFP' ? 'prismatic' : 'pouch';
}

interface Builder {
  components: Component[];
  tasks: DisassemblyTask[];
}

function comp(b: Builder, id: string, kind: Component['kind'], reuseCandidate: boolean, extra: Partial<Component> = {}): string {
  b.components.push({ id, kind, reuseCandidate, ...extra });
  return id;
}

function task(b: Builder, t: Omit<DisassemblyTask, 'depth'> & { depth?: DisassemblyTask['depth'] }): string {
  b.tasks.push({ depth: 'modules', ...t });
  return t.id;
}

/** Cell extraction by format: prismatic and blade cells are gripped by vacuum; pouch and potted cylindrical cells need hands. */
function cellExtraction(format: CellFormat): { tool: Tool; time: TaskTime } {
  switch (format) {
    case 'prismatic':
    case 'blade':
      return { tool: 'vacuumGripper', time: { robotS: 12, humanS: 20 } };
    case 'pouch':
      // glued, fragile foil: peeling against the adhesive foam is dexterous work
      return { tool: 'pryTool', time: { humanS: 30 } };
    case 'cylindrical':
      // potted in the holder: uncertain geometry, no robot grasp
      return { tool: 'pryTool', time: { humanS: 15 } };
  }
}

export function packModelFromPassport(passport: Passport): PackModel {
  const root = passport.structure;
  const modules = listModules(root);
  const format = cellFormatOf(passport);
  const b: Builder = { components: [], tasks: [] };
  const P = root.id;
  const screwsLid = Math.max(16, 2 * modules.length + 12);

  comp(b, P, 'pack', false, massOf(root));
  comp(b, `${P}.msd`, 'serviceDisconnect', false);
  comp(b, `${P}.lid`, 'housingLid', false);
  comp(b, `${P}.lidSeal`, 'adhesive', false);
  comp(b, `${P}.hvCables`, 'hvConnector', false);
  comp(b, `${P}.harness`, 'wiringHarness', false);
  comp(b, `${P}.bms`, 'bms', true);
  comp(b, `${P}.junctionBox`, 'junctionBox', true);
  comp(b, `${P}.coolantHoses`, 'coolingHose', false);
  comp(b, `${P}.coolingPlate`, 'coolingPlate', false);
  comp(b, `${P}.gapFiller`, 'adhesive', false);
  comp(b, `${P}.tray`, 'housingTray', false);

  // the de-energise chain: the robot opens the service-disconnect cover, pulls the plug and verifies absence of voltage
  const msdCover = task(b, { id: `${P}.msdCover`, step: 'removeServiceCover', componentIds: [], fastener: { kind: 'screw', count: 4 }, tool: 'nutrunner', time: timeFor(4, PER_SCREW), after: [] });
  const msd = task(b, { id: `${P}.msd`, step: 'pullServiceDisconnect', componentIds: [`${P}.msd`], fastener: { kind: 'plugConnector', count: 1 }, tool: 'gripper', time: { robotS: 15, humanS: 10 }, after: [msdCover], hvExposed: true });
  const deEnergise = task(b, { id: `${P}.deEnergise`, step: 'deEnergise', componentIds: [P], tool: 'dischargeUnit', time: { robotS: 120, humanS: 90 }, after: [msd], deEnergise: true, hvExposed: true });

  const lidScrews = task(b, { id: `${P}.lidScrews`, step: 'unfastenLid', componentIds: [`${P}.lid`], fastener: { kind: 'screw', count: screwsLid }, tool: 'nutrunner', time: timeFor(screwsLid, PER_SCREW), after: [] });
  const seal = task(b, { id: `${P}.lidSeal`, step: 'cutLidSeal', componentIds: [`${P}.lidSeal`], fastener: { kind: 'adhesiveBond', count: 1 }, tool: 'cutter', time: { humanS: 150 }, after: [lidScrews] });
  const lid = task(b, { id: `${P}.lid`, step: 'removeLid', componentIds: [`${P}.lid`], tool: 'lifter', time: { robotS: 45, humanS: 60 }, after: [seal] });
  const hv = task(b, { id: `${P}.hvCables`, step: 'disconnectHighVoltage', componentIds: [`${P}.hvCables`], fastener: { kind: 'plugConnector', count: 4 }, tool: 'insulatedHandTools', time: { robotS: 80, humanS: 60 }, after: [lid, deEnergise], hvExposed: true });
  const harness = task(b, { id: `${P}.harness`, step: 'disconnectHarness', componentIds: [`${P}.harness`], fastener: { kind: 'clip', count: 2 * modules.length + 6 }, tool: 'pryTool', time: { humanS: 40 + 12 * modules.length }, after: [lid] });
  const bms = task(b, { id: `${P}.bms`, step: 'removeBms', componentIds: [`${P}.bms`], fastener: { kind: 'screw', count: 4 }, tool: 'nutrunner', time: timeFor(4, PER_SCREW, 10), after: [harness] });
  const jb = task(b, { id: `${P}.junctionBox`, step: 'removeJunctionBox', componentIds: [`${P}.junctionBox`], fastener: { kind: 'bolt', count: 6 }, tool: 'insulatedNutrunner', time: timeFor(6, PER_HV_BOLT, 15), after: [hv], hvExposed: true });
  const hoses = task(b, { id: `${P}.coolantHoses`, step: 'disconnectCoolant', componentIds: [`${P}.coolantHoses`], fastener: { kind: 'hoseClamp', count: 2 }, tool: 'hoseTool', time: { humanS: 90 }, after: [lid] });

  const moduleOut: string[] = [];
  for (const m of modules) {
    comp(b, m.id, 'module', true, massOf(m));
    comp(b, `${m.id}.busbars`, 'busbar', false, { parentId: m.id });
    comp(b, `${m.id}.bracket`, 'moduleBracket', false, { parentId: m.id });
    const busbars = task(b, { id: `${m.id}.busbars`, step: 'removeBusbars', componentIds: [`${m.id}.busbars`], fastener: { kind: 'bolt', count: 2 }, tool: 'insulatedNutrunner', time: timeFor(2, PER_HV_BOLT, 5), after: [hv], hvExposed: true });
    const bolts = task(b, { id: `${m.id}.bolts`, step: 'unfastenModule', componentIds: [`${m.id}.bracket`], fastener: { kind: 'bolt', count: 4 }, tool: 'nutrunner', time: timeFor(4, PER_SCREW), after: [lid] });
    // modules of 10-60 kg: the robot lifts them directly, the operator needs a hoist
    moduleOut.push(task(b, { id: `${m.id}.remove`, step: 'removeModule', componentIds: [m.id], tool: 'lifter', time: { robotS: 35, humanS: 75 }, after: [busbars, bolts, harness, hoses] }));
    cellTasks(b, m, format);
  }
  task(b, { id: `${P}.coolingPlate`, step: 'removeCoolingPlate', componentIds: [`${P}.coolingPlate`, `${P}.gapFiller`, `${P}.tray`], fastener: { kind: 'adhesiveBond', count: 1 }, tool: 'pryTool', time: { humanS: 180 }, after: [...moduleOut, bms, jb] });

  return {
    schema: PACK_MODEL_SCHEMA,
    packId: passport.batteryId,
    chemistry: passport.model.chemistry,
    cellFormat: format,
    source: `template (template.ts: Wegener et al. 2015; Tan et al. 2021; Hellmuth et al. 2021) applied to passport ${passport.passportId}, model ${passport.model.manufacturerModelId}`,
    components: b.components,
    tasks: b.tasks,
  };
}

function massOf(n: PackNode): Partial<Component> {
  return n.massKg !== undefined ? { massKg: n.massKg } : {};
}

/** Cell depth for one module: open its housing, cut the welded cell connectors, lift the sense board, extract cells. */
function cellTasks(b: Builder, m: PackNode, format: CellFormat): void {
  const cells = listCells(m);
  if (cells.length === 0) return;
  comp(b, `${m.id}.housing`, 'moduleHousing', false, { parentId: m.id });
  comp(b, `${m.id}.cellConnectors`, 'busbar', false, { parentId: m.id });
  comp(b, `${m.id}.senseBoard`, 'wiringHarness', false, { parentId: m.id });
  const strapped = format === 'prismatic' || format === 'blade';
  const housing = task(b, {
    id: `${m.id}.housing`, step: 'openModuleHousing', componentIds: [`${m.id}.housing`], depth: 'cells',
    // prismatic stacks are held by steel straps that are cut; pouch and cylindrical modules have screwed covers
    ...(strapped
      ? { fastener: { kind: 'rivet', count: 4 }, tool: 'cutter', time: { robotS: 30, humanS: 40 } }
      : { fastener: { kind: 'screw', count: 8 }, tool: 'nutrunner', time: timeFor(8, PER_SCREW) }),
    after: [`${m.id}.remove`],
  });
  const connectors = task(b, {
    id: `${m.id}.cellConnectors`, step: 'cutCellConnectors', componentIds: [`${m.id}.cellConnectors`], depth: 'cells',
    fastener: { kind: 'laserWeld', count: cells.length }, tool: 'laserCutter',
    time: { robotS: 10 + 3 * cells.length, humanS: 20 + 8 * cells.length }, after: [housing], hvExposed: true,
  });
  const sense = task(b, { id: `${m.id}.senseBoard`, step: 'removeSenseBoard', componentIds: [`${m.id}.senseBoard`], depth: 'cells', fastener: { kind: 'clip', count: 4 }, tool: 'pryTool', time: { humanS: 45 }, after: [housing] });
  const { tool, time } = cellExtraction(format);
  for (const c of cells) {
    comp(b, c.id, 'cell', true, { parentId: m.id, ...massOf(c) });
    task(b, { id: `${c.id}.remove`, step: 'removeCell', componentIds: [c.id], depth: 'cells', tool, time, after: [connectors, sense] });
  }
}
