/**
 * `npm run compliance:demo`: issue 7 closed on the demo dataspace of `npm start`, over HTTP between the nodes.
 * 1. The dismantler hands six returned batteries to the recycler (route execute `recycle`: waste + ownership change).
 * 2. The recycler takes them in as one batch: chemistry, mass and composition from the passports over the dataspace;
 *    outputs at the illustrative plant yields of src/compliance/core/intake-examples.ts. A batch whose cobalt output
 *    exceeds the input is refused first, and nothing of it is stored.
 * 3. The recycled events reach the passports on the manufacturer's node through the outbox; the passports close.
 * 4. The year report (JSON, CSV, HTML with charts) is written to docs/compliance-demo/, signed, and fetched by the
 *    market surveillance authority over DSP; its JWS is verified with the recycler's did:web key. A manufacturer asking
 *    for the same document is refused by the contract policy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactVerify, importJWK } from 'jose';
import { startLocalDataspace } from '../src/platform/local-dataspace.js';
import type { NodeHandle } from '../src/platform/node.js';
import { signAccessToken } from '../src/dataspace/index.js';
import { documentAssetId, DSP_BASE_PATH } from '../src/dataspace/connector/index.js';
import { exampleOutputsFor, fillIntake } from '../src/compliance/index.js';
import type { IntakeItem } from '../src/compliance/index.js';
import { repoRoot } from '../test/support/shared.js';
import { DEFAULT_FACTORS, recommend, routeInputFromPassport } from '../src/circularity/decision/index.js';
import type { Passport } from '../src/passport/index.js';

const out: string[] = [];
const say = (s = '') => {
  out.push(s);
  process.stdout.write(`${s}\n`);
};
const progress = (s: string) => process.stderr.write(`${s}\n`);

async function call<T = Record<string, unknown>>(node: NodeHandle, as: NodeHandle, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  const token = await signAccessToken({ did: as.identity.did, role: as.identity.role, privateJwk: as.identity.privateJwk, audience: node.identity.did, now: new Date() });
  const res = await fetch(`${node.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // CSV and HTML stay text
  }
  return { status: res.status, body: parsed as T, text };
}

async function main() {
  progress('starting the local dataspace (24 demo passports)…');
  const ds = await startLocalDataspace({ passports: 24, basePort: 0, config: { logLevel: 'warn' }, onProgress: (m) => progress(`  ${m}`) });
  try {
    const { manufacturer: m, dismantler: d, recycler: r, authority: a } = ds.nodes;
    const year = new Date().getUTCFullYear();
    const processedOn = new Date().toISOString().slice(0, 10);
    const candidates = [];
    for (const id of ds.passportIds) {
      const p = await m.passports.getFull(id);
      if (p.status === 'original' && !p.closed) candidates.push(p);
    }
    const chosen = [...candidates.filter((p) => p.model.chemistry === 'NMC').slice(0, 4), ...candidates.filter((p) => p.model.chemistry === 'LFP').slice(0, 2)];
    say('# Compliance report of the demo dataspace');
    say();
    say(`Measured ${new Date().toISOString()} with \`npm run compliance:demo\`; every step is an HTTP call between the nodes of the local dataspace.`);
    say();
    say(`## 1. Handover to the recycler (${chosen.length} batteries)`);
    say();
    const dsp = { providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did };
    for (const p of chosen) {
      const got = await call(d, d, 'POST', '/api/dataspace/fetch', { ...dsp, assetId: `urn:batteryloop:passport:${p.batteryId}:legitimateInterest` });
      if (got.status !== 200) throw new Error(`dismantler could not fetch ${p.batteryId}: ${got.text.slice(0, 300)}`);
      const h = await call<{ seqs: number[]; previousStatus: string }>(d, d, 'POST', '/api/circularity/route/execute', { batteryId: p.batteryId, route: 'recycle', recyclerDid: r.identity.did, recyclerName: r.name, holderUrl: m.url, holderDid: m.identity.did });
      if (h.status !== 201) throw new Error(`handover of ${p.batteryId} failed: ${h.text.slice(0, 300)}`);
      say(`- ${p.batteryId} (${p.model.chemistry}, ${p.structure.massKg ?? '?'} kg): ${h.body.previousStatus} → waste, ownership to ${r.name} (events ${h.body.seqs.join(', ')})`);
    }
    say();

    // the outputs a plant would ship for this intake, from the same passport data the recycler's node will read
    const items: IntakeItem[] = [];
    for (const [i, p] of chosen.entries()) {
      const f = fillIntake({ batteryId: p.batteryId, origin: 'post-consumer' }, p, `intake[${i}]`);
      if (!f.ok) throw new Error(JSON.stringify(f.errors));
      items.push(f.value.item);
    }
    const outputs = exampleOutputsFor(items);
    const batch = { batchId: `DEMO-${year}-001`, processedOn, facility: { name: 'Hydromet Recycling AB, Skellefteå', countryCode: 'SE' }, route: ['discharge', 'dismantling', 'mechanical-pretreatment', 'black-mass', 'hydrometallurgy'], intake: chosen.map((p) => ({ batteryId: p.batteryId, origin: 'post-consumer', holderDid: m.identity.did })) };

    say('## 2. Mass-balance checks');
    say();
    const inflated = outputs.map((o) => (o.componentsKg.Co ? { ...o, massKg: o.massKg * 1.3, inputDerivedMassKg: (o.inputDerivedMassKg ?? o.massKg) * 1.3, componentsKg: { Co: (o.componentsKg.Co ?? 0) * 1.3 } } : o));
    const bad = await call<{ detail: string; errors: { field: string; reason: string }[] }>(r, r, 'POST', '/api/compliance/batches', { ...batch, batchId: `DEMO-${year}-BAD`, outputs: inflated });
    say(`- a batch reporting 30 % more cobalt than its batteries contained: HTTP ${bad.status} — ${bad.body.detail}; fields: ${bad.body.errors?.map((e) => `${e.field} (${e.reason})`).join('; ')}`);
    const after = await call<{ items: unknown[] }>(r, r, 'GET', '/api/compliance/batches');
    say(`- batches stored after the refusal: ${after.body.items?.length ?? JSON.stringify(after.body).slice(0, 80)}`);
    const ok = await call<{ summary: Record<string, unknown>; intake: { batteryId: string; compositionBasis: string; fromPassport: string[] }[]; recycledEvents: { status: string }[] }>(r, r, 'POST', '/api/compliance/batches', { ...batch, outputs });
    if (ok.status !== 201) throw new Error(`batch refused: ${ok.text.slice(0, 600)}`);
    const sm = ok.body.summary as { inputKg: number; recycledKg: number; efficiencyPct: number | null; efficiencyStatus: string; recoveryPct: Record<string, number | null>; lots: string[] };
    say(`- the balanced batch ${batch.batchId}: HTTP 201; input ${sm.inputKg.toFixed(1)} kg, recycled ${sm.recycledKg.toFixed(1)} kg; ${outputs.length} output fractions; filled from the passports: ${ok.body.intake.map((i) => `${i.batteryId} ${i.fromPassport.join('+')} (${i.compositionBasis})`).join(', ')}`);
    say();

    progress('waiting for the recycled events to reach the passports…');
    let events: { status: string; batteryId: string; seq: number | null }[] = [];
    for (let t = 0; t < 60; t++) {
      events = (await call<{ recycledEvents: typeof events }>(r, r, 'GET', `/api/compliance/batches/${batch.batchId}`)).body.recycledEvents;
      if (events.every((e) => e.status === 'delivered')) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    say('## 3. Recycled events and closed passports');
    say();
    for (const e of events) {
      const p = await m.passports.getFull(e.batteryId);
      say(`- ${e.batteryId}: recycled event ${e.status}${e.seq !== null ? ` (seq ${e.seq})` : ''}; passport status ${p.status}, ${p.closed ? 'closed' : 'OPEN'}`);
    }
    say();

    say(`## 4. Year report ${year}`);
    say();
    const dir = join(repoRoot, 'docs', 'compliance-demo');
    mkdirSync(dir, { recursive: true });
    const json = await call<{ compliance: { rows: { metric: string; subject: string; inputKg: number; outputKg: number; valuePct: number | null; targetPct: number | null; status: string; nextTargetPct: number | null; nextAppliesFrom: string | null; legalRef: string }[] } }>(r, a, 'GET', `/api/compliance/reports/year/${year}?format=json`);
    const html = await call(r, a, 'GET', `/api/compliance/reports/year/${year}?format=html`);
    const csv = await call(r, a, 'GET', `/api/compliance/reports/year/${year}?format=csv`);
    writeFileSync(join(dir, `report-${year}.html`), html.text);
    writeFileSync(join(dir, `report-${year}.csv`), csv.text);
    writeFileSync(join(dir, `report-${year}.json`), `${JSON.stringify(json.body, null, 2)}\n`);
    say('| metric | subject | in kg | out kg | value | target now | status | next target | legal reference |');
    say('|---|---|---|---|---|---|---|---|---|');
    for (const row of json.body.compliance?.rows ?? []) say(`| ${row.metric} | ${row.subject} | ${row.inputKg.toFixed(2)} | ${row.outputKg.toFixed(2)} | ${row.valuePct === null ? '–' : `${row.valuePct.toFixed(1)} %`} | ${row.targetPct === null ? '–' : `${row.targetPct} %`} | ${row.status} | ${row.nextTargetPct === null ? '–' : `${row.nextTargetPct} % from ${row.nextAppliesFrom}`} | ${row.legalRef} |`);
    say();
    say(`Files: docs/compliance-demo/report-${year}.{html,csv,json} (read by the authority's participant token; HTML ${html.text.length} bytes with ${(html.text.match(/<svg/g) ?? []).length} charts).`);
    say();

    say('## 5. Signed and shared with the authority over DSP');
    say();
    const signed = await call<{ id: string; jws: string }>(r, r, 'POST', '/api/compliance/reports/sign', { kind: 'year', key: String(year) });
    if (signed.status !== 201) throw new Error(`sign failed: ${signed.text}`);
    const recDsp = { providerUrl: `${r.url}${DSP_BASE_PATH}`, providerDid: r.identity.did, assetId: documentAssetId(signed.body.id) };
    const fetched = await call<{ data: { jws: string; report: unknown } }>(a, a, 'POST', '/api/dataspace/fetch', recDsp);
    if (fetched.status !== 200) throw new Error(`authority fetch failed: ${fetched.text.slice(0, 400)}`);
    const key = await importJWK(r.identity.publicJwk as never, 'EdDSA');
    const v = await compactVerify(fetched.body.data.jws, key);
    const payload = JSON.parse(new TextDecoder().decode(v.payload)) as { reportId: string; kind: string; key: string };
    say(`- report ${signed.body.id} signed by ${r.identity.did} (EdDSA, header ${JSON.stringify(v.protectedHeader)}); the authority negotiated, transferred and verified it: payload ${payload.kind} ${payload.key}, reportId ${payload.reportId === signed.body.id ? 'matches' : 'DIFFERS'}`);
    const refused = await call<{ detail?: string; title?: string }>(m, m, 'POST', '/api/dataspace/fetch', recDsp);
    say(`- the manufacturer asking for the same document: HTTP ${refused.status} — ${refused.body.detail ?? refused.body.title ?? refused.text.slice(0, 200)}`);
    await modelSection(chosen[0], r, a);
    writeFileSync(join(dir, 'README.md'), `${out.join('\n')}\n`);
    progress('wrote docs/compliance-demo/');
  } finally {
    await ds.close();
  }
}

/**
 * Art. 8 and Art. 7 for the model of the first recycled battery: the recovered Co, Ni and Li lots allocated to it as
 * post-consumer recycled content next to its primary supply, its footprint by life-cycle stage from its passport
 * (attributes 19-23), and the CO2 each end-of-life route avoids (decision engine, sourced factors).
 */
async function modelSection(p: Passport, r: NodeHandle, a: NodeHandle) {
  const modelId = p.model.manufacturerModelId;
  say(`## 6. Battery model ${modelId}: recycled content, carbon footprint, CO₂ avoided`);
  say();
  type Lot = { lotId: string; element: string; compound: string; elementMassKg: number; allocatedKg?: number };
  const lots = (await call<{ items: Lot[] }>(r, r, 'GET', '/api/compliance/lots')).body.items;
  say(`Material lots from batch DEMO: ${lots.map((l) => `${l.lotId} (${l.compound}, ${l.elementMassKg.toFixed(2)} kg ${l.element})`).join('; ')}.`);
  say();
  for (const l of lots.filter((x) => ['Co', 'Ni', 'Li'].includes(x.element))) {
    const al = await call(r, r, 'POST', `/api/compliance/lots/${encodeURIComponent(l.lotId)}/allocations`, { modelId, elementMassKg: l.elementMassKg });
    if (al.status !== 201 && al.status !== 200) throw new Error(`allocation of ${l.lotId}: ${al.text.slice(0, 300)}`);
  }
  const over = lots.find((x) => x.element === 'Co');
  if (over) {
    const again = await call<{ detail: string }>(r, r, 'POST', `/api/compliance/lots/${encodeURIComponent(over.lotId)}/allocations`, { modelId, elementMassKg: 0.001 });
    say(`- allocating 1 g more of ${over.lotId} than it holds: HTTP ${again.status} — ${again.body.detail}`);
  }
  // the model's primary supply for the same production run (illustrative: a run of 100 packs of this model)
  const primary = [{ element: 'Co', elementMassKg: 560 }, { element: 'Ni', elementMassKg: 1650 }, { element: 'Li', elementMassKg: 520 }];
  const at = p.attributes as Record<string, number | undefined>;
  const lifetimeEnergyKWh = (at.certifiedUsableEnergy ?? 0) * (at.expectedLifetimeCycles ?? 0);
  const perKWh = at.carbonFootprintPerFunctionalUnit ?? 0;
  const total = perKWh * lifetimeEnergyKWh;
  const stages: [string, string][] = [['raw-material-acquisition-and-pre-processing', 'carbonFootprintRawMaterialShare'], ['main-product-production', 'carbonFootprintProductionShare'], ['distribution', 'carbonFootprintDistributionShare'], ['end-of-life-and-recycling', 'carbonFootprintEndOfLifeShare']];
  const contributions = stages.map(([stage, key]) => ({ stage, description: `${key} × total`, kgCO2e: Math.round(total * ((at[key] ?? 0) / 100) * 10) / 10, source: `passport ${p.passportId}: ${key} (${at[key]} %) × carbonFootprintPerFunctionalUnit ${perKWh} kgCO2e/kWh × certifiedUsableEnergy × expectedLifetimeCycles` }));
  const body = { modelId, placedOnMarketOn: new Date().toISOString().slice(0, 10), primary, footprint: { lifetimeEnergyKWh, contributions } };
  const doc = await call<{ recycledContent: { element: string; totalKg: number; postConsumerKg: number; postConsumerPct: number | null; assessment: { status: string; nextTarget?: { valuePct: number; appliesFrom: string } | null }; recycledLots: { lotId: string }[] }[]; footprint: { totalKgCO2e: number; perKWh: number; byStage: { stage: string; kgCO2e: number; perKWh: number; sharePct: number }[] } | null; performanceClass: { label: string | null; note: string } | null }>(r, a, 'POST', '/api/compliance/reports/model?format=json', body);
  if (doc.status !== 200) throw new Error(`model report: ${doc.text.slice(0, 400)}`);
  const html = await call(r, a, 'POST', '/api/compliance/reports/model?format=html', body);
  writeFileSync(join(repoRoot, 'docs', 'compliance-demo', `model-${modelId.replace(/[^A-Za-z0-9._-]/g, '_')}.html`), html.text);
  say();
  say('| element | total kg | post-consumer recycled kg | share | Art. 8 status | traced to lots |');
  say('|---|---|---|---|---|---|');
  for (const c of doc.body.recycledContent) say(`| ${c.element} | ${c.totalKg.toFixed(2)} | ${c.postConsumerKg.toFixed(2)} | ${c.postConsumerPct === null ? '–' : `${c.postConsumerPct.toFixed(2)} %`} | ${c.assessment.status} | ${c.recycledLots.map((l) => l.lotId).join(', ') || '–'} |`);
  say();
  const f = doc.body.footprint;
  if (f) {
    say(`Carbon footprint (Art. 7, from the passport): ${f.totalKgCO2e.toFixed(0)} kg CO₂e over ${lifetimeEnergyKWh.toFixed(0)} kWh = ${f.perKWh.toFixed(2)} kg CO₂e/kWh; ${f.byStage.map((s) => `${s.stage} ${s.perKWh.toFixed(2)} (${s.sharePct.toFixed(1)} %)`).join(', ')}. Performance class: ${doc.body.performanceClass?.label ?? 'none'} — ${doc.body.performanceClass?.note ?? 'class thresholds are not adopted yet (Art. 7(2) delegated act)'}.`);
    say();
  }
  const rec = recommend(routeInputFromPassport(p, { decisionDate: new Date().toISOString().slice(0, 10) }, DEFAULT_FACTORS), DEFAULT_FACTORS, { whatIf: false });
  say(`CO₂ avoided per end-of-life route for ${p.batteryId} against a new battery / primary materials (decision engine, factors as of ${DEFAULT_FACTORS.asOf}, each with its source in the route's contributions):`);
  say();
  say('| route | feasible | CO₂ avoided kg | net value € |');
  say('|---|---|---|---|');
  for (const e of rec.evaluations) say(`| ${e.route} | ${e.feasible ? 'yes' : `no (${e.exclusions[0] ?? ''})`} | ${e.co2AvoidedKg.toFixed(0)} | ${e.netValueEur.toFixed(0)} |`);
  say();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
