/**
 * Runs ONE participant node as its own process (production shape): configuration from the environment
 * (`src/platform/config.ts`), plus NODE_NAME, NODE_ROLE, NODE_FEATURES (comma-separated: authority, registry) and
 * AUTHORITY_URL (the dataspace authority to trust and fetch credentials from).
 * With DATABASE_URL it uses PostgreSQL; otherwise PGlite in DATA_DIR (or in memory).
 */
import { startNode, type NodeFeature, type NodeHandle } from './node.js';
import { isRole, signAccessToken } from '../dataspace/identity/index.js';

/**
 * Trusts the dataspace authority at AUTHORITY_URL and asks it for this participant's credentials (the authority must
 * have admitted this DID). Credentials live in memory: a restarted node asks again, so nothing stale survives.
 */
async function joinDataspace(node: NodeHandle, authorityUrl: string): Promise<void> {
  const doc = (await (await fetch(`${authorityUrl}/.well-known/did.json`, { signal: AbortSignal.timeout(5000) })).json()) as { id: string };
  node.trustedIssuers.add(doc.id);
  await node.registry.upsert({ did: doc.id, role: 'authority', name: 'Dataspace authority', publicJwk: null, baseUrl: authorityUrl });
  const token = await signAccessToken({ did: node.identity.did, role: node.identity.role, privateJwk: node.identity.privateJwk, audience: doc.id, now: new Date() });
  const res = await fetch(`${authorityUrl}/api/authority/credentials`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  if (res.status !== 201) {
    node.app.log.warn({ status: res.status }, 'the authority did not issue credentials; only public data will be reachable');
    return;
  }
  node.connector.identity.setCredentials(((await res.json()) as { credentials: string[] }).credentials);
}

async function main() {
  const role = process.env.NODE_ROLE ?? '';
  if (!isRole(role) || role === 'public') throw new Error(`NODE_ROLE must be a participant role, got '${role}'`);
  const features = (process.env.NODE_FEATURES ?? '').split(',').map((f) => f.trim()).filter(Boolean) as NodeFeature[];
  for (const f of features) if (f !== 'authority' && f !== 'registry') throw new Error(`NODE_FEATURES: unknown feature '${f}'`);
  const node = await startNode({ name: process.env.NODE_NAME ?? role, role, features });
  const authorityUrl = process.env.AUTHORITY_URL;
  if (authorityUrl) await joinDataspace(node, authorityUrl);
  // one machine-readable line so supervisors and tests can find the node
  process.stdout.write(`${JSON.stringify({ ready: true, name: node.name, role, url: node.url, did: node.identity.did, pid: process.pid })}\n`);
  const stop = async () => {
    await node.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`node failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
