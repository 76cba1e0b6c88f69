/** Where the datasets and the committed artifacts live, and loading artifacts from disk. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEisArtifact, parsePulseArtifact, type EisArtifact, type PulseArtifact } from '../core/artifact.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SHARED_DIR = process.env.BATTERYLOOP_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared');
export const PULSEBAT_W3000_CSV = resolve(SHARED_DIR, 'datasets', 'pulsebat-tao2024', 'csv', 'pulsebat_W3000_U1-U21.csv');
export const NREL_EIS_CSV = resolve(SHARED_DIR, 'datasets', 'nrel-denso-eis', 'data.csv');
export const PULSE_ARTIFACT_PATH = resolve(REPO_ROOT, 'models', 'soh-pulse.json');
export const EIS_ARTIFACT_PATH = resolve(REPO_ROOT, 'models', 'soh-eis.json');

export function hasPulseBat(): boolean {
  return existsSync(PULSEBAT_W3000_CSV);
}

const cache = new Map<string, unknown>();

export function loadPulseArtifact(path = PULSE_ARTIFACT_PATH): PulseArtifact {
  if (!cache.has(path)) cache.set(path, parsePulseArtifact(JSON.parse(readFileSync(path, 'utf8'))));
  return cache.get(path) as PulseArtifact;
}

export function loadEisArtifact(path = EIS_ARTIFACT_PATH): EisArtifact {
  if (!cache.has(path)) cache.set(path, parseEisArtifact(JSON.parse(readFileSync(path, 'utf8'))));
  return cache.get(path) as EisArtifact;
}
