import type { Command } from 'commander';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validatePassport, type Passport } from '../passport/index.js';
import { exportPassport, importPassport, EXPORT_FORMATS, type ExportFormatName } from '../passport/index.js';
import { verifyChain, type StoredEvent } from '../history/core/index.js';
import { didOfKeyId, didWebToUrl, parseDidDocument, parseEd25519PublicJwk, verificationKeyFromDidDocument, type Ed25519PublicJwk } from '../dataspace/identity/index.js';
import { CliError, readJsonFile, say, warn, writeInto, writeJsonFile } from './io.js';
import { mintToken, loadKeyFile } from './identity-commands.js';

function checkFormat(f: string): ExportFormatName {
  if (!EXPORT_FORMATS.includes(f as ExportFormatName)) throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  return f as ExportFormatName;
}

function loadPassport(path: string): Passport {
  const p = readJsonFile(path);
  const errors = validatePassport(p);
  if (errors.length > 0) throw new CliError(`${path} is not a valid native passport:\n${errors.map((e) => `  ${e.attribute}: ${e.reason}`).join('\n')}`);
  return p as Passport;
}

/** Resolves event keys over did:web; plain http only for loopback hosts (local dataspace). */
function didWebKeyResolver(pinned: Record<string, Ed25519PublicJwk> = {}) {
  const docs = new Map<string, ReturnType<typeof parseDidDocument>>();
  return async (kid: string) => {
    const did = didOfKeyId(kid);
    if (!did) return null;
    if (pinned[did]) return pinned[did];
    if (!docs.has(did)) {
      const host = did.split(':')[2] ?? '';
      const scheme = /^(127\.|localhost)/.test(host) ? 'http' : 'https';
      try {
        const res = await fetch(didWebToUrl(did, { scheme }), { signal: AbortSignal.timeout(5000) });
        docs.set(did, res.ok ? parseDidDocument(await res.json(), did) : { ok: false, reason: `HTTP ${res.status}` });
      } catch (e) {
        docs.set(did, { ok: false, reason: (e as Error).message });
      }
    }
    const d = docs.get(did);
    return d && d.ok ? verificationKeyFromDidDocument(d.document, kid, 'assertionMethod') : null;
  };
}

async function fetchJson(url: string, token?: string): Promise<unknown> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(15000) });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new CliError(`${url}: HTTP ${res.status} ${(body as { detail?: string } | null)?.detail ?? ''}`);
  return body;
}

export function registerPassportCommands(program: Command): void {
  const passport = program.command('passport').description('battery passports: export, import, verify');

  passport
    .command('export')
    .description('export a native passport file to IDTA-02035, Catena-X, Battery Pass 1.2 or JSON-LD (offline)')
    .requiredOption('--in <passport.json>', 'native passport file')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .requiredOption('--out <dir>', 'output directory; files are named <namespace>.json')
    .action((o: { in: string; format: string; out: string }) => {
      const r = exportPassport(loadPassport(o.in), checkFormat(o.format));
      for (const f of r.files) say(writeInto(o.out, f.fileName, f.content));
      for (const om of r.omitted) warn(`not written: ${om.namespace}.json — ${om.reason}`);
    });

  passport
    .command('import')
    .description('rebuild a native passport from exported files (a directory or file list)')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .requiredOption('--out <passport.json>', 'native passport file to write')
    .argument('<paths...>', 'exported files or a directory holding them')
    .action((paths: string[], o: { format: string; out: string }) => {
      const files: Record<string, unknown> = {};
      for (const p of paths) {
        const list = statSync(p).isDirectory() ? readdirSync(p).filter((n) => n.endsWith('.json') || n.endsWith('.jsonld')).map((n) => join(p, n)) : [p];
        for (const f of list) files[f.split('/').pop() as string] = readJsonFile(f);
      }
      const r = importPassport(files, checkFormat(o.format));
      if (!r.ok) throw new CliError(`import failed:\n${r.errors.map((e) => `  ${e.field}: ${e.reason}`).join('\n')}`);
      for (const w of r.warnings) warn(`warning: ${w}`);
      writeJsonFile(o.out, r.passport);
      say(`wrote ${o.out}`);
    });

  passport
    .command('verify')
    .description("check a battery's whole signed history and name the first bad event (altered, reordered, removed, wrong key)")
    .argument('[batteryId]', 'battery or passport id on --node')
    .option('--node <url>', 'node holding the passport, e.g. http://127.0.0.1:7101')
    .option('--key <keyfile>', 'your participant key file (from `batteryloop identity init`) to authenticate')
    .option('--events <file>', 'verify an exported events file offline instead ({items:[...]} or an array)')
    .option('--keys <file>', 'offline: JSON object mapping DID → Ed25519 public JWK (otherwise resolved over did:web)')
    .action(async (batteryId: string | undefined, o: { node?: string; key?: string; events?: string; keys?: string }) => {
      let events: StoredEvent[];
      if (o.events) {
        const raw = readJsonFile(o.events) as { items?: StoredEvent[] } | StoredEvent[];
        events = Array.isArray(raw) ? raw : raw.items ?? [];
      } else {
        if (!o.node || !batteryId || !o.key) throw new CliError('give <batteryId> --node <url> --key <keyfile>, or --events <file>');
        const doc = (await fetchJson(`${o.node}/.well-known/did.json`)) as { id: string };
        const token = await mintToken(loadKeyFile(o.key), doc.id, 120);
        events = ((await fetchJson(`${o.node}/api/passports/${encodeURIComponent(batteryId)}/events`, token)) as { items: StoredEvent[] }).items;
      }
      const pinned: Record<string, Ed25519PublicJwk> = {};
      if (o.keys) {
        for (const [did, jwk] of Object.entries(readJsonFile(o.keys) as Record<string, unknown>)) {
          const k = parseEd25519PublicJwk(jwk);
          if (!k) throw new CliError(`--keys: ${did} is not an Ed25519 public JWK`);
          pinned[did] = k;
        }
      }
      const r = await verifyChain(events, didWebKeyResolver(pinned));
      if (r.ok) {
        say(`OK: ${r.length} events, every signature, hash and link verified; head ${r.headHash ?? '(empty)'}`);
        return;
      }
      const f = r.firstBad;
      say(`BROKEN at seq ${f.seq} (event ${f.eventId ?? '?'}): ${f.problem} — ${f.detail}`);
      say(`${r.verifiedLength} event(s) before it verified`);
      process.exitCode = 2;
    });
}
