/**
 * The compliance service on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): intake completed
 * from passports, refusals that leave nothing behind, the recycled-event outbox, lot allocation, recycled content,
 * reports and signed reports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactVerify, importJWK } from 'jose';
import { testBackends } from '../../test/support/db.js';
import { migrate, type Db } from '../platform/db.js';
import { HttpProblem } from '../platform/errors.js';
import { generateDemoPassports, type Passport } from '../passport/index.js';
import { validateEventPayload } from '../history/index.js';
import { generateEd25519KeyPair, signCompactJws } from '../dataspace/index.js';
import { complianceMigrations } from './adapters/migrations.js';
import { ComplianceService, SIGNED_REPORT_TYPE, type AppendOutcome, type BatchInput, type RecycledDraft } from './service.js';
import { exampleOutputsFor } from './core/intake-examples.js';
import { fillIntake } from './core/intake.js';
import { CSV_COLUMNS } from './core/report.js';
import { MODEL_CSV_COLUMNS } from './core/model-report.js';

const ISSUER = { did: 'did:web:maker.test.example', role: 'manufacturer' as const, name: 'Cellforge' };
const RECYCLER = 'did:web:recycler.test.example';
const passports = generateDemoPassports({ count: 6, seed: 21, now: '2026-01-10T00:00:00Z', issuer: ISSUER }).filter((p) => p.model.chemistry === 'NMC');

interface World {
  db: Db;
  svc: ComplianceService;
  clock: { t: number };
  calls: { batteryId: string; draft: RecycledDraft; holderDid: string | null }[];
  answer: (batteryId: string, n: number) => AppendOutcome;
  key: ReturnType<typeof generateEd25519KeyPair>;
}

async function world(backend: ReturnType<typeof testBackends>[number]): Promise<World> {
  const db = await backend.open();
  await migrate(db, complianceMigrations);
  const byId = new Map<string, Passport>(passports.map((p) => [p.batteryId, p]));
  const key = generateEd25519KeyPair(`${RECYCLER}#key-1`);
  const w: World = {
    db, clock: { t: Date.parse('2026-03-20T10:00:00Z') }, calls: [], key,
    answer: () => ({ ok: true, seq: 7 }),
    svc: null as unknown as ComplianceService,
  };
  w.svc = new ComplianceService({
    db,
    now: () => new Date(w.clock.t),
    passportOf: async (id) => byId.get(id) ?? null,
    append: async (batteryId, draft, holderDid) => {
      w.calls.push({ batteryId, draft, holderDid });
      return w.answer(batteryId, w.calls.filter((c) => c.batteryId === batteryId).length);
    },
    sign: async (payload) => signCompactJws({ alg: 'EdDSA', typ: 'JWT', kid: key.privateJwk.kid }, JSON.stringify(payload), key.privateJwk),
    issuerDid: () => RECYCLER,
  });
  return w;
}

/** A batch of the NMC demo batteries by id only: everything else comes from their passports. */
function batchOf(batchId: string, ps: Passport[]): BatchInput {
  const items = ps.map((p, i) => {
    const r = fillIntake({ batteryId: p.batteryId }, p, `x[${i}]`);
    assert.ok(r.ok);
    return r.value.item;
  });
  return {
    batchId, processedOn: '2026-03-15', facility: { name: 'Hydromet Salzgitter', countryCode: 'DE' },
    route: ['discharge', 'dismantling', 'mechanical-pretreatment', 'black-mass', 'hydrometallurgy'],
    intake: ps.map((p) => ({ batteryId: p.batteryId })), outputs: exampleOutputsFor(items),
  };
}

async function refusal(p: Promise<unknown>): Promise<HttpProblem> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HttpProblem) return e;
    throw e;
  }
  assert.fail('expected a refusal');
}

const count = async (db: Db, table: string) => Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

for (const backend of testBackends()) {
  test(`[${backend.name}] intake fills mass, chemistry and composition from the passports; lots and owed events stored`, async (t) => {
    const w = await world(backend);
    t.after(() => w.db.close());
    const [a, b] = passports;
    const input = batchOf('B-1', [a, b]);
    input.intake[1].massKg = 470; // weighed at the gate: wins over the passport
    input.outputs = exampleOutputsFor([fillOk(a, 0), { ...fillOk(b, 1), massKg: 470 }]);
    const v = await w.svc.intake(input, RECYCLER);
    assert.equal(v.batch.intake[0].massKg, a.attributes.batteryMass);
    assert.equal(v.batch.intake[1].massKg, 470);
    assert.equal(v.batch.intake[0].chemistry, 'NMC');
    assert.equal(v.batch.intake[0].passportId, a.passportId);
    assert.deepEqual(v.intake[0].fromPassport, ['passportId', 'chemistry', 'massKg', 'composition']);
    assert.deepEqual(v.intake[1].fromPassport, ['passportId', 'chemistry', 'composition']);
    assert.equal(v.intake[0].compositionBasis, 'passport-materials');
    assert.equal(v.summary.category, 'lithium-based');
    assert.ok(v.summary.efficiencyPct! > 50 && v.summary.efficiencyPct! < 80, `efficiency ${v.summary.efficiencyPct}`);
    assert.deepEqual([...v.summary.lots].sort(), ['Al', 'Co', 'Cu', 'Li', 'Mn', 'Ni'].map((e) => `LOT-B-1-F-${e}-${e}`).sort());
    assert.deepEqual(v.recycledEvents.map((e) => [e.batteryId, e.status]), [a.batteryId, b.batteryId].sort().map((id) => [id, 'pending']));
    const lots = await w.svc.lots({ batchId: 'B-1' });
    const ni = lots.find((l) => l.element === 'Ni')!;
    assert.equal(ni.compound, 'NiSO4·6H2O');
    assert.equal(ni.origin, 'post-consumer');
    assert.deepEqual(ni.sourcePassportIds, [a.passportId, b.passportId]);
    assert.equal(ni.elementMassKg, input.outputs.find((o) => o.fractionId === 'F-Ni')!.componentsKg.Ni);
    const drafts = await w.db.query<{ draft: RecycledDraft; holder_did: string }>(`SELECT draft, holder_did FROM compliance_recycled_outbox ORDER BY battery_id`);
    for (const d of drafts) {
      assert.deepEqual(validateEventPayload('recycled', d.draft.payload), [], 'the owed event is a valid recycled event');
      assert.equal(d.holder_did, ISSUER.did, 'the passport issuer holds the passport');
    }
  });

  test(`[${backend.name}] refusals: no passport and no values, outputs beyond inputs, duplicate batch, battery in another batch — nothing half-written`, async (t) => {
    const w = await world(backend);
    t.after(() => w.db.close());
    const [a, b, c] = passports;
    const unknown = batchOf('B-u', [a]);
    unknown.intake.push({ batteryId: 'BAT-NOWHERE', massKg: 300 });
    const e1 = await refusal(w.svc.intake(unknown, RECYCLER));
    assert.equal(e1.status, 422);
    assert.equal(e1.errors[0].field, 'body.intake[1].batteryId');
    assert.match(e1.errors[0].reason, /no passport found for battery BAT-NOWHERE and no passportId, chemistry given/);

    const over = batchOf('B-over', [a]);
    over.outputs.find((o) => o.fractionId === 'F-Co')!.componentsKg.Co! *= 1.5;
    const e2 = await refusal(w.svc.intake(over, RECYCLER));
    assert.equal(e2.status, 422);
    assert.match(e2.message, /output of Co .* exceeds input/);
    assert.equal(e2.errors[0].field, `body.outputs[${over.outputs.findIndex((o) => o.fractionId === 'F-Co')}].componentsKg.Co`);
    for (const table of ['compliance_batches', 'compliance_lots', 'compliance_recycled_outbox']) assert.equal(await count(w.db, table), 0, `${table} stays empty`);

    await w.svc.intake(batchOf('B-2', [a, b]), RECYCLER);
    const dup = await refusal(w.svc.intake(batchOf('B-2', [c]), RECYCLER));
    assert.equal(dup.status, 409);
    assert.equal(dup.errors[0].field, 'body.batchId');
    const again = await refusal(w.svc.intake(batchOf('B-3', [c, b]), RECYCLER));
    assert.equal(again.status, 409);
    assert.match(again.message, new RegExp(`battery ${b.batteryId} is already in batch B-2`));
    assert.equal(again.errors[0].field, 'body.intake[1].batteryId');
    assert.equal(await count(w.db, 'compliance_batches'), 1);
    assert.equal(await count(w.db, 'compliance_recycled_outbox'), 2);
    // two intakes racing for the same battery: the owed-event row is the battery's single slot
    const race = await Promise.allSettled([w.svc.intake(batchOf('B-4', [c]), RECYCLER), w.svc.intake(batchOf('B-5', [c]), RECYCLER)]);
    assert.equal(race.filter((r) => r.status === 'fulfilled').length, 1);
    assert.equal(((race.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as HttpProblem).status, 409);
    assert.equal(await count(w.db, 'compliance_batches'), 2);
    assert.equal(await count(w.db, 'compliance_lots'), 12);
  });

  test(`[${backend.name}] outbox: delivers once, retries a failed append with backoff, "already recorded" counts as delivered, 410 is final`, async (t) => {
    const w = await world(backend);
    t.after(() => w.db.close());
    const [a, b, c, d] = passports;
    assert.ok(d, 'four NMC demo passports');
    await w.svc.intake(batchOf('B-o', [a, b, c, d]), RECYCLER);
    w.answer = (id, n) =>
      id === a.batteryId && n === 1 ? { ok: false, status: 503, reason: 'holder down' }
      : id === c.batteryId ? { ok: false, status: 409, reason: `event id is already used by a different event` }
      : id === d.batteryId ? { ok: false, status: 410, reason: 'the passport is closed' }
      : { ok: true, seq: 9 };
    assert.equal(await w.svc.deliverPending(), 2, 'b delivered, c already recorded');
    let v = (await w.svc.getBatch('B-o'))!;
    const st = (id: string) => v.recycledEvents.find((e) => e.batteryId === id)!;
    assert.equal(st(a.batteryId).status, 'pending');
    assert.equal(st(a.batteryId).attempts, 1);
    assert.match(st(a.batteryId).lastError!, /503: holder down/);
    assert.equal(st(b.batteryId).status, 'delivered');
    assert.equal(st(b.batteryId).seq, 9);
    assert.equal(st(c.batteryId).status, 'delivered');
    assert.equal(st(d.batteryId).status, 'refused');
    assert.equal(await w.svc.deliverPending(), 0, 'a waits for its backoff');
    w.clock.t += 3000;
    assert.equal(await w.svc.deliverPending(), 1);
    assert.equal(await w.svc.deliverPending(), 0);
    w.clock.t += 3_600_000;
    assert.equal(await w.svc.deliverPending(), 0, 'nothing is sent twice');
    v = (await w.svc.getBatch('B-o'))!;
    assert.ok(v.recycledEvents.every((e) => e.status !== 'pending'));
    const ofA = w.calls.filter((x) => x.batteryId === a.batteryId);
    assert.equal(ofA.length, 2);
    assert.deepEqual(ofA[0].draft, ofA[1].draft, 'a retry sends the same event (same id, time and payload)');
    assert.equal(w.calls.length, 5);
  });

  test(`[${backend.name}] lots: over-allocation refused (also when concurrent); recycled content traced to lot ids`, async (t) => {
    const w = await world(backend);
    t.after(() => w.db.close());
    await w.svc.intake(batchOf('B-l', [passports[0], passports[1]]), RECYCLER);
    const co = (await w.svc.lots({ element: 'Co' }))[0];
    const six = co.elementMassKg * 0.6;
    const both = await Promise.allSettled([w.svc.allocateLot(co.lotId, 'CELL-A', six), w.svc.allocateLot(co.lotId, 'CELL-B', six)]);
    assert.equal(both.filter((r) => r.status === 'fulfilled').length, 1, 'only one of two 60 % allocations fits');
    const rejected = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((rejected.reason as HttpProblem).status, 409);
    assert.equal((rejected.reason as HttpProblem).errors[0].field, 'body.elementMassKg');
    const winner = (both.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ lot: { allocatedKg: number; allocations: { modelId: string }[] } }>).value;
    assert.ok(Math.abs(winner.lot.allocatedKg - six) < 1e-9);
    const model = winner.lot.allocations[0].modelId;
    assert.equal((await refusal(w.svc.allocateLot('LOT-NONE', model, 1))).status, 404);

    const rc = await w.svc.recycledContent([{ modelId: model, placedOnMarketOn: '2032-01-01', primary: [{ element: 'Co', elementMassKg: six * 3 }] }]);
    const coShare = rc.models[0].shares.find((s) => s.element === 'Co')!;
    assert.ok(Math.abs(coShare.postConsumerPct! - 25) < 1e-9, 'allocated kg over allocated + primary');
    assert.equal(coShare.assessment.target?.valuePct, 16);
    assert.equal(coShare.assessment.status, 'meets');
    assert.deepEqual(coShare.recycledLots.map((l) => [l.lotId, l.sourceBatchId]), [[co.lotId, 'B-l']]);
    assert.deepEqual(rc.lots.map((l) => l.lotId), [co.lotId]);
    const tooMuch = await refusal(w.svc.recycledContent([{ modelId: model, placedOnMarketOn: '2032-01-01', uses: [{ lotId: co.lotId, elementMassKg: six * 1.1 }] }]));
    assert.equal(tooMuch.status, 422);
    assert.equal(tooMuch.errors[0].field, 'body.models[0].uses[0].elementMassKg');
    const other = model === 'CELL-A' ? 'CELL-B' : 'CELL-A';
    const notMine = await refusal(w.svc.recycledContent([{ modelId: other, placedOnMarketOn: '2032-01-01', uses: [{ lotId: co.lotId, elementMassKg: 1 }] }]));
    assert.match(notMine.errors[0].reason, /0\.000 kg of it are allocated to model/);
  });

  test(`[${backend.name}] reports: batch/year/model in JSON, CSV and HTML; a signed report verifies with the node's public key`, async (t) => {
    const w = await world(backend);
    t.after(() => w.db.close());
    await w.svc.intake(batchOf('B-r', [passports[0], passports[1]]), RECYCLER);
    const csv = await w.svc.report('batch', 'B-r', 'csv');
    assert.equal(csv.contentType, 'text/csv; charset=utf-8');
    const lines = csv.body.trimEnd().split('\n');
    assert.equal(lines[0], CSV_COLUMNS.join(','));
    assert.equal(lines.length, 1 + 1 + 1 + 5, 'balance, efficiency and five recovery rows');
    const html = await w.svc.report('year', '2026', 'html');
    assert.equal(html.contentType, 'text/html; charset=utf-8');
    assert.equal((html.body.match(/<svg role="img"/g) ?? []).length, 3);
    assert.match(html.body, /Annex XII, Part B, point 2\(b\)/);
    const year = JSON.parse((await w.svc.report('year', '2026', 'json')).body);
    const batch = (await w.svc.getBatch('B-r'))!;
    assert.equal(year.kind, 'year');
    assert.equal(year.compliance.efficiency[0].inputKg, batch.summary.inputKg);
    assert.ok(year.components.find((c: { component: string }) => c.component === 'Ni').outputKg > 0);
    assert.ok(year.legalBasis.some((l: { legalRef: string }) => /Part C/.test(l.legalRef)));
    assert.equal((await refusal(w.svc.report('batch', 'B-none', 'json'))).status, 404);

    const li = (await w.svc.lots({ element: 'Li' }))[0];
    await w.svc.allocateLot(li.lotId, 'CELL-X', 2);
    const modelCsv = await w.svc.report('model', 'CELL-X', 'csv', { placedOnMarketOn: '2031-09-01', primary: [{ element: 'Li', elementMassKg: 18 }], footprint: { lifetimeEnergyKWh: 150_000, contributions: [{ stage: 'main-product-production', description: 'cell and pack', kgCO2e: 6000, source: 'supplier EPD 2026' }], classThresholds: [{ label: 'A', maxPerKWh: 0.05 }, { label: 'B', maxPerKWh: 0.1 }] } });
    const mrows = modelCsv.body.trimEnd().split('\n');
    assert.equal(mrows[0], MODEL_CSV_COLUMNS.join(','));
    assert.match(modelCsv.body, /recycled-content,Li,20,0,2,0,10,10,6,2031-08-18,meets/);
    assert.match(modelCsv.body, /performance-class,A,/);

    const signed = await w.svc.signReport('batch', 'B-r');
    const { payload, protectedHeader } = await compactVerify(signed.jws, await importJWK(w.key.publicJwk, 'EdDSA'));
    assert.equal(protectedHeader.alg, 'EdDSA');
    const body = JSON.parse(new TextDecoder().decode(payload));
    assert.equal(body.typ, SIGNED_REPORT_TYPE);
    assert.equal(body.reportId, signed.id);
    assert.equal(body.iss, RECYCLER);
    const stored = (await w.svc.getSignedReport(signed.id))!;
    assert.deepEqual(stored.report, body.report, 'the stored report is the one signed');
    assert.equal(stored.jws, signed.jws);
    const docs = w.svc.sharedDocuments();
    assert.deepEqual(await docs.list(), [signed.id], 'signed reports are the documents offered to authorities');
    assert.equal((await docs.get(signed.id))?.jws, signed.jws);
    assert.equal((await refusal(w.svc.signReport('model', 'CELL-X'))).errors[0].field, 'body.input');
    assert.equal(await w.svc.getSignedReport('00000000-0000-4000-8000-000000000000'), null);
  });
}

function fillOk(p: Passport, i: number) {
  const r = fillIntake({ batteryId: p.batteryId }, p, `x[${i}]`);
  assert.ok(r.ok);
  return r.value.item;
}
