/**
 * Access to the published schemas and datasets in `../shared` (beside the repository).
 * They are not copied into the repo (licences); tests that need them skip with a clear message when absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2019Module from 'ajv/dist/2019.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

// ajv ships CommonJS; under NodeNext the class sits on `.default`.
const Ajv2019 = ((Ajv2019Module as unknown as { default?: unknown }).default ?? Ajv2019Module) as unknown as typeof import('ajv').default;

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = process.env.BATTERYLOOP_SHARED_DIR ?? resolve(repoRoot, '..', 'shared');
export const hasShared = existsSync(resolve(sharedDir, 'fixtures'));
/** Pass as `{ skip }` to node:test so the reason is printed when ../shared is missing. */
export const skipWithoutShared: string | false = hasShared
  ? false
  : `../shared not found at ${sharedDir}: published fixtures are needed for this conformance test`;

export function sharedPath(...parts: string[]): string {
  return resolve(sharedDir, ...parts);
}

/** Reads JSON that may be UTF-8, UTF-8 with BOM, or UTF-16 LE/BE with BOM (several upstream schemas are UTF-16). */
export function readJsonAnyEncoding(path: string): unknown {
  const buf = readFileSync(path);
  let text: string;
  if (buf[0] === 0xff && buf[1] === 0xfe) text = buf.subarray(2).toString('utf16le');
  else if (buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    text = swapped.toString('utf16le');
  } else if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) text = buf.subarray(3).toString('utf8');
  else text = buf.toString('utf8');
  return JSON.parse(text);
}

const cache = new Map<string, ValidateFunction>();

/** Compiles a schema with the validator for its declared draft (draft-04 or 2019-09). */
export function compileSharedSchema(relPath: string): ValidateFunction {
  const hit = cache.get(relPath);
  if (hit) return hit;
  const schema = readJsonAnyEncoding(sharedPath(relPath)) as Record<string, unknown>;
  const draft = String(schema.$schema ?? '');
  const ajv = draft.includes('draft-04')
    ? new (AjvDraft04 as unknown as typeof Ajv2019)({ allErrors: true, strict: false })
    : new Ajv2019({ allErrors: true, strict: false });
  (addFormats as unknown as (a: unknown) => void)(ajv);
  const validate = ajv.compile(schema);
  cache.set(relPath, validate);
  return validate;
}
