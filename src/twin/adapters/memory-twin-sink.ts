/**
 * A `TelemetrySink` that runs the estimator core on every batch and keeps the twin states in memory: the reference
 * sink for the transport tests and the telemetry bench (the twin service with its store is the production sink).
 * Per battery: reorder gate (duplicates, out-of-order batches), then `stepTwin` on each released batch.
 */
import type { ApplyResult, BatteryKey, TelemetrySink } from '../ports.js';
import { createTwinState, stepTwin, type TwinParams, type TwinState, type TwinSummary } from '../core/index.js';
import { toSampleBatch, type TelemetryBatch } from '../core/telemetry.js';
import { createReorderGate, DEFAULT_REORDER_WINDOW, offerToGate, type ReorderGateState, type ReorderWindow, type SeqRange } from '../core/reorder-gate.js';

export interface MemoryTwin {
  state: TwinState;
  gate: ReorderGateState<TelemetryBatch>;
  /** time origin of `timeS`, epoch ms (first sample seen) */
  originMs: number;
  batches: number;
  samples: number;
  skipped: SeqRange[];
  lastSummary: TwinSummary | null;
  lastSoc: number | null;
}

export interface MemoryTwinSinkOptions {
  params: TwinParams | ((key: BatteryKey) => TwinParams);
  initialSoc?: number;
  window?: ReorderWindow;
  nowMs?: () => number;
  /** counter before the first batch of a new battery; by default the first batch seen starts the sequence */
  firstSeq?: number;
  /** called for every batch that reached the estimators, in apply order */
  onApplied?: (key: BatteryKey, batch: TelemetryBatch) => void;
}

export interface MemoryTwinSink extends TelemetrySink {
  twins: Map<string, MemoryTwin>;
  twinOf(key: BatteryKey): MemoryTwin | undefined;
}

const keyString = (k: BatteryKey) => `${k.participant}\u0000${k.batteryId}`;

export function createMemoryTwinSink(o: MemoryTwinSinkOptions): MemoryTwinSink {
  const twins = new Map<string, MemoryTwin>();
  const now = o.nowMs ?? Date.now;
  const window = o.window ?? DEFAULT_REORDER_WINDOW;
  const paramsOf = typeof o.params === 'function' ? o.params : () => o.params as TwinParams;
  return {
    twins,
    twinOf: (k) => twins.get(keyString(k)),
    async apply(key: BatteryKey, batch: TelemetryBatch): Promise<ApplyResult> {
      const params = paramsOf(key);
      const id = keyString(key);
      let twin = twins.get(id);
      if (!twin) {
        twin = {
          state: createTwinState(params, { soc: o.initialSoc ?? 0.5 }),
          gate: createReorderGate<TelemetryBatch>(o.firstSeq !== undefined ? o.firstSeq - 1 : batch.seq - 1),
          originMs: batch.samples[0].t,
          batches: 0,
          samples: 0,
          skipped: [],
          lastSummary: null,
          lastSoc: null,
        };
        twins.set(id, twin);
      }
      const r = offerToGate(twin.gate, batch.seq, batch, now(), window);
      twin.gate = r.state;
      twin.skipped.push(...r.skipped);
      let samples = 0;
      for (const x of r.release) {
        const step = stepTwin(twin.state, toSampleBatch(x.item, twin.originMs), params);
        twin.state = step.state;
        twin.lastSummary = step.outputs.summary;
        twin.lastSoc = step.outputs.soc[step.outputs.soc.length - 1];
        twin.batches++;
        twin.samples += x.item.samples.length;
        samples += x.item.samples.length;
        o.onApplied?.(key, x.item);
      }
      switch (r.decision) {
        case 'applyNow':
          return { status: 'applied', samples };
        case 'buffered':
          return { status: 'buffered' };
        case 'duplicate':
          return { status: 'duplicate' };
        case 'late':
          return { status: 'rejected', reason: `batch ${batch.seq} arrived after its gap was given up on (reorder window closed)` };
      }
    },
  };
}
