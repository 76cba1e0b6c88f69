/**
 * Figure telemetry_mqtt_vs_raw_broker: samples/s from vehicles over MQTT through validation, the reorder gate and the
 * estimators into the store (startMqttIngest → sink) ÷ samples/s of the bare broker path (mqtt.js publisher →
 * broker → mqtt.js subscriber, QoS 1) with the same batches, same publisher process, same run. Goal ≥ 0.5.
 * On the embedded aedes broker and, when reachable, on Mosquitto. Without a sink passed in, the sink runs the
 * estimator core (stepTwin) and keeps the twin states in memory (adapters/memory-twin-sink.ts).
 *
 * Beside it, to show where the time goes: telemetry_transport_vs_raw_broker (the same pipeline with a sink that does
 * nothing: MQTT, parsing, validation and acknowledgement only) and, in the detail, estimatorSamplesPerS (the sink
 * alone on the already parsed batches, no MQTT): the pipeline cannot be faster than the slower of the two.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { resolve } from 'node:path';
import mqtt from 'mqtt';
import { startEmbeddedBroker } from '../src/twin/adapters/mqtt-broker.js';
import { startMqttIngest } from '../src/twin/adapters/mqtt-ingest.js';
import { createMemoryTwinSink } from '../src/twin/adapters/memory-twin-sink.js';
import { telemetryFilter } from '../src/twin/adapters/telemetry-topics.js';
import { makeTwinParams, type TwinParams } from '../src/twin/core/index.js';
import { parseTelemetry, type TelemetryBatch } from '../src/twin/core/telemetry.js';
import type { ApplyResult, BatteryKey, TelemetrySink } from '../src/twin/ports.js';
import { repoRoot } from '../test/support/shared.js';
import { benchBatteryId, benchPayload } from './telemetry-publisher.js';
import { median } from './load.js';
import type { Figure } from './passport.js';

export interface TelemetryBenchOptions {
  repeats: number;
  log: (m: string) => void;
  /** the store-backed sink of the twin service; default: estimators with in-memory state */
  sink?: TelemetrySink;
  /** an external broker (Mosquitto); default: MQTT_URL / TEST_MQTT_URL / mqtt://127.0.0.1:1883 when reachable */
  mqttUrl?: string;
  batteries?: number;
  batchesPerBattery?: number;
  samplesPerBatch?: number;
  /** called before each run through the sink with the batteries it will send (e.g. to register their twins);
   * every run has new battery ids */
  beforePipeline?: (keys: BatteryKey[]) => Promise<void>;
}

interface RunShape {
  batteries: number;
  perBattery: number;
  samples: number;
}

const PUBLISH_WINDOW = 200;
/** below Mosquitto's default max_queued_messages (1000) per subscriber */
const E2E_WINDOW = 500;
const PROGRESS_EVERY = 25;

async function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((ok) => {
    const s = createConnection({ host: u.hostname, port: Number(u.port || 1883) });
    const done = (v: boolean) => (s.destroy(), ok(v));
    s.setTimeout(1500, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

/** Starts the publisher process; resolves with `go()` once it has built its payloads and connected. */
interface Publisher {
  go(): void;
  /** tells the publisher how many messages the receiver has processed (end-to-end window) */
  progress(processed: number): void;
  exited: Promise<void>;
  payloadBytes: number;
}

async function startPublisher(url: string, prefix: string, shape: RunShape, tag: string): Promise<Publisher> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(repoRoot, 'bench/telemetry-publisher.ts'), url, prefix, String(shape.batteries), String(shape.perBattery), String(shape.samples), String(PUBLISH_WINDOW), String(E2E_WINDOW), tag],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.on('error', () => undefined); // progress lines after the publisher finished have no reader
  const exited = new Promise<void>((ok, fail) => child.once('close', (code) => (code === 0 ? ok() : fail(new Error(`publisher exited with ${code}: ${err}`)))));
  const payloadBytes = await new Promise<number>((ok, fail) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) ok(Number(m[1]));
    });
    exited.catch(fail);
  });
  return {
    go: () => child.stdin.write('go\n'),
    progress: (n) => {
      if (n % PROGRESS_EVERY === 0 && child.stdin.writable) child.stdin.write(`p ${n}\n`);
    },
    exited,
    payloadBytes,
  };
}

async function runRaw(url: string, shape: RunShape): Promise<number> {
  const total = shape.batteries * shape.perBattery;
  const prefix = `blbench-${randomBytes(4).toString('hex')}/v1`;
  const sub = await mqtt.connectAsync(url, { clientId: `bl-bench-raw-${randomBytes(4).toString('hex')}`, clean: true, reconnectPeriod: 0 });
  try {
    await sub.subscribeAsync(telemetryFilter(prefix), { qos: 1 });
    let got = 0;
    let samples = 0;
    let finish!: () => void;
    const all = new Promise<void>((ok) => (finish = ok));
    const pub = await startPublisher(url, prefix, shape, randomBytes(3).toString('hex'));
    sub.on('message', () => {
      samples += shape.samples;
      pub.progress(++got);
      if (got === total) finish();
    });
    const t0 = performance.now();
    pub.go();
    await all;
    const s = (performance.now() - t0) / 1000;
    await pub.exited;
    return samples / s;
  } finally {
    await sub.endAsync();
  }
}

async function runPipeline(url: string, shape: RunShape, sink: TelemetrySink, beforePipeline?: (keys: BatteryKey[]) => Promise<void>): Promise<{ samplesPerS: number; rejected: number }> {
  const tag = randomBytes(3).toString('hex');
  await beforePipeline?.(Array.from({ length: shape.batteries }, (_, k) => ({ participant: 'bench', batteryId: benchBatteryId(tag, k) })));
  const total = shape.batteries * shape.perBattery;
  const prefix = `blbench-${randomBytes(4).toString('hex')}/v1`;
  const clientId = `bl-bench-ingest-${randomBytes(4).toString('hex')}`;
  let done = 0;
  let pub: Publisher | undefined;
  let finish!: () => void;
  const all = new Promise<void>((ok) => (finish = ok));
  // counts finished applies, whatever their outcome; the figure counts only applied samples
  const counting: TelemetrySink = {
    async apply(key, batch): Promise<ApplyResult> {
      const r = await sink.apply(key, batch);
      pub?.progress(++done);
      if (done === total) finish();
      return r;
    },
  };
  const ingest = await startMqttIngest({ url, sink: counting, topicPrefix: prefix, clientId, maxInFlight: 64 });
  try {
    pub = await startPublisher(url, prefix, shape, tag);
    const t0 = performance.now();
    pub.go();
    await all;
    const s = (performance.now() - t0) / 1000;
    await pub.exited;
    const st = ingest.stats();
    return { samplesPerS: st.samples / s, rejected: st.rejected };
  } finally {
    await ingest.stop();
    // drop the persistent session so an external broker does not keep queueing for it
    const c = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 0 });
    await c.endAsync();
  }
}

const NOOP_SINK: TelemetrySink = { apply: async (_k, b) => ({ status: 'applied', samples: b.samples.length }) };

/** The sink alone on the same batches, parsed beforehand, in this process: the estimators' own ceiling. */
async function runSinkOnly(shape: RunShape, sink: TelemetrySink, beforePipeline?: (keys: BatteryKey[]) => Promise<void>): Promise<number> {
  const tag = randomBytes(3).toString('hex');
  await beforePipeline?.(Array.from({ length: shape.batteries }, (_, k) => ({ participant: 'bench', batteryId: benchBatteryId(tag, k) })));
  const t0Ms = Date.now() - shape.perBattery * shape.samples * 1000 - 60_000;
  const batches: [BatteryKey, TelemetryBatch][] = [];
  for (let s = 0; s < shape.perBattery; s++) {
    for (let b = 0; b < shape.batteries; b++) {
      const id = benchBatteryId(tag, b);
      const r = parseTelemetry(Buffer.from(benchPayload(id, s, shape.samples, t0Ms)), id, { nowMs: Date.now() });
      if (!r.ok) throw new Error(`bench payload refused: ${JSON.stringify(r.errors)}`);
      batches.push([{ participant: 'bench', batteryId: id }, r.batch]);
    }
  }
  let samples = 0;
  const t0 = performance.now();
  for (const [k, b] of batches) {
    const r = await sink.apply(k, b);
    if (r.status === 'applied') samples += r.samples;
  }
  return samples / ((performance.now() - t0) / 1000);
}

async function figuresFor(backend: string, url: string, o: TelemetryBenchOptions, shape: RunShape, estimatorSamplesPerS: number, params: TwinParams): Promise<Figure[]> {
  const sinkFor = () => o.sink ?? createMemoryTwinSink({ params, firstSeq: 0 });
  // warm-up: JIT of parser, gate and estimators, and the broker's first connections
  const warm = { ...shape, perBattery: Math.max(2, Math.ceil(shape.perBattery / 10)) };
  await runRaw(url, warm);
  await runPipeline(url, warm, sinkFor(), o.beforePipeline);
  await runPipeline(url, warm, NOOP_SINK);
  const raw: number[] = [];
  const pipe: number[] = [];
  const transport: number[] = [];
  for (let i = 0; i < o.repeats; i++) {
    const r = await runRaw(url, shape);
    const p = await runPipeline(url, shape, sinkFor(), o.beforePipeline);
    const t = await runPipeline(url, shape, NOOP_SINK);
    if (p.rejected > 0) o.log(`  [${backend}] warning: the sink rejected ${p.rejected} batches (are the bench batteries registered?)`);
    raw.push(r);
    pipe.push(p.samplesPerS);
    transport.push(t.samplesPerS);
    o.log(
      `  [${backend}] run ${i + 1}/${o.repeats}: pipeline ${p.samplesPerS.toFixed(0)} samples/s, transport only ${t.samplesPerS.toFixed(0)}, raw broker ${r.toFixed(0)}: ratio ${(p.samplesPerS / r).toFixed(3)}`,
    );
  }
  const batches = shape.batteries * shape.perBattery;
  return [
    {
      name: 'telemetry_mqtt_vs_raw_broker',
      backend,
      value: median(pipe.map((x, i) => x / raw[i])),
      goal: '>= 0.5',
      detail: { rawSamplesPerS: median(raw), pipelineSamplesPerS: median(pipe), batches, samplesPerBatch: shape.samples, estimatorSamplesPerS },
    },
    {
      name: 'telemetry_transport_vs_raw_broker',
      backend,
      value: median(transport.map((x, i) => x / raw[i])),
      detail: { rawSamplesPerS: median(raw), transportSamplesPerS: median(transport), batches, samplesPerBatch: shape.samples },
    },
  ];
}

export async function benchTelemetry(o: TelemetryBenchOptions): Promise<Figure[]> {
  const shape: RunShape = { batteries: o.batteries ?? 100, perBattery: o.batchesPerBattery ?? 100, samples: o.samplesPerBatch ?? 50 };
  const figures: Figure[] = [];
  // as the twin service runs it: SoP once per 10 samples and at each batch's end (see TwinParams.sopEverySamples)
  const params: TwinParams = { ...makeTwinParams({ chemistry: 'NMC', capacityAh: 60, topology: { seriesCells: 96, parallelCells: 1 } }), sopEverySamples: 10 };
  const est: number[] = [];
  for (let i = 0; i < Math.max(1, Math.min(3, o.repeats)); i++) est.push(await runSinkOnly(shape, o.sink ?? createMemoryTwinSink({ params, firstSeq: 0 }), o.beforePipeline));
  const estimatorSamplesPerS = median(est);
  o.log(`telemetry sink alone (parsed batches, no MQTT): ${estimatorSamplesPerS.toFixed(0)} samples/s`);
  const embedded = await startEmbeddedBroker({ host: '127.0.0.1', port: 0 });
  try {
    o.log(`telemetry_mqtt_vs_raw_broker on the embedded broker (${shape.batteries * shape.perBattery} batches × ${shape.samples} samples, ${o.repeats} runs)…`);
    figures.push(...(await figuresFor('embedded', embedded.url, o, shape, estimatorSamplesPerS, params)));
  } finally {
    await embedded.close();
  }
  const external = o.mqttUrl ?? process.env.MQTT_URL ?? process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
  if (await reachable(external)) {
    o.log(`telemetry_mqtt_vs_raw_broker on ${external} (${o.repeats} runs)…`);
    figures.push(...(await figuresFor('mosquitto', external, o, shape, estimatorSamplesPerS, params)));
  } else {
    o.log(`no MQTT broker at ${external}: embedded-broker figure only`);
  }
  return figures;
}

if (process.argv[1]?.endsWith('bench/telemetry.ts')) {
  const repeats = Number(process.argv[2] ?? 3);
  benchTelemetry({ repeats, log: (m) => process.stdout.write(`${m}\n`) })
    .then((f) => process.stdout.write(JSON.stringify(f, null, 2) + '\n'))
    .catch((e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    });
}
