/**
 * `npm start`: the whole local dataspace with embedded defaults (PGlite, in-memory, one per node), demo data, URLs.
 */
import { startLocalDataspace } from './local-dataspace.js';
import { loadConfig } from './config.js';
import { startLocalFleet, type LocalFleet } from './local-fleet.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isLoopback, startConsoleGateway, type ConsoleGateway } from './console/gateway.js';

/** The web console's build (`npm run build:web`, run before `npm start` by prestart). */
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

const log = (m: string) => process.stdout.write(`${m}\n`);

async function main() {
  const cfg = loadConfig();
  log('Battery Loop — starting the local dataspace (one node per participant, embedded PGlite)…');
  const ds = await startLocalDataspace({
    passports: Number(process.env.DEMO_PASSPORTS ?? 24),
    basePort: Number(process.env.BASE_PORT ?? 7101),
    config: { host: cfg.host, logLevel: cfg.logLevel === 'info' ? 'warn' : cfg.logLevel },
    onProgress: log,
  });
  const m = ds.nodes.manufacturer;
  // the vehicles: simulated fleet → MQTT → the OEM's twins → snapshots in the passports (FLEET=0 leaves it out)
  let fleet: LocalFleet | null = null;
  if (process.env.FLEET !== '0') {
    log('starting the vehicle fleet…');
    fleet = await startLocalFleet(m, ds.nodes.oem, { mqttUrl: cfg.mqttUrl || undefined, brokerPort: Number(process.env.MQTT_PORT ?? 1884), progress: log });
  }
  // the console: one port for the browser, which forwards to the nodes as the chosen demo identity (demo only)
  const basePort = Number(process.env.BASE_PORT ?? 7101);
  let gateway: ConsoleGateway | null = null;
  if (process.env.CONSOLE !== '0') {
    // the authority node takes BASE_PORT-1 (7100), so the console tries the port below it
    gateway = await startConsoleGateway({
      nodes: ds.nodes,
      port: Number(process.env.CONSOLE_PORT ?? basePort - 2),
      host: isLoopback(cfg.host) ? cfg.host : '127.0.0.1',
      webDist: WEB_DIST,
    });
    if (!existsSync(`${WEB_DIST}/index.html`)) log('the web console is not built: run `npm run build:web` (npm start does it first)');
  }
  const first = (await m.passports.list({ limit: 1 })).items[0];
  log('');
  log(`Ready: ${Object.keys(ds.nodes).length} nodes, ${ds.passportIds.length} demo passports, ${ds.eventCount} signed lifecycle events.`);
  for (const n of Object.values(ds.nodes)) log(`  ${(n.authority ? 'dataspace' : n.identity.role).padEnd(16)} ${n.url}   ${n.identity.did}   ${n.name}`);
  log('');
  if (gateway) log(`Console:          ${gateway.consoleUrl}   (demo identities; loopback only)`);
  log(`API docs:         ${m.url}/docs   (OpenAPI 3.1: ${m.url}/openapi.json)`);
  if (first) {
    log(`Public passport:  ${m.url}/p/${encodeURIComponent(first.batteryId)}`);
    log(`Passport JSON:    ${m.url}/api/passports/${encodeURIComponent(first.batteryId)}`);
    log(`History check:    ${m.url}/api/passports/${encodeURIComponent(first.batteryId)}/events/verify`);
  }
  log(`Dataspace:        ${m.url}/dsp/2025-1 (DSP 2025-1); credentials and registry at ${ds.nodes.dataspaceAuthority.url}`);
  if (fleet) {
    log(`Telemetry:        ${fleet.mqttUrl} (topics batteryloop/v1/<participant>/<batteryId>/telemetry), ${fleet.vehicles} vehicles`);
    log(`Twins:            ${ds.nodes.oem.url}/api/twin/batteries (OEM operator token)`);
  }
  log('Press Ctrl+C to stop.');
  const stop = async () => {
    log('stopping…');
    await gateway?.close();
    await fleet?.close();
    await ds.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
