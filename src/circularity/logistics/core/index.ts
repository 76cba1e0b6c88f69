/** Reverse logistics core (issue 6): dangerous-goods classification, shipments, collection-to-hub assignment. Pure. */
export * from './types.js';
export * from './config.js';
export * from './dangerous-goods.js';
export * from './handling.js';
export * from './shipment.js';
export * from './geo.js';
export * from './min-cost-flow.js';
export * from './assignment.js';
export * from './comparison.js';
export * from './demo-network.js';
