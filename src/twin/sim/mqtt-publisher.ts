/**
 * Adapter: drives a simulated fleet in accelerated time and publishes its telemetry over MQTT.
 * Every `batchEveryMs` of real time the fleet advances by speedup × batchEveryMs of simulated time; the payloads it
 * completes are published at QoS 1 to `${prefix}/${participant}/${batteryId}/telemetry` (segments URI-encoded so an
 * identifier with '/', '+' or '#' cannot change the topic structure).
 * Broker restarts: mqtt.js reconnects by itself and re-sends unacknowledged QoS 1 messages from its outgoing store.
 * While offline, new payloads wait in a bounded FIFO of our own (mqtt.js's offline queue has no bound); when it is
 * full the oldest payload is dropped and counted — the ingest reorders by `seq` and tolerates gaps.
 * At most `maxInflight` publishes await their PUBACK at a time so a slow broker applies back-pressure to the queue.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { fleetTick, flushFleet, type Fleet, type FleetPayload } from './fleet.js';

export interface PublisherLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface FleetPublisherOptions {
  url: string;
  fleet: Fleet;
  topicPrefix?: string;
  /** simulated seconds per real second (default 60: one minute of driving per second) */
  speedup?: number;
  /** real milliseconds between fleet ticks (default 1000) */
  batchEveryMs?: number;
  /** payloads held while offline before the oldest is dropped (default 10 000) */
  maxQueue?: number;
  /** publishes awaiting PUBACK at once (default 100) */
  maxInflight?: number;
  clientId?: string;
  mqttOptions?: IClientOptions;
  log?: PublisherLog;
  /** flush the partial batches when stopping (default true) */
  flushOnStop?: boolean;
}

export interface PublisherStats {
  ticks: number;
  generated: number;
  published: number;
  acked: number;
  queued: number;
  inflight: number;
  dropped: number;
  publishErrors: number;
  connected: boolean;
  connects: number;
  simClockMs: number;
}

export interface FleetPublisher {
  stop(): Promise<void>;
  stats(): PublisherStats;
}

const consoleLog: PublisherLog = {
  warn: (obj, msg) => console.warn(`[fleet-publisher] ${msg}`, obj),
  info: () => {},
};

export function telemetryTopic(prefix: string, participant: string, batteryId: string): string {
  return `${prefix}/${encodeURIComponent(participant)}/${encodeURIComponent(batteryId)}/telemetry`;
}

export function startFleetPublisher(o: FleetPublisherOptions): FleetPublisher {
  const prefix = o.topicPrefix ?? 'batteryloop/v1';
  const speedup = o.speedup ?? 60;
  const everyMs = o.batchEveryMs ?? 1000;
  const maxQueue = o.maxQueue ?? 10_000;
  const maxInflight = o.maxInflight ?? 100;
  const log = o.log ?? consoleLog;
  if (!(speedup > 0) || !(everyMs > 0) || !(maxQueue >= 1) || !(maxInflight >= 1)) throw new Error('speedup, batchEveryMs, maxQueue and maxInflight must be positive');
  const s: PublisherStats = { ticks: 0, generated: 0, published: 0, acked: 0, queued: 0, inflight: 0, dropped: 0, publishErrors: 0, connected: false, connects: 0, simClockMs: o.fleet.clockMs };
  const queue: FleetPayload[] = [];
  let stopping = false;
  let drainWaiter: (() => void) | null = null;

  const client: MqttClient = mqtt.connect(o.url, {
    clientId: o.clientId ?? `batteryloop-fleet-sim-${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    clean: true,
    ...o.mqttOptions,
  });

  const settled = () => {
    if (drainWaiter && queue.length === 0 && s.inflight === 0) {
      drainWaiter();
      drainWaiter = null;
    }
  };

  const drain = () => {
    while (client.connected && s.inflight < maxInflight && queue.length > 0) {
      const fp = queue.shift()!;
      s.queued = queue.length;
      s.inflight++;
      s.published++;
      client.publish(telemetryTopic(prefix, fp.participant, fp.batteryId), JSON.stringify(fp.payload), { qos: 1 }, (err) => {
        s.inflight--;
        if (err) {
          s.publishErrors++;
          // not delivered (e.g. the client was ended): put it back at the head, unless we are shutting down
          if (!stopping) queue.unshift(fp);
          log.warn({ err: err.message, batteryId: fp.batteryId, seq: fp.payload.seq }, 'publish failed');
        } else s.acked++;
        s.queued = queue.length;
        drain();
        settled();
      });
    }
    settled();
  };

  const enqueue = (payloads: FleetPayload[]) => {
    for (const p of payloads) {
      queue.push(p);
      s.generated++;
      if (queue.length > maxQueue) {
        const old = queue.shift()!;
        s.dropped++;
        // a counted warning: the first drop and then every 1000th, so an outage does not flood the log
        if (s.dropped === 1 || s.dropped % 1000 === 0) log.warn({ dropped: s.dropped, maxQueue, batteryId: old.batteryId, seq: old.payload.seq }, 'offline queue full: dropping oldest telemetry payloads');
      }
    }
    s.queued = queue.length;
  };

  client.on('connect', () => {
    s.connected = true;
    s.connects++;
    warnedOffline = false;
    log.info({ url: o.url, connects: s.connects }, 'connected to MQTT broker');
    drain();
  });
  client.on('close', () => {
    s.connected = false;
  });
  client.on('offline', () => {
    s.connected = false;
  });
  // one warning per outage, not one per reconnect attempt
  let warnedOffline = false;
  client.on('error', (err) => {
    if (!warnedOffline) log.warn({ err: err.message, url: o.url }, 'MQTT client error (retrying every second)');
    warnedOffline = true;
  });

  const timer = setInterval(() => {
    s.ticks++;
    enqueue(fleetTick(o.fleet, (speedup * everyMs) / 1000));
    s.simClockMs = o.fleet.clockMs;
    drain();
  }, everyMs);

  return {
    stats: () => ({ ...s, connected: client.connected }),
    async stop() {
      if (stopping) return;
      clearInterval(timer);
      if (o.flushOnStop ?? true) enqueue(flushFleet(o.fleet));
      drain();
      // give the broker a moment to acknowledge what is in flight, then leave
      if (client.connected && (queue.length > 0 || s.inflight > 0)) {
        await new Promise<void>((resolve) => {
          drainWaiter = resolve;
          setTimeout(resolve, 5000).unref();
        });
      }
      stopping = true;
      await client.endAsync(true);
    },
  };
}
