/**
 * Diagnostics routes (issue 5): a testing facility uploads a pulse test (raw time series or U1..U21) and gets SoH with
 * its interval, grade, remaining capacity and energy and the model version; with `record`, the result becomes its
 * signed testResult event in the battery's passport. Refusals name the field and what is wrong (422), never a number.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { requireParticipant } from '../../platform/auth.js';
import { Forbidden, HttpProblem, ValidationFailed } from '../../platform/errors.js';
import type { DiagnosticsService } from '../service.js';
import { PULSE_PROTOCOL_V1 } from '../core/protocol.js';

export interface DiagnosticsPluginOptions {
  service: DiagnosticsService;
  /** This node's participant DID: only its operator records results under its name. */
  operatorDid: () => string;
}

const MAX_SAMPLES = 200_000; // 120 s at 1 kHz with margin
const Num = Type.Number();
const SohBody = Type.Object(
  {
    chem: Type.String({ minLength: 1, maxLength: 10, description: 'cathode chemistry: NMC, LMO or LFP' }),
    nominalCapacityAh: Type.Number({ exclusiveMinimum: 0, maximum: 5000, description: 'nominal (rated) capacity of the tested unit, Ah' }),
    seriesCells: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'cells in series in the tested unit (voltages are divided by it)' })),
    features: Type.Optional(Type.Object({ u: Type.Array(Num, { minItems: 21, maxItems: 21, description: 'U1..U21 in V (PulseBat layout)' }) }, { additionalProperties: false })),
    pulse: Type.Optional(
      Type.Object(
        {
          timeS: Type.Array(Num, { minItems: 2, maxItems: MAX_SAMPLES }),
          currentA: Type.Array(Num, { minItems: 2, maxItems: MAX_SAMPLES, description: 'positive = charge, as the PulseBat protocol applies +pulses first' }),
          voltageV: Type.Array(Num, { minItems: 2, maxItems: MAX_SAMPLES }),
        },
        { additionalProperties: false },
      ),
    ),
    record: Type.Optional(
      Type.Object(
        {
          batteryId: Type.String({ minLength: 1, maxLength: 200 }),
          componentId: Type.String({ minLength: 1, maxLength: 100, description: 'pack, module or cell id of the tested unit' }),
          testTemperatureC: Type.Number({ minimum: -40, maximum: 80 }),
          holderUrl: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 500, description: "the passport holder's node, when it is not this node" })),
          holderDid: Type.Optional(Type.String({ pattern: '^did:web:', maxLength: 300 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const diagnosticsPlugin: FastifyPluginAsync<DiagnosticsPluginOptions> = async (app, opts) => {
  app.get('/api/diagnostics/protocol', { schema: { tags: ['diagnostics'], summary: 'The pulse-test protocol a lab runs (docs/pulse-test-protocol.md)' } }, async () => PULSE_PROTOCOL_V1);

  app.post<{ Body: Static<typeof SohBody> }>('/api/diagnostics/soh', {
    // a 1 kHz pulse test of 200 s is ~200k samples, ~8 MB as JSON: more than the node's default body limit
    bodyLimit: 12 * 1024 * 1024,
    schema: { tags: ['diagnostics'], summary: 'SoH of a returned battery from a pulse test, with interval and grade; optionally recorded as a signed testResult event', body: SohBody },
  }, async (req, reply) => {
    const caller = requireParticipant(req);
    const b = req.body;
    if ((b.features ? 1 : 0) + (b.pulse ? 1 : 0) !== 1) {
      throw new ValidationFailed('send exactly one of features or pulse', [{ field: b.features ? 'body.pulse' : 'body.features', reason: 'exactly one of features (U1..U21) or pulse (raw time series) is required' }]);
    }
    if (b.pulse && !(b.pulse.timeS.length === b.pulse.currentA.length && b.pulse.timeS.length === b.pulse.voltageV.length)) {
      throw new ValidationFailed('pulse columns differ in length', [{ field: 'body.pulse', reason: `timeS ${b.pulse.timeS.length}, currentA ${b.pulse.currentA.length}, voltageV ${b.pulse.voltageV.length} samples` }]);
    }
    const report = opts.service.assess({ chem: b.chem, nominalCapacityAh: b.nominalCapacityAh, seriesCells: b.seriesCells ?? 1, features: b.features, pulse: b.pulse });
    if ('ok' in report && report.ok === false) {
      const field = report.code === 'unknown-chemistry' ? 'body.chem' : report.code === 'invalid-capacity' ? 'body.nominalCapacityAh' : b.pulse ? 'body.pulse' : 'body.features.u';
      throw new ValidationFailed(`no SoH: ${report.reason}`, [{ field, reason: `${report.code}: ${report.reason}` }]);
    }
    const r = report as Exclude<typeof report, { ok: false }>;
    const p = r.prediction;
    let event: unknown = null;
    if (b.record) {
      if (caller.did !== opts.operatorDid()) throw new Forbidden("only this node's operator records test results under its name");
      if (!!b.record.holderUrl !== !!b.record.holderDid) throw new ValidationFailed('holderUrl and holderDid go together', [{ field: b.record.holderUrl ? 'body.record.holderDid' : 'body.record.holderUrl', reason: 'required with the other' }]);
      const holder = b.record.holderUrl && b.record.holderDid ? { url: b.record.holderUrl, did: b.record.holderDid } : undefined;
      const rec = await opts.service.record(r, { batteryId: b.record.batteryId, componentId: b.record.componentId, testTemperatureC: b.record.testTemperatureC, holder });
      if (!rec.ok) throw new HttpProblem(rec.status >= 400 && rec.status < 500 ? rec.status : 502, rec.status >= 400 && rec.status < 500 ? 'Not recorded' : 'Bad Gateway', `the test result was not recorded: ${rec.reason}`);
      event = rec;
    }
    return reply.code(b.record ? 201 : 200).send({
      soh: { pred: p.sohPred, low: p.sohLow, high: p.sohHigh, coverage: p.coverage },
      grade: p.grade,
      remainingCapacityAh: p.remainingCapacityAh,
      remainingEnergyWh: p.remainingEnergyWh,
      nominalVoltageV: p.nominalVoltageV,
      internalResistanceOhm: r.internalResistanceOhm,
      modelVersion: p.modelVersion,
      inputSha256: r.inputSha256,
      features: 'u' in p ? { u: p.u } : undefined,
      segments: 'segments' in p ? p.segments : undefined,
      recorded: event,
    });
  });
};
