/**
 * A twin worker process for the multi-process JetStream test (src/twin/adapters/nats-partition.test.ts):
 * `node --import tsx test/support/telemetry-worker.ts` with the settings in the environment. Prints `ready <pid>`
 * once it consumes; on SIGTERM it stops cleanly and prints `stats <json>`.
 */
import { startTwinWorker } from '../../src/twin/adapters/nats-worker.js';
import { jsonlSeqSink, pgSeqSink } from './seq-sinks.js';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`telemetry-worker: ${k} is not set`);
  return v;
};

async function main() {
  const delayMs = Number(process.env.APPLY_DELAY_MS ?? 0);
  const store = process.env.SINK_PG_URL ? pgSeqSink(process.env.SINK_PG_URL, env('SINK_PG_SCHEMA'), delayMs) : jsonlSeqSink(env('SINK_JSONL'), delayMs);
  const worker = await startTwinWorker({
    natsUrl: env('NATS_URL'),
    sink: store.sink,
    partitions: Number(env('PARTITIONS')),
    stream: env('STREAM'),
    subjectPrefix: env('SUBJECT_PREFIX'),
    pullExpiresMs: 2000,
    nakDelayMs: 200,
  });
  process.stdout.write(`ready ${process.pid}\n`);
  process.once('SIGTERM', () => {
    void (async () => {
      await worker.stop();
      await store.close();
      process.stdout.write(`stats ${JSON.stringify(worker.stats())}\n`);
      process.exit(0);
    })();
  });
}

main().catch((e) => {
  process.stderr.write(`telemetry-worker failed: ${(e as Error).stack}\n`);
  process.exit(1);
});
