/** Error metrics as the paper reports them: MAPE in % of the true SoH, MAE in SoH percentage points. */

export function mapePct(yTrue: readonly number[], yPred: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yPred[i] - yTrue[i]) / Math.abs(yTrue[i]);
  return (100 * s) / yTrue.length;
}

/** Mean absolute error in percentage points of SoH (SoH as a fraction × 100). */
export function maePct(yTrue: readonly number[], yPred: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yPred[i] - yTrue[i]);
  return (100 * s) / yTrue.length;
}

export function rmsePct(yTrue: readonly number[], yPred: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yPred[i] - yTrue[i]) ** 2;
  return 100 * Math.sqrt(s / yTrue.length);
}

/** Fraction of true values inside [low, high]. */
export function coverage(yTrue: readonly number[], low: readonly number[], high: readonly number[]): number {
  let k = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] >= low[i] && yTrue[i] <= high[i]) k++;
  return yTrue.length ? k / yTrue.length : NaN;
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
