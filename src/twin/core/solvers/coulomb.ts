/** Coulomb counting: soc_k+1 = soc_k − η·i·Δt/(3600·Q), η = coulombic efficiency on charge (≈1 for Li-ion). */
export function coulombStep(soc: number, currentA: number, dtS: number, capacityAh: number, chargeEfficiency = 1): number {
  const eta = currentA < 0 ? chargeEfficiency : 1;
  return soc - (eta * currentA * dtS) / (3600 * capacityAh);
}

/** Whole-sequence Coulomb counting (sample k's current held until k+1). */
export function coulombCount(timeS: ArrayLike<number>, currentA: ArrayLike<number>, initialSoc: number, capacityAh: number): Float64Array {
  const n = timeS.length;
  const out = new Float64Array(n);
  let soc = initialSoc;
  for (let k = 0; k < n; k++) {
    out[k] = soc;
    if (k + 1 < n) soc = coulombStep(soc, currentA[k], timeS[k + 1] - timeS[k], capacityAh);
  }
  return out;
}
