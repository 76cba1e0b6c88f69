/**
 * MQTT subscriber that acknowledges a QoS 1 message (PUBACK) only after its handler finished, with a persistent
 * session so the broker keeps what it could not deliver and redelivers what was not acknowledged.
 *
 * Why not plain `client.handleMessage`: mqtt.js calls it one message at a time and reads the next packet only after
 * its callback, which is also what sends the PUBACK — so acking after the work would make the whole client serial
 * (and would deadlock a handler that itself waits for a PUBACK, like the error-topic publish). Here the callback
 * is released at once with an error value, which mqtt.js takes as "no PUBACK", and the PUBACK is written when the
 * handler is done. Work is serial per key (a battery: order kept), concurrent across keys up to `maxInFlight`
 * (backpressure: past it the callback is held, so mqtt.js stops reading the socket). PUBACKs go out in the order
 * the messages arrived (MQTT 3.1.1 §4.6, MQTT 5 §4.6).
 *
 * A handler that throws (store down) leaves its message unacknowledged; later messages of the same key in that
 * connection are not processed either (order), and after a backoff the client disconnects, waits for running work
 * and reconnects, so the broker redelivers everything unacknowledged (MQTT 3.1.1 §4.4). Acks of work that finished
 * after its connection was lost are dropped: the broker redelivers those messages and the sink sees duplicates.
 */
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';

export interface TransportLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLog: TransportLog = { info() {}, warn() {}, error() {} };

export interface AckingSubscriberOptions {
  url: string;
  /** stable across restarts: the broker keeps the session (subscription and undelivered messages) under it */
  clientId: string;
  topicFilter: string;
  /** serialisation key of a topic (messages with the same key are handled one after the other) */
  keyOf(topic: string): string;
  /** resolves = acknowledge; throws = leave unacknowledged for redelivery */
  handle(topic: string, payload: Buffer, ctx: { redelivered: boolean }): Promise<void>;
  maxInFlight?: number;
  /** 4 = MQTT 3.1.1 (default: every broker, including the embedded aedes), 5 = MQTT 5 */
  protocolVersion?: 4 | 5;
  /** MQTT 5 only: how long the broker keeps the session while disconnected, s */
  sessionExpiryS?: number;
  retryDelayMs?: { min: number; max: number };
  connectTimeoutMs?: number;
  username?: string;
  password?: string;
  log?: TransportLog;
}

export interface AckingSubscriber {
  client: MqttClient;
  /** messages received but not finished */
  inFlight(): number;
  /** Stops taking messages, waits for running work and its acks, disconnects (the session stays on the broker). */
  stop(): Promise<void>;
}

interface AckEntry {
  gen: number;
  messageId: number;
  state: 'pending' | 'ack' | 'noack';
}

/** Passed to mqtt.js's handleMessage callback: releases the packet pipeline without sending a PUBACK. */
const NO_PUBACK_YET = new Error('acknowledged later, after the handler finished');

export async function startAckingSubscriber(o: AckingSubscriberOptions): Promise<AckingSubscriber> {
  const log = o.log ?? silentLog;
  const maxInFlight = o.maxInFlight ?? 64;
  const retry = o.retryDelayMs ?? { min: 500, max: 30_000 };
  const v5 = o.protocolVersion === 5;
  const client = mqtt.connect(o.url, {
    clientId: o.clientId,
    clean: false,
    protocolVersion: o.protocolVersion ?? 4,
    // MQTT 5: without a session expiry the broker drops the session at disconnect (MQTT 5 §3.1.2.11.2)
    properties: v5 ? { sessionExpiryInterval: o.sessionExpiryS ?? 7 * 24 * 3600, receiveMaximum: Math.min(65535, maxInFlight) } : undefined,
    reconnectPeriod: 1000,
    connectTimeout: o.connectTimeoutMs ?? 10_000,
    resubscribe: false,
    username: o.username,
    password: o.password,
  });
  const sendPacket = (client as unknown as { _sendPacket?: (p: object, cb?: () => void) => void })._sendPacket;
  if (typeof sendPacket !== 'function') {
    client.end(true);
    throw new Error('mqtt.js has no _sendPacket: this version cannot send a deferred PUBACK');
  }

  let gen = 0;
  let stopping = false;
  let draining = false;
  let inFlight = 0;
  let failStreak = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  const failedKeys = new Set<string>(); // keys whose handler failed in the current connection
  const stillFailing = new Set<string>(); // keys that failed and have not succeeded since
  const fifo: AckEntry[] = [];
  const tails = new Map<string, Promise<void>>();
  const slotWaiters: (() => void)[] = [];
  const idleWaiters: (() => void)[] = [];

  const flushAcks = () => {
    while (fifo.length > 0 && fifo[0].state !== 'pending') {
      const e = fifo.shift()!;
      if (e.state === 'ack' && e.gen === gen && client.connected) sendPacket.call(client, { cmd: 'puback', messageId: e.messageId });
    }
  };

  const finished = () => {
    inFlight--;
    flushAcks();
    while (inFlight < maxInFlight && slotWaiters.length > 0) slotWaiters.shift()!();
    if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
  };

  const whenIdle = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r)));

  const scheduleRedelivery = () => {
    if (retryTimer || stopping) return;
    const delay = Math.min(retry.max, retry.min * 2 ** Math.min(failStreak, 20));
    failStreak++;
    retryTimer = setTimeout(async () => {
      draining = true;
      await whenIdle();
      retryTimer = null;
      if (stopping) return;
      log.info({ clientId: o.clientId, failedKeys: [...failedKeys] }, 'reconnecting so the broker redelivers unacknowledged telemetry');
      client.end(false, {}, () => {
        draining = false;
        if (!stopping) client.reconnect();
      });
    }, delay);
    retryTimer.unref?.();
  };

  client.handleMessage = (packet: IPublishPacket, callback: (err?: Error) => void) => {
    const topic = packet.topic;
    const key = o.keyOf(topic);
    const myGen = gen;
    if (stopping || draining || failedKeys.has(key)) {
      // not processed, not acknowledged: the broker redelivers it on the next connection
      callback(packet.qos > 0 ? NO_PUBACK_YET : undefined);
      return;
    }
    const entry: AckEntry | null = packet.qos > 0 && packet.messageId !== undefined ? { gen: myGen, messageId: packet.messageId, state: 'pending' } : null;
    if (entry) fifo.push(entry);
    inFlight++;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const run = async () => {
      if (gen !== myGen || failedKeys.has(key)) {
        if (entry) entry.state = 'noack';
        return;
      }
      try {
        await o.handle(topic, payload, { redelivered: packet.dup === true });
        if (entry) entry.state = 'ack';
        if (stillFailing.delete(key) && stillFailing.size === 0) failStreak = 0;
      } catch (err) {
        if (entry) entry.state = 'noack';
        if (gen === myGen) failedKeys.add(key);
        stillFailing.add(key);
        log.warn({ err, topic, clientId: o.clientId }, 'telemetry handler failed: left unacknowledged for redelivery');
        scheduleRedelivery();
      }
    };
    const tail = (tails.get(key) ?? Promise.resolve()).then(run).finally(() => {
      if (tails.get(key) === tail) tails.delete(key);
      finished();
    });
    tails.set(key, tail);
    const release = () => callback(entry ? NO_PUBACK_YET : undefined);
    if (inFlight < maxInFlight) release();
    else slotWaiters.push(release);
  };

  let subscribed!: (err?: Error) => void;
  const firstSubscription = new Promise<void>((resolve, reject) => {
    subscribed = (err) => (err ? reject(err) : resolve());
  });
  client.on('connect', () => {
    gen++;
    failedKeys.clear();
    // subscribing again on every connection is harmless and covers a broker that lost the session
    client.subscribe(o.topicFilter, { qos: 1 }, (err, granted) => {
      const refused = !err && granted?.some((g) => g.qos === 128) ? new Error(`broker refused the subscription ${o.topicFilter}`) : undefined;
      if (err || refused) log.error({ err: err ?? refused, filter: o.topicFilter }, 'telemetry subscription failed');
      subscribed(err ?? refused);
    });
  });
  client.on('error', (err) => log.warn({ err, clientId: o.clientId }, 'mqtt client error'));

  const connectTimeoutMs = o.connectTimeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      firstSubscription,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`MQTT broker ${o.url} not reachable within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      }),
    ]);
  } catch (err) {
    client.end(true);
    throw err;
  } finally {
    clearTimeout(timer);
  }

  return {
    client,
    inFlight: () => inFlight,
    async stop() {
      if (stopping) return;
      stopping = true;
      if (retryTimer) clearTimeout(retryTimer);
      await whenIdle();
      flushAcks();
      await client.endAsync(false);
    },
  };
}
