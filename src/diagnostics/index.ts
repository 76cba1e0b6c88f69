/**
 * Rapid SoH diagnostics: the public face of the domain. A lab runs the 115 s pulse test of
 * docs/pulse-test-protocol.md (or measures impedance); these functions turn the result into SoH with a calibrated
 * interval, a second-life grade and remaining capacity/energy — or a typed refusal saying what is wrong.
 */
export { PULSE_PROTOCOL_V1, PULSE_SLOTS, protocolSteps, protocolDurationS, idealCurrentA, idealCurrentProfile } from './core/protocol.js';
export type { PulseProtocol, ProtocolStep, PulseSlot } from './core/protocol.js';
export { extractFeatures } from './core/features.js';
export type { ExtractedFeatures, ExtractOptions, CurveSegment, RelaxationReport } from './core/features.js';
export type { TimeSeries } from './core/segments.js';
export { predictFromFeatures, predictFromPulseTest, checkFeatureRow, QN_AH_RANGE } from './core/predict.js';
export type { SohPrediction, PulseTestPrediction } from './core/predict.js';
export { predictSohFromEis, atFrequency } from './core/eis.js';
export type { EisSpectrumRow, EisSohPrediction } from './core/eis.js';
export { gradeFor, GRADE_THRESHOLDS, NOMINAL_VOLTAGE_V } from './core/grade.js';
export type { SohGrade } from './core/grade.js';
export { parsePulseArtifact, parseEisArtifact } from './core/artifact.js';
export type { PulseArtifact, EisArtifact } from './core/artifact.js';
export { PULSE_CHEMISTRIES, isPulseChemistry, U_COUNT } from './core/types.js';
export type { PulseChemistry, PulseFeatureRow, Refusal, RefusalCode } from './core/types.js';
export { loadPulseArtifact, loadEisArtifact, PULSE_ARTIFACT_PATH, EIS_ARTIFACT_PATH } from './adapters/files.js';
export { parseCsv, formatCsv } from './adapters/csv.js';
