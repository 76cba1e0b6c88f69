/**
 * TEST-ONLY node launcher — never use it to run a real node: it prints the node's PRIVATE KEY.
 *
 * Runs one participant node as its own OS process, configured from the environment exactly like
 * `src/platform/serve.ts` (NODE_ROLE, NODE_NAME, NODE_FEATURES, PORT, PUBLIC_URL, DATA_DIR, TRUSTED_ISSUERS, ...),
 * and adds what a multi-process test needs but the production entry point rightly does not offer:
 *  - the ready line carries the operator's private JWK, so the test can sign operator tokens for the node's own API
 *    (management API, trust list) from outside the process;
 *  - with TEST_AUTHORITY_URL and TEST_AUTHORITY_DID set, the node fetches its membership and role credentials from
 *    the dataspace authority at every start (a node holds its credentials in memory only, so a restarted node must
 *    fetch them again before it can present them on DSP calls).
 *
 * Spawn with `node --import tsx test/support/test-node-launcher.ts` from the repository root.
 */
import { startNode, type NodeFeature, type NodeHandle } from '../../src/platform/node.js';
import { isRole, signAccessToken } from '../../src/dataspace/identity/index.js';

async function fetchCredentials(node: NodeHandle, authorityUrl: string, authorityDid: string): Promise<number> {
  const token = await signAccessToken({ did: node.identity.did, role: node.identity.role, privateJwk: node.identity.privateJwk, audience: authorityDid, now: new Date() });
  const res = await fetch(`${authorityUrl}/api/authority/credentials`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  if (res.status !== 201) throw new Error(`credential issuance failed: HTTP ${res.status} ${await res.text()}`);
  const credentials = ((await res.json()) as { credentials: string[] }).credentials;
  node.connector.identity.setCredentials(credentials);
  return credentials.length;
}

async function main() {
  const role = process.env.NODE_ROLE ?? '';
  if (!isRole(role) || role === 'public') throw new Error(`NODE_ROLE must be a participant role, got '${role}'`);
  const features = (process.env.NODE_FEATURES ?? '').split(',').map((f) => f.trim()).filter(Boolean) as NodeFeature[];
  for (const f of features) if (f !== 'authority' && f !== 'registry') throw new Error(`NODE_FEATURES: unknown feature '${f}'`);
  const node = await startNode({ name: process.env.NODE_NAME ?? role, role, features });
  const authorityUrl = process.env.TEST_AUTHORITY_URL;
  const authorityDid = process.env.TEST_AUTHORITY_DID;
  const credentials = authorityUrl && authorityDid ? await fetchCredentials(node, authorityUrl, authorityDid) : 0;
  process.stdout.write(
    `${JSON.stringify({ ready: true, name: node.name, role, url: node.url, did: node.identity.did, pid: process.pid, credentials, privateJwk: node.identity.privateJwk })}\n`,
  );
  const stop = async () => {
    await node.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`test node failed to start: ${(e as Error).stack ?? (e as Error).message}\n`);
  process.exit(1);
});
