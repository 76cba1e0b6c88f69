/**
 * The batch form's rows as text and back (pure): output components are typed as "Ni=73; Co=24.5", numbers may be
 * left empty where the node fills them from the passport (intake mass and chemistry), and a batch JSON file (as
 * `batteryloop compliance example` writes it, one batch or a list) fills the form.
 */
import { COMPONENTS, FATES, type BatchInput, type IntakeInput, type OutputFraction } from './types.js';

export interface IntakeRow {
  batteryId: string;
  chemistry: string;
  massKg: string;
  origin: 'post-consumer' | 'pre-consumer';
}

export interface OutputRow {
  fractionId: string;
  name: string;
  massKg: string;
  inputDerivedMassKg: string;
  components: string;
  fate: (typeof FATES)[number];
  downstreamRecycledShare: string;
}

export interface FormState {
  batchId: string;
  processedOn: string;
  facilityName: string;
  countryCode: string;
  route: string[];
  intake: IntakeRow[];
  outputs: OutputRow[];
}

export class FormError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** "Ni=73; Co=24.5" → { Ni: 73, Co: 24.5 }; unknown components and non-numbers are errors naming the row. */
export function parseComponents(text: string, field: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(/[;,\n]/).map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z]+)\s*[=:]\s*([-+]?[\d.]+(?:e[-+]?\d+)?)\s*(kg)?$/i.exec(part);
    if (!m) throw new FormError(field, `"${part}" is not component=kg`);
    const name = (COMPONENTS as readonly string[]).find((c) => c.toLowerCase() === m[1].toLowerCase());
    if (!name) throw new FormError(field, `unknown component ${m[1]} (known: ${COMPONENTS.join(', ')})`);
    const kg = Number(m[2]);
    if (!Number.isFinite(kg) || kg < 0) throw new FormError(field, `${name}: ${m[2]} is not a mass ≥ 0`);
    out[name] = (out[name] ?? 0) + kg;
  }
  return out;
}

export const formatComponents = (c: Record<string, number> | undefined): string =>
  Object.entries(c ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

const optNum = (s: string, field: string): number | undefined => {
  if (s.trim() === '') return undefined;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new FormError(field, `${s} is not a number`);
  return v;
};

/**
 * The request body; throws FormError for what can be told before sending. `holderDid` names the node holding the
 * batteries' passports when it is not the recycler's own, so the node can fetch them over the dataspace.
 */
export function toBatchInput(f: FormState, holderDid?: string): BatchInput {
  const intake: IntakeInput[] = f.intake.map((r, i) => {
    const massKg = optNum(r.massKg, `intake.${i}.massKg`);
    return { batteryId: r.batteryId.trim(), origin: r.origin, ...(r.chemistry ? { chemistry: r.chemistry } : {}), ...(massKg !== undefined ? { massKg } : {}), ...(holderDid ? { holderDid } : {}) };
  });
  const outputs: OutputFraction[] = f.outputs.map((r, i) => {
    const massKg = optNum(r.massKg, `outputs.${i}.massKg`);
    if (massKg === undefined) throw new FormError(`outputs.${i}.massKg`, 'the output mass is required');
    const derived = optNum(r.inputDerivedMassKg, `outputs.${i}.inputDerivedMassKg`);
    const share = r.fate === 'sent-on' ? optNum(r.downstreamRecycledShare, `outputs.${i}.downstreamRecycledShare`) : undefined;
    return {
      fractionId: r.fractionId.trim(),
      name: r.name.trim(),
      massKg,
      ...(derived !== undefined ? { inputDerivedMassKg: derived } : {}),
      componentsKg: parseComponents(r.components, `outputs.${i}.componentsKg`),
      fate: r.fate,
      ...(share !== undefined ? { downstreamRecycledShare: share } : {}),
    };
  });
  return { batchId: f.batchId.trim(), processedOn: f.processedOn, facility: { name: f.facilityName.trim(), countryCode: f.countryCode.trim().toUpperCase() }, route: f.route, intake, outputs };
}

/** A batch JSON (one batch, or the first of a list) into the form; the facility stays as typed when absent. */
export function fromBatchJson(json: unknown, current: FormState): FormState {
  const b = (Array.isArray(json) ? json[0] : json) as Partial<BatchInput> & { batches?: unknown[] };
  const src = (b && Array.isArray(b.batches) ? b.batches[0] : b) as Partial<BatchInput> | undefined;
  if (!src || typeof src !== 'object' || !Array.isArray(src.intake) || !Array.isArray(src.outputs)) throw new FormError('file', 'not a recycler batch: intake and outputs lists are missing');
  return {
    batchId: typeof src.batchId === 'string' ? src.batchId : current.batchId,
    processedOn: typeof src.processedOn === 'string' ? src.processedOn : current.processedOn,
    facilityName: src.facility?.name ?? current.facilityName,
    countryCode: src.facility?.countryCode ?? current.countryCode,
    route: Array.isArray(src.route) ? src.route.map(String) : current.route,
    intake: src.intake.map((i) => ({ batteryId: String(i.batteryId ?? ''), chemistry: i.chemistry ?? '', massKg: i.massKg === undefined ? '' : String(i.massKg), origin: i.origin === 'pre-consumer' ? 'pre-consumer' : 'post-consumer' })),
    outputs: src.outputs.map((o) => ({
      fractionId: String(o.fractionId ?? ''),
      name: String(o.name ?? ''),
      massKg: o.massKg === undefined ? '' : String(o.massKg),
      inputDerivedMassKg: o.inputDerivedMassKg === undefined ? '' : String(o.inputDerivedMassKg),
      components: formatComponents(o.componentsKg),
      fate: (FATES as readonly string[]).includes(o.fate as string) ? (o.fate as OutputRow['fate']) : 'recycled',
      downstreamRecycledShare: o.downstreamRecycledShare === undefined ? '' : String(o.downstreamRecycledShare),
    })),
  };
}
