/**
 * Pack model for disassembly planning: the components of a pack, the fasteners that hold them and the tasks
 * (with tools, times per resource and precedence) that take it apart. The JSON form (`schema:
 * 'batteryloop.packModel/1'`) lets a dismantler supply the model of a pack they know better than our template;
 * `validatePackModel` (validate-model.ts) checks it and names the offending field.
 */

export const PACK_MODEL_SCHEMA = 'batteryloop.packModel/1' as const;

export const COMPONENT_KINDS = [
  'pack', 'housingLid', 'housingTray', 'serviceDisconnect', 'hvConnector', 'junctionBox', 'busbar', 'bms', 'wiringHarness',
  'coolingPlate', 'coolingHose', 'adhesive', 'moduleBracket', 'module', 'moduleHousing', 'cell', 'other',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export const CELL_FORMATS = ['pouch', 'prismatic', 'blade', 'cylindrical'] as const;
export type CellFormat = (typeof CELL_FORMATS)[number];

export const FASTENER_KINDS = ['screw', 'bolt', 'nut', 'clip', 'plugConnector', 'adhesiveBond', 'laserWeld', 'rivet', 'hoseClamp'] as const;
export type FastenerKind = (typeof FASTENER_KINDS)[number];

/**
 * Tools a task needs. One tool per task; a resource switching tools pays the change time of costs.ts.
 * `insulated*` tools are rated for work near high voltage (IEC 60900).
 */
export const TOOLS = [
  'dischargeUnit', 'insulatedNutrunner', 'nutrunner', 'insulatedHandTools', 'gripper', 'vacuumGripper', 'lifter',
  'pryTool', 'cutter', 'laserCutter', 'hoseTool', 'heatGun',
] as const;
export type Tool = (typeof TOOLS)[number];

/** Target depth: 'modules' stops once modules are out of the tray, 'cells' also takes the modules apart. */
export type Depth = 'modules' | 'cells';

export interface Component {
  /** Unique in the model; for modules and cells it is the PackNode id of the passport structure. */
  id: string;
  kind: ComponentKind;
  /** Enclosing component (e.g. the module of a cell), if any. */
  parentId?: string;
  massKg?: number;
  /** Candidates for reuse or remanufacturing when found intact (modules, cells, BMS, junction box). */
  reuseCandidate: boolean;
}

export interface Fastener {
  kind: FastenerKind;
  count: number;
}

export interface TaskTime {
  /** Seconds a human operator needs; absent when the task is not given to humans. */
  humanS?: number;
  /** Seconds the robot needs; absent when the robot cannot do it (dexterity, uncertain geometry). */
  robotS?: number;
}

export interface DisassemblyTask {
  id: string;
  /** Step verb in camelCase (e.g. removeLid, removeModule), the `step` of the dismantlingStep event. */
  step: string;
  /** Components the task removes, disconnects or frees. */
  componentIds: string[];
  fastener?: Fastener;
  tool: Tool;
  time: TaskTime;
  /** Ids of tasks that must finish before this one starts. */
  after: string[];
  /** Shallowest depth at which the task is needed: 'modules' tasks are always done, 'cells' tasks only at cell depth. */
  depth: Depth;
  /** True for the task after which the pack is de-energised (discharged, service disconnect open, absence of voltage verified). */
  deEnergise?: boolean;
  /** Exposed to high voltage (before de-energising, or touching live-capable busbars). */
  hvExposed?: boolean;
}

export interface PackModel {
  schema: typeof PACK_MODEL_SCHEMA;
  /** Free text naming the pack (model id or battery id). */
  packId: string;
  chemistry: string;
  cellFormat: CellFormat;
  /** Where the numbers came from (template citation or the dismantler's own measurements). */
  source: string;
  components: Component[];
  tasks: DisassemblyTask[];
}
