/**
 * The vehicles of the telemetry bench, in their own process (so the receiving side keeps its core on a 2-core
 * machine, and the raw and pipeline runs see the same publisher): builds every payload first, prints `ready`,
 * waits for `go` on stdin, publishes at QoS 1, prints `done`. Two windows bound what is outstanding: messages not
 * yet acknowledged by the broker (`window`), and messages not yet processed by the receiver (`e2eWindow`, from
 * `p <count>` lines on stdin) — Mosquitto drops QoS 1 messages beyond max_queued_messages (default 1000) queued
 * for a slow subscriber, so an unbounded publisher would measure loss, not throughput.
 * Args: url topicPrefix batteries batchesPerBattery samplesPerBatch window e2eWindow runTag
 */
import mqtt from 'mqtt';
import { telemetryTopic } from '../src/twin/adapters/telemetry-topics.js';

/** Every run has its own battery ids (`tag`), so a store-backed sink never sees a previous run's counters. */
export function benchBatteryId(tag: string, k: number): string {
  return `bench-${tag}-${k}`;
}

/** A 96s NMC pack on a drive: 1 Hz samples, current steps, plausible voltages and temperatures. */
export function benchPayload(batteryId: string, seq: number, samplesPerBatch: number, t0Ms: number): string {
  const samples = [];
  for (let k = 0; k < samplesPerBatch; k++) {
    const n = seq * samplesPerBatch + k;
    const i = Math.round((40 * Math.sin(n / 30) + 15) * 100) / 100;
    const cell = 3.85 - n * 2e-5 - i * 0.0012;
    samples.push({
      t: t0Ms + n * 1000,
      i,
      u: Math.round(cell * 96 * 100) / 100,
      uMin: Math.round((cell - 0.008) * 1000) / 1000,
      uMax: Math.round((cell + 0.008) * 1000) / 1000,
      tMin: 24 + Math.round(n / 600) / 10,
      tMax: 26 + Math.round(n / 500) / 10,
    });
  }
  return JSON.stringify({ v: 1, batteryId, seq, samples });
}

async function main() {
  const [url, prefix, batteriesS, perBatteryS, samplesS, windowS, e2eWindowS, tag] = process.argv.slice(2);
  const batteries = Number(batteriesS);
  const perBattery = Number(perBatteryS);
  const samples = Number(samplesS);
  const window = Number(windowS);
  const e2eWindow = Number(e2eWindowS);
  const t0Ms = Date.now() - perBattery * samples * 1000 - 60_000;
  const msgs: { topic: string; payload: Buffer }[] = [];
  // round-robin over batteries, in seq order per battery: how a fleet's traffic interleaves
  for (let s = 0; s < perBattery; s++) {
    for (let b = 0; b < batteries; b++) {
      const id = benchBatteryId(tag, b);
      msgs.push({ topic: telemetryTopic(prefix, { participant: 'bench', batteryId: id }), payload: Buffer.from(benchPayload(id, s, samples, t0Ms)) });
    }
  }
  const client = await mqtt.connectAsync(url, { clientId: `bl-bench-pub-${process.pid}`, clean: true, reconnectPeriod: 0 });
  process.stdout.write(`ready ${msgs[0].payload.length}\n`);
  let processed = 0;
  let go!: () => void;
  let pump = () => {};
  const started = new Promise<void>((resolve) => (go = resolve));
  let buf = '';
  process.stdin.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line === 'go') go();
      else if (line.startsWith('p ')) {
        processed = Number(line.slice(2));
        pump();
      }
    }
  });
  await started;
  let next = 0;
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    pump = () => {
      while (next < msgs.length && next - acked < window && next - processed < e2eWindow) {
        const m = msgs[next++];
        client.publish(m.topic, m.payload, { qos: 1 }, (err) => {
          if (err) return reject(err);
          acked++;
          if (acked === msgs.length) resolve();
          else pump();
        });
      }
    };
    pump();
  });
  process.stdout.write('done\n');
  await client.endAsync();
  process.stdin.destroy(); // the parent keeps its end open; without this the listener keeps the process alive
}

if (process.argv[1]?.endsWith('telemetry-publisher.ts')) {
  main().catch((e) => {
    process.stderr.write(`publisher failed: ${(e as Error).stack}\n`);
    process.exit(1);
  });
}
