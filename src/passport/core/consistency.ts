/**
 * Cross-attribute plausibility checks that single-value bounds cannot express. They run only on
 * values that are individually valid, so a wrong type is reported once, not twice.
 */
import type { AttributeError } from './errors.js';

const SHARE_TOLERANCE_PERCENT = 0.5;

function num(attrs: Record<string, unknown>, key: string): number | undefined {
  const v = attrs[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** `valid` names the attributes that passed their own type check. */
export function checkConsistency(attrs: Record<string, unknown>, valid: ReadonlySet<string>): AttributeError[] {
  const errors: AttributeError[] = [];
  const get = (key: string) => (valid.has(key) ? num(attrs, key) : undefined);

  // Annex XIII(1)(h): the operating window must contain the nominal voltage.
  const vMin = get('minimumVoltage');
  const vNom = get('nominalVoltage');
  const vMax = get('maximumVoltage');
  if (vMin !== undefined && vMax !== undefined && vMin >= vMax) {
    errors.push({ attribute: 'minimumVoltage', reason: `minimum voltage ${vMin} V must be below the maximum voltage ${vMax} V` });
  }
  if (vNom !== undefined && vMin !== undefined && vNom < vMin) {
    errors.push({ attribute: 'nominalVoltage', reason: `nominal voltage ${vNom} V is below the minimum voltage ${vMin} V` });
  }
  if (vNom !== undefined && vMax !== undefined && vNom > vMax) {
    errors.push({ attribute: 'nominalVoltage', reason: `nominal voltage ${vNom} V is above the maximum voltage ${vMax} V` });
  }

  // Annex XIII(1)(l): idle temperature range.
  const tLow = get('idleTemperatureLowerBoundary');
  const tHigh = get('idleTemperatureUpperBoundary');
  if (tLow !== undefined && tHigh !== undefined && tLow >= tHigh) {
    errors.push({
      attribute: 'idleTemperatureLowerBoundary',
      reason: `lower boundary ${tLow} degC must be below the upper boundary ${tHigh} degC`,
    });
  }

  // Art. 7(1)(c): the four life-cycle stage shares describe the whole footprint, so they add up to 100 %.
  const stageKeys = [
    'carbonFootprintRawMaterialShare',
    'carbonFootprintProductionShare',
    'carbonFootprintDistributionShare',
    'carbonFootprintEndOfLifeShare',
  ];
  const shares = stageKeys.map(get);
  if (shares.every((s) => s !== undefined)) {
    const sum = (shares as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 100) > SHARE_TOLERANCE_PERCENT) {
      errors.push({
        attribute: 'carbonFootprintRawMaterialShare',
        reason: `life-cycle stage shares add up to ${Math.round(sum * 100) / 100} %, expected 100 % (±${SHARE_TOLERANCE_PERCENT})`,
      });
    }
  }

  // Observed temperatures must be ordered.
  if (valid.has('temperatureInformation')) {
    const t = attrs.temperatureInformation as { currentDegC: number; minimumDegC: number; maximumDegC: number };
    if (t.minimumDegC > t.maximumDegC) {
      errors.push({ attribute: 'temperatureInformation.minimumDegC', reason: 'recorded minimum is above the recorded maximum' });
    } else if (t.currentDegC < t.minimumDegC || t.currentDegC > t.maximumDegC) {
      errors.push({ attribute: 'temperatureInformation.currentDegC', reason: 'current temperature lies outside the recorded minimum and maximum' });
    }
  }

  // Remaining values cannot exceed the rated ones (Annex VII Part A: state of health ≤ 100 %).
  const pairs: [string, string, string][] = [
    ['remainingCapacity', 'ratedCapacity', 'Ah'],
    ['remainingUsableEnergy', 'certifiedUsableEnergy', 'kWh'],
  ];
  for (const [rest, rated, unit] of pairs) {
    const r = get(rest);
    const c = get(rated);
    if (r !== undefined && c !== undefined && r > c * 1.05) {
      errors.push({ attribute: rest, reason: `${r} ${unit} exceeds the rated value ${c} ${unit} by more than 5 %` });
    }
  }
  return errors;
}
