/**
 * IDTA-02035-6 Material Composition (`io.admin-shell.idta.batterypass.material_composition` 1.0.1):
 * chemistry (#31), critical raw materials (#32), cathode/anode/electrolyte materials (#33), hazardous
 * substances (#34) and their impacts (#35); Annex XIII(1)(b), (2)(a).
 *
 * - Critical raw materials become `BatteryMaterials` entries without a location (the element itself,
 *   identified by CAS number, `IsCriticalRawMaterial: true`); located entries are the #33 materials.
 * - Upstream has no mass fraction; the importer derives it from the material mass and the battery
 *   mass (2 decimals), which is how the fraction is defined.
 * - `HazardousSubstanceClass` knows three GHS classes. Other classes, the CLP hazard statements and the
 *   impact text of #35 go to `HazardousSubstanceImpact` ("impact statements based on, e.g., REACH or GHS
 *   for all hazard classes"): one string per H statement, a "GHS hazard class: ..." statement when the
 *   class has no enumeration value, and the impact text.
 */
import type { Built, ExportContext, JsonObject } from './values.js';
import { Requirements, compact } from './values.js';
import type { ImportState } from './import-state.js';
import type { Obj, Reader } from './reader.js';

/** CAS registry numbers of the elements/minerals in catalogue CRITICAL_RAW_MATERIALS (CRMA Annex II). */
const CRM: Readonly<Record<string, { name: string; cas: string }>> = {
  aluminium: { name: 'Aluminium', cas: '7429-90-5' },
  antimony: { name: 'Antimony', cas: '7440-36-0' },
  boron: { name: 'Boron', cas: '7440-42-8' },
  cobalt: { name: 'Cobalt', cas: '7440-48-4' },
  copper: { name: 'Copper', cas: '7440-50-8' },
  fluorspar: { name: 'Fluorspar', cas: '14542-23-5' },
  lithium: { name: 'Lithium', cas: '7439-93-2' },
  magnesium: { name: 'Magnesium', cas: '7439-95-4' },
  manganese: { name: 'Manganese', cas: '7439-96-5' },
  naturalGraphite: { name: 'Natural graphite', cas: '7782-42-5' },
  nickel: { name: 'Nickel', cas: '7440-02-0' },
  niobium: { name: 'Niobium', cas: '7440-03-1' },
  phosphorus: { name: 'Phosphorus', cas: '7723-14-0' },
  siliconMetal: { name: 'Silicon metal', cas: '7440-21-3' },
  titanium: { name: 'Titanium', cas: '7440-32-6' },
  vanadium: { name: 'Vanadium', cas: '7440-62-2' },
};
const CRM_BY_CAS = new Map(Object.entries(CRM).map(([key, v]) => [v.cas, key]));

/** Catalogue hazard class → upstream HazardousSubstanceClass value, where one exists. */
const CLASS_TO_IDTA: Readonly<Record<string, string>> = {
  acuteToxicity: 'AcuteToxicity',
  skinCorrosionOrIrritation: 'SkinCorrosionOrIrritation',
  eyeDamageOrIrritation: 'EyeDamageOrIrritation',
};
const IDTA_TO_CLASS = new Map(Object.entries(CLASS_TO_IDTA).map(([ours, theirs]) => [theirs, ours]));
/** CLP/GHS hazard class names for classes the enumeration lacks. */
const GHS_CLASS_NAMES: Readonly<Record<string, string>> = {
  respiratoryOrSkinSensitisation: 'Respiratory or skin sensitisation',
  carcinogenicity: 'Carcinogenicity',
  reproductiveToxicity: 'Reproductive toxicity',
  specificTargetOrganToxicity: 'Specific target organ toxicity',
  aquaticHazard: 'Hazardous to the aquatic environment',
  flammability: 'Flammability',
};
const GHS_PREFIX = 'GHS hazard class: ';
const CLASS_BY_GHS_NAME = new Map(Object.entries(GHS_CLASS_NAMES).map(([ours, name]) => [name, ours]));
const CAS = /^\d{2,7}-\d{2}-\d$/;
const H_STATEMENT = /^(EU)?H\d{3}[A-Za-z]{0,2}$/;

interface Material {
  component: string;
  materialName: string;
  casNumber?: string;
  massKg: number;
  /** Absent only on import when the battery mass is unknown. */
  massFractionPercent?: number;
  isCriticalRawMaterial: boolean;
}
interface Hazard {
  substanceName: string;
  casNumber?: string;
  hazardClass: string;
  concentrationPercent: number;
  location: { component: string; componentId?: string };
}
interface Impact {
  substanceName: string;
  hazardStatements: string[];
  impact: string;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function buildMaterialComposition(ctx: ExportContext, notes: string[]): Built {
  const { attrs } = ctx;
  const req = new Requirements();
  const chem = req.need('BatteryChemistry ← batteryChemistry', attrs.obj<{ shortName: string; clearName: string }>('batteryChemistry'));
  const materials = attrs.list<Material>('batteryMaterials') ?? [];
  const crms = attrs.list<string>('criticalRawMaterials') ?? [];
  const hazards = attrs.list<Hazard>('hazardousSubstances') ?? [];
  const impacts = attrs.list<Impact>('substanceImpacts') ?? [];

  return req.result(() => {
    const out: JsonObject[] = [];
    for (const m of materials) {
      // BatteryMaterialIdentifier (CAS) is required upstream; the catalogue makes it optional.
      if (m.casNumber === undefined) {
        notes.push(`batteryMaterials: "${m.materialName}" has no CAS number, which IDTA-02035-6 requires; not exported`);
        continue;
      }
      out.push({
        BatteryMaterialLocation: { ComponentName: capitalise(m.component) },
        BatteryMaterialIdentifier: m.casNumber,
        BatteryMaterialName: m.materialName,
        BatteryMaterialMass: m.massKg,
        IsCriticalRawMaterial: m.isCriticalRawMaterial,
      });
    }
    for (const key of crms) {
      const crm = CRM[key];
      out.push({ BatteryMaterialLocation: {}, BatteryMaterialIdentifier: crm.cas, BatteryMaterialName: crm.name, IsCriticalRawMaterial: true });
    }

    const used = new Set<string>();
    const substances: JsonObject[] = [];
    for (const h of hazards) {
      if (h.casNumber === undefined) {
        notes.push(`hazardousSubstances: "${h.substanceName}" has no CAS number, which IDTA-02035-6 requires; not exported`);
        continue;
      }
      const impact = impacts.find((i) => i.substanceName === h.substanceName);
      const statements: string[] = [];
      const upstreamClass = CLASS_TO_IDTA[h.hazardClass];
      if (upstreamClass === undefined) statements.push(`${GHS_PREFIX}${GHS_CLASS_NAMES[h.hazardClass]}`);
      if (impact) {
        used.add(impact.substanceName);
        statements.push(...impact.hazardStatements, impact.impact);
      }
      substances.push(
        compact({
          HazardousSubstanceClass: upstreamClass,
          HazardousSubstanceName: h.substanceName,
          HazardousSubstanceIdentifier: h.casNumber,
          HazardousSubstanceConcentration: h.concentrationPercent,
          HazardousSubstanceImpact: statements.length > 0 ? statements : undefined,
          HazardousSubstanceLocation: compact({ ComponentName: capitalise(h.location.component), ComponentId: h.location.componentId }),
        }),
      );
    }
    for (const i of impacts) {
      if (!used.has(i.substanceName)) notes.push(`substanceImpacts: "${i.substanceName}" is not an exported hazardous substance; not exported`);
    }
    const c = chem as { shortName: string; clearName: string };
    return { BatteryChemistry: { ShortName: c.shortName, ClearName: c.clearName }, BatteryMaterials: out, HazardousSubstances: substances };
  });
}

function readCas(o: Obj, key: string): string {
  const cas = o.str(key);
  if (!CAS.test(cas)) o.r.fail(o.at(key), `expected a CAS registry number such as 7439-93-2, got ${JSON.stringify(cas)}`);
  return cas;
}

export function readMaterialComposition(r: Reader, content: unknown, state: ImportState): void {
  const root = r.root(content);
  const chem = root.obj('BatteryChemistry');
  state.set('batteryChemistry', { shortName: chem.str('ShortName'), clearName: chem.str('ClearName') }, chem);

  const batteryMass = state.attributes.batteryMass as number | undefined;
  const derivable = batteryMass !== undefined && batteryMass > 0;
  const materials: Material[] = [];
  const crms: string[] = [];
  for (const m of root.list('BatteryMaterials')) {
    const component = m.obj('BatteryMaterialLocation').optStr('ComponentName');
    const cas = readCas(m, 'BatteryMaterialIdentifier');
    const name = m.str('BatteryMaterialName');
    const critical = m.bool('IsCriticalRawMaterial');
    if (component === undefined) {
      const crm = CRM_BY_CAS.get(cas);
      if (crm !== undefined && critical) crms.push(crm);
      else r.warn(m.path, `material "${name}" without location is not a known critical raw material; ignored`);
      continue;
    }
    const mass = m.optNum('BatteryMaterialMass');
    if (mass === undefined) {
      r.warn(m.at('BatteryMaterialMass'), `material "${name}" has no mass, which the catalogue requires; ignored`);
      continue;
    }
    materials.push({
      component: component.toLowerCase(),
      materialName: name,
      casNumber: cas,
      massKg: mass,
      massFractionPercent: derivable ? Math.round((mass / (batteryMass as number)) * 10000) / 100 : undefined,
      isCriticalRawMaterial: critical,
    });
  }
  if (materials.length > 0) {
    state.set('batteryMaterials', materials.map((x) => compact({ ...x })), root, 'BatteryMaterials');
    if (!derivable) state.partial.set('batteryMaterials', 'no battery mass (IDTA-02035-4 BatteryMass) to derive the mass fractions from');
  }
  state.set('criticalRawMaterials', crms, root, 'BatteryMaterials');

  const hazards: Hazard[] = [];
  const impacts: Impact[] = [];
  for (const h of root.list('HazardousSubstances')) {
    const name = h.str('HazardousSubstanceName');
    const texts = h.optStrings('HazardousSubstanceImpact') ?? [];
    const ghs = texts.filter((t) => t.startsWith(GHS_PREFIX)).map((t) => CLASS_BY_GHS_NAME.get(t.slice(GHS_PREFIX.length)));
    const upstream = h.optStr('HazardousSubstanceClass');
    if (upstream !== undefined && !IDTA_TO_CLASS.has(upstream)) {
      r.fail(h.at('HazardousSubstanceClass'), `must be one of ${[...IDTA_TO_CLASS.keys()].join(', ')}; got ${JSON.stringify(upstream)}`);
    }
    const hazardClass = upstream !== undefined ? IDTA_TO_CLASS.get(upstream) : ghs.find((c) => c !== undefined);
    const statements = texts.filter((t) => H_STATEMENT.test(t));
    const prose = texts.filter((t) => !t.startsWith(GHS_PREFIX) && !H_STATEMENT.test(t));
    if (statements.length > 0 && prose.length > 0) impacts.push({ substanceName: name, hazardStatements: statements, impact: prose.join(' ') });
    else if (texts.length > 0 && (statements.length > 0 || prose.length > 0)) {
      r.warn(h.at('HazardousSubstanceImpact'), 'impact needs both hazard statements and a description; not imported');
    }
    const concentration = h.optNum('HazardousSubstanceConcentration');
    const where = h.optObj('HazardousSubstanceLocation');
    const component = where?.optStr('ComponentName');
    if (hazardClass === undefined || concentration === undefined || component === undefined || where === undefined) {
      r.warn(h.path, `hazardous substance "${name}" lacks a hazard class, concentration or location, which the catalogue requires; ignored`);
      continue;
    }
    hazards.push({
      substanceName: name,
      casNumber: readCas(h, 'HazardousSubstanceIdentifier'),
      hazardClass,
      concentrationPercent: concentration,
      location: compact({ component: component.toLowerCase(), componentId: where.optStr('ComponentId') }) as Hazard['location'],
    });
  }
  state.set('hazardousSubstances', hazards as unknown as JsonObject[], root, 'HazardousSubstances');
  state.set('substanceImpacts', impacts as unknown as JsonObject[], root, 'HazardousSubstances');
}
