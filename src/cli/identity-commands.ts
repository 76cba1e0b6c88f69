import type { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { didWebFromUrl, generateParticipantKeys, isRole, parseParticipantKeyFile, serializeParticipantKeyFile, signAccessToken, buildDidDocument, type ParticipantKeyFile } from '../dataspace/identity/index.js';
import type { Role } from '../passport/index.js';
import { CliError, say } from './io.js';

export interface CliKey extends ParticipantKeyFile {
  role: Role;
  name: string;
}

export function loadKeyFile(path: string): CliKey {
  if (!existsSync(path)) throw new CliError(`key file ${path} not found; create one with \`batteryloop identity init\``);
  const text = readFileSync(path, 'utf8');
  const extra = JSON.parse(text) as { role?: string; name?: string };
  if (!isRole(extra.role)) throw new CliError(`${path} has no valid role`);
  return { ...parseParticipantKeyFile(text), role: extra.role, name: extra.name ?? '' };
}

export async function mintToken(key: CliKey, audience: string, ttlSeconds: number): Promise<string> {
  return signAccessToken({ did: key.did, role: key.role, privateJwk: key.privateJwk, audience, now: new Date(), ttlSeconds });
}

export function registerIdentityCommands(program: Command): void {
  const id = program.command('identity').description('participant keys, DID documents and access tokens');
  id.command('init')
    .description('create an Ed25519 key pair and did:web identity for a participant (key file stays private)')
    .requiredOption('--url <baseUrl>', 'where your node serves /.well-known/did.json, e.g. https://passports.example.com')
    .requiredOption('--role <role>', 'manufacturer | oem | logistics | dismantler | testingFacility | remanufacturer | recycler | authority')
    .requiredOption('--name <name>', 'organisation name')
    .requiredOption('--out <keyfile>', 'where to write the key file')
    .action((o: { url: string; role: string; name: string; out: string }) => {
      if (!isRole(o.role) || o.role === 'public') throw new CliError('--role is not a participant role');
      if (existsSync(o.out)) throw new CliError(`${o.out} exists; refusing to overwrite a key`);
      const did = didWebFromUrl(o.url);
      const keys = generateParticipantKeys(did);
      const file = { ...JSON.parse(serializeParticipantKeyFile(keys)), role: o.role, name: o.name };
      writeFileSync(o.out, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
      say(`${did}\nkey written to ${o.out} (mode 600)`);
    });
  id.command('did-document')
    .description('print the DID document to publish for a key file')
    .requiredOption('--key <keyfile>')
    .action((o: { key: string }) => {
      const k = loadKeyFile(o.key);
      say(JSON.stringify(buildDidDocument({ did: k.did, publicJwk: k.publicJwk, role: k.role, name: k.name }), null, 2));
    });
  id.command('token')
    .description('mint a short-lived participant JWT (EdDSA) for calling a node')
    .requiredOption('--key <keyfile>')
    .requiredOption('--aud <did>', "the node's DID (from its /.well-known/did.json)")
    .option('--ttl <seconds>', 'lifetime', '300')
    .action(async (o: { key: string; aud: string; ttl: string }) => {
      say(await mintToken(loadKeyFile(o.key), o.aud, Number(o.ttl)));
    });
}
