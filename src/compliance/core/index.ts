/** Recycling & compliance core (Regulation (EU) 2023/1542: Art. 7, Art. 8, Art. 71, Annex XII). Pure functions only. */
export * from './regulatory-targets.js';
export * from './composition.js';
export * from './batch.js';
export * from './mass-balance.js';
export * from './assessment.js';
export * from './efficiency.js';
export * from './recovery.js';
export * from './material-lots.js';
export * from './recycled-content.js';
export * from './carbon-footprint.js';
export * from './report.js';
export * from './examples.js';
