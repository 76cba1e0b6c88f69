/**
 * Deterministic demo passports: realistic NMC and LFP EV packs with every one of the 93 catalogue
 * attributes filled in and a full pack → module → cell tree. Pure: the clock (`now`) and the seed are
 * inputs, randomness comes from an internal seeded generator.
 */
import { demoCatenaXProfile } from './demo/catenax-profile.js';
import type { AttributeValue, Participant, Passport } from './types.js';
import { PACK_DESIGNS, buildStructure } from './demo/designs.js';
import { individualData } from './demo/individual-data.js';
import { type ModelFacts, modelData } from './demo/model-data.js';
import { Rng, hash32 } from './demo/prng.js';

export interface DemoOptions {
  count: number;
  seed: number;
  /** ISO 8601 time the demo data is "as of"; all generated times lie before it. */
  now: string;
  /** Economic operator issuing the passports (Art. 77(4)). */
  issuer: Participant;
}

export { PACK_DESIGNS } from './demo/designs.js';

export function generateDemoPassports(opts: DemoOptions): Passport[] {
  const nowMs = Date.parse(opts.now);
  if (!Number.isFinite(nowMs)) throw new RangeError(`demo 'now' is not an ISO 8601 time: ${opts.now}`);
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new RangeError(`demo count must be a non-negative integer, got ${opts.count}`);

  // Model-level data depends only on seed and design, so batteries of one model share it.
  const models = new Map<string, { attributes: Record<string, AttributeValue>; facts: ModelFacts }>();
  const modelFor = (i: number) => {
    const design = PACK_DESIGNS[i];
    let m = models.get(design.modelId);
    if (!m) {
      m = modelData(design, opts.issuer, new Rng(opts.seed ^ hash32(design.modelId)));
      models.set(design.modelId, m);
    }
    return m;
  };

  const rng = new Rng(opts.seed);
  const passports: Passport[] = [];
  for (let n = 0; n < opts.count; n++) {
    // Roughly 60 % NMC and 40 % LFP, as in today's European EV fleet mix.
    const nmc = PACK_DESIGNS.map((d, i) => ({ d, i })).filter((x) => x.d.chemistry === 'NMC');
    const lfp = PACK_DESIGNS.map((d, i) => ({ d, i })).filter((x) => x.d.chemistry === 'LFP');
    const { d: design, i: designIndex } = rng.chance(0.6) ? rng.pick(nmc) : rng.pick(lfp);
    const model = modelFor(designIndex);

    const passportId = `urn:uuid:${rng.uuid()}`;
    const stem = `${rng.base32(6)}${String(n).padStart(4, '0')}`;
    const batteryId = `BL-${design.chemistry}-${stem}`;
    const individual = individualData({ design, facts: model.facts, rng, nowMs, passportId, batteryId });
    const structure = buildStructure(design, rng, stem);

    passports.push({
      schemaVersion: 'batteryloop.passport/1',
      passportId,
      batteryId,
      status: 'original',
      closed: false,
      successorPassportIds: [],
      issuer: { ...opts.issuer },
      model: { manufacturerModelId: design.modelId, chemistry: design.chemistry },
      attributes: { ...structuredClone(model.attributes), ...individual.attributes },
      attributeUpdatedAt: individual.updatedAt,
      structure,
      profiles: { catenax: demoCatenaXProfile({ chemistry: design.chemistry, manufacturingDate: String(individual.attributes.manufacturingDate), designIndex }) },
      createdAt: individual.createdAt,
      updatedAt: individual.updatedAtLatest,
      version: 1,
    });
  }
  return passports;
}
