import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import mqtt from 'mqtt';
import { startEmbeddedBroker } from './mqtt-broker.js';

test('the embedded broker carries QoS 1 messages and frees its port on close', async () => {
  const broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0 });
  assert.match(broker.url, /^mqtt:\/\/127\.0\.0\.1:\d+$/);
  const sub = await mqtt.connectAsync(broker.url, { clientId: 'sub', reconnectPeriod: 0 });
  const pub = await mqtt.connectAsync(broker.url, { clientId: 'pub', reconnectPeriod: 0 });
  await sub.subscribeAsync('a/+/c', { qos: 1 });
  const got = new Promise<string>((resolve) => sub.on('message', (topic, payload) => resolve(`${topic} ${payload.toString()}`)));
  await pub.publishAsync('a/b/c', 'hello', { qos: 1 });
  assert.equal(await got, 'a/b/c hello');
  await pub.endAsync();
  // a client still connected must not keep close() waiting
  await broker.close();
  sub.end(true);
  const refused = await new Promise<boolean>((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port: broker.port });
    s.on('connect', () => (s.destroy(), resolve(false)));
    s.on('error', () => resolve(true));
  });
  assert.ok(refused, 'port still open after close');
});
