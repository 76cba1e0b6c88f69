/**
 * A passport with its structure resized to a given module and cell count, for scale checks of the planner
 * (e.g. the 200-component figure of bench/disassembly.ts). Ids follow the demo convention (M01, M01-C001).
 */
import type { PackNode, Passport } from '../../../passport/index.js';

export function resizedPassport(base: Passport, moduleCount: number, cellsPerModule: number): Passport {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const children: PackNode[] = Array.from({ length: moduleCount }, (_, m) => {
    const mid = `M${pad(m + 1, 2)}`;
    return {
      id: mid, kind: 'module', serialNumber: `SYN-${mid}`, children: Array.from({ length: cellsPerModule }, (_, c) => ({
        id: `${mid}-C${pad(c + 1, 3)}`, kind: 'cell' as const, serialNumber: `SYN-${mid}-C${pad(c + 1, 3)}`, children: [],
      })),
    };
  });
  return { ...base, structure: { ...base.structure, children } };
}
