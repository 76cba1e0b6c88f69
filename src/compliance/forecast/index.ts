/** Returns forecast (issue 7): per-battery end-of-first-life distributions → monthly expected hub returns. */
export * from './rng.js';
export * from './priors.js';
export * from './eol.js';
export * from './aggregate.js';
export * from './simulate.js';
export * from './backtest.js';
