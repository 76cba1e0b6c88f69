/**
 * Runs ONE participant node as its own process (production shape): configuration from the environment
 * (`src/platform/config.ts`), plus NODE_NAME, NODE_ROLE and NODE_FEATURES (comma-separated: authority, registry).
 * With DATABASE_URL it uses PostgreSQL; otherwise PGlite in DATA_DIR (or in memory).
 */
import { startNode, type NodeFeature } from './node.js';
import { isRole } from '../dataspace/identity/index.js';

async function main() {
  const role = process.env.NODE_ROLE ?? '';
  if (!isRole(role) || role === 'public') throw new Error(`NODE_ROLE must be a participant role, got '${role}'`);
  const features = (process.env.NODE_FEATURES ?? '').split(',').map((f) => f.trim()).filter(Boolean) as NodeFeature[];
  for (const f of features) if (f !== 'authority' && f !== 'registry') throw new Error(`NODE_FEATURES: unknown feature '${f}'`);
  const node = await startNode({ name: process.env.NODE_NAME ?? role, role, features });
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
