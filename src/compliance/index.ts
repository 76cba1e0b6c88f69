/**
 * The compliance domain's public face (issue 7): recycling efficiency and material recovery (Annex XII), material
 * lots and recycled content (Art. 8), carbon footprint (Art. 7), reports, and the recycler's service with its HTTP
 * plugin and migrations. Other domains, the CLI and the composition root import from here.
 */
export * from './core/index.js';
export * from './core/passport-composition.js';
export * from './core/intake.js';
export * from './core/model-uses.js';
export * from './core/intake-examples.js';
export * from './core/report-document.js';
export * from './core/model-report.js';
export { renderReportHtml } from './core/html-report.js';
export { barChart, type ChartSpec, type BarRow } from './core/svg-chart.js';
export * as forecast from './forecast/index.js';
export {
  ComplianceService,
  SIGNED_REPORT_TYPE,
  type ComplianceDeps,
  type AppendOutcome,
  type RecycledDraft,
  type BatchInput,
  type BatchView,
  type BatchSummary,
  type RecycledEventView,
  type LotView,
  type ModelRequest,
  type FootprintRequest,
  type ReportKind,
  type ReportFormat,
  type SignedReport,
} from './service.js';
export { complianceHttp, type CompliancePluginOptions } from './http/plugin.js';
export { complianceMigrations } from './adapters/migrations.js';
export { compliancePorts, type NodePortsInput } from './adapters/node-ports.js';
