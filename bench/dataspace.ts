/**
 * Issue 3 figures: `dsp_negotiate_transfer_p50_ms` / `_p99_ms` — one complete contract negotiation (to FINALIZED)
 * plus a transfer (to STARTED), the HTTP pull of the data and the completion, between two local nodes over real
 * HTTP with credential-checked DSP tokens; each iteration negotiates a different asset, so no agreement is reused.
 * Also the number of concurrent negotiate+transfer runs one provider sustains without a failure.
 */
import { startTestDataspace } from '../test/support/dataspace.js';
import { generateDemoPassports } from '../src/passport/index.js';
import { passportAssetId } from '../src/dataspace/connector/assets.js';
import { DSP_BASE_PATH } from '../src/dataspace/connector/index.js';
import { median } from './load.js';
import type { Figure } from './passport.js';

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export async function benchDsp(backend: 'pglite' | 'postgres', pgUrl: string, iterations: number, concurrency: number[], log: (m: string) => void): Promise<Figure[]> {
  const ds = await startTestDataspace([
    { key: 'manufacturer', role: 'manufacturer', name: 'Bench manufacturer' },
    { key: 'recycler', role: 'recycler', name: 'Bench recycler' },
  ], { outboxIdleMs: 1000, databaseUrl: backend === 'postgres' ? pgUrl : undefined }); // new work wakes the outbox at once; the idle poll only catches retries
  try {
    const m = ds.nodes.manufacturer;
    const r = ds.nodes.recycler;
    const total = iterations + concurrency.reduce((a, b) => a + b, 0) + 5;
    const passports = generateDemoPassports({ count: total, seed: 77, now: new Date().toISOString(), issuer: { did: m.identity.did, role: 'manufacturer', name: 'Bench' } });
    for (const p of passports) await m.passports.importDocument({ did: m.identity.did, role: 'manufacturer' }, p);
    const token = await ds.operatorToken(r);
    let next = 0;
    const fetchOne = async () => {
      const p = passports[next++];
      const t0 = performance.now();
      const res = await fetch(`${r.url}/api/dataspace/fetch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ providerUrl: `${m.url}${DSP_BASE_PATH}`, providerDid: m.identity.did, assetId: passportAssetId(p.batteryId, 'legitimateInterest') }),
      });
      const body = await res.text();
      return { ms: performance.now() - t0, ok: res.status === 200, body: res.status === 200 ? '' : body.slice(0, 2000) };
    };
    for (let i = 0; i < 5; i++) await fetchOne(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const x = await fetchOne();
      if (!x.ok) throw new Error(`negotiate+transfer ${i} failed: ${x.body}`);
      times.push(x.ms);
    }
    log(`  sequential: ${iterations} runs, p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms`);
    let sustained = 0;
    for (const c of concurrency) {
      const results = await Promise.all(Array.from({ length: c }, () => fetchOne()));
      const failures = results.filter((x) => !x.ok).length;
      log(`  ${c} concurrent: ${failures} failed, median ${median(results.map((x) => x.ms)).toFixed(0)} ms`);
      if (failures === 0) sustained = c;
      else break;
    }
    const detail = { runs: iterations, medianMs: median(times) };
    return [
      { name: 'dsp_negotiate_transfer_p50_ms', backend, value: pct(times, 50), goal: '<= 20', detail },
      { name: 'dsp_negotiate_transfer_p99_ms', backend, value: pct(times, 99), detail },
      { name: 'dsp_concurrent_negotiations_without_failure', backend, value: sustained, detail: { tried: Math.max(...concurrency) } },
    ];
  } finally {
    await ds.close();
  }
}
