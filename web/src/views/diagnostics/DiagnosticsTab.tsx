/**
 * Diagnostics tab: a testing facility uploads a pulse test (docs/pulse-test-protocol.md) or a U1..U21 features row,
 * gets SoH with its 90 % interval and grade (POST /api/diagnostics/soh on its own node), sees the response curve the
 * features were read from, and can record the result as its signed testResult event in the passport (the holder
 * accepts it under a contract agreement, which the view obtains over the dataspace first).
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../api.js';
import { TimeSeries } from '../../charts/TimeSeries.js';
import type { BatteryTabProps } from '../index.js';
import { holderFields, ownNode, passportFor } from '../common/dataspace.js';
import { num } from '../common/format.js';
import { Badge, Busy, ErrorNote, Field, fieldError, Stat, useRequest } from '../common/ui.js';
import { curveOf, parsePulseFile, type CurveSegment, type PulseFile } from './pulse-file.js';

interface SohResponse {
  soh: { pred: number; low: number; high: number; coverage: number };
  grade: 'A' | 'B' | 'C' | 'D';
  remainingCapacityAh: number;
  remainingEnergyWh: number;
  nominalVoltageV: number;
  internalResistanceOhm: number;
  modelVersion: string;
  inputSha256: string;
  features?: { u: number[] };
  segments?: CurveSegment[];
  recorded: null | { ok?: boolean; seq?: number; duplicate?: boolean };
}

interface Protocol {
  id: string;
  pulseWidthS: number;
  restAfterPulseS: number;
  pulseCRates: number[];
  maxTotalS: number;
  minSampleRateHz: number;
}

/** Chemistries the SoH models were trained on (docs/pulse-test-protocol.md "Before the test"). */
const CHEMISTRIES = ['NMC', 'LMO', 'LFP'] as const;
const GRADE_USE: Record<string, string> = {
  A: 'at or above 80 %: vehicle re-use or demanding stationary use',
  B: '70–80 %: second-life stationary storage',
  C: '60–70 %: low-duty second life after module sorting',
  D: 'below 60 %: recycling',
};

export function DiagnosticsTab({ api, batteryId, holder, participants }: BatteryTabProps) {
  const node = ownNode(api, 'testingFacility');
  const [file, setFile] = useState<{ name: string; data: PulseFile } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [chem, setChem] = useState<string>('NMC');
  const [qn, setQn] = useState('');
  const [series, setSeries] = useState('1');
  const [record, setRecord] = useState(api.actAs?.role === 'testingFacility');
  const [componentId, setComponentId] = useState('pack');
  const [tempC, setTempC] = useState('25');
  const [protocol, setProtocol] = useState<Protocol | null>(null);
  const req = useRequest<SohResponse>();
  const [steps, setSteps] = useState<{ step: number; of: number }>({ step: 0, of: 1 });

  useEffect(() => {
    api.get<Protocol>(node, '/api/diagnostics/protocol').then(setProtocol, () => setProtocol(null));
  }, [api, node]);

  async function onFile(f: File | undefined) {
    setFile(null);
    setFileError(null);
    req.reset();
    if (!f) return;
    try {
      const data = parsePulseFile(await f.text());
      setFile({ name: f.name, data });
      if (data.kind === 'features') {
        if (data.chem && (CHEMISTRIES as readonly string[]).includes(data.chem)) setChem(data.chem);
        if (data.nominalCapacityAh) setQn(String(data.nominalCapacityAh));
      }
    } catch (e) {
      setFileError((e as Error).message);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      setFileError('choose the pulse-test file first');
      return;
    }
    const body: Record<string, unknown> = {
      chem,
      nominalCapacityAh: Number(qn),
      seriesCells: Number(series),
      ...(file.data.kind === 'pulse' ? { pulse: { timeS: file.data.timeS, currentA: file.data.currentA, voltageV: file.data.voltageV } } : { features: { u: file.data.u } }),
    };
    if (record) body.record = { batteryId, componentId, testTemperatureC: Number(tempC), ...holderFields(api, participants, holder) };
    const of = record && api.actAs?.key !== holder ? 2 : 1;
    setSteps({ step: 0, of });
    await req.run(record ? 'assessing and recording…' : 'assessing the pulse test…', async (progress) => {
      if (of === 2) {
        // the holder accepts the facility's event only under an agreement for this battery's data
        await passportFor(api, participants, holder, batteryId, progress);
        setSteps({ step: 1, of });
        progress('assessing and recording the signed test result…');
      }
      const r = await api.post<SohResponse>(node, '/api/diagnostics/soh', body);
      setSteps({ step: of, of });
      return r;
    });
  }

  const preview = useMemo(() => {
    if (!file || file.data.kind !== 'pulse') return null;
    return { x: file.data.timeS, ys: [file.data.voltageV, file.data.currentA] };
  }, [file]);
  const r = req.result;
  const curve = useMemo(() => {
    if (!r?.segments?.length) return null;
    const c = curveOf(r.segments, r.features?.u, file?.data.kind === 'pulse' ? file.data : undefined);
    return { x: c.x, ys: file?.data.kind === 'pulse' ? [c.voltage, c.features, c.current] : [c.voltage, c.features] };
  }, [r, file]);
  const err = req.error;
  const tooLarge = err instanceof ApiError && err.status === 413 ? 'the test is larger than the node accepts (HTTP 413): log at 100 Hz, or ask the operator to raise BODY_LIMIT_BYTES' : undefined;
  const claimed = ['body', 'chem', 'nominalCapacityAh', 'seriesCells', 'pulse', 'features', 'u', 'componentId', 'testTemperatureC', 'batteryId', 'holderUrl', 'holderDid'];

  return (
    <section className="bl-view" aria-labelledby="diag-h">
      <h2 id="diag-h">Rapid state of health</h2>
      <form className="bl-panel" onSubmit={submit} aria-describedby="diag-help" noValidate>
        <p id="diag-help">
          Upload a pulse test logged as <code>time_s,current_A,voltage_V</code> (current positive when charging), or a row of features U1..U21.
          {protocol ? ` Protocol ${protocol.id}: five ${protocol.pulseWidthS} s pulses at ${protocol.pulseCRates.join(', ')} C with ${protocol.restAfterPulseS} s rests, at most ${protocol.maxTotalS} s, logged at ≥ ${protocol.minSampleRateHz} Hz.` : ''}
        </p>
        <div className="bl-row">
          <Field label="Pulse-test file" error={fileError ?? fieldError(err, 'pulse', 'features.u', 'features') ?? tooLarge} testId="diag-file" hint={file ? `${file.name}: ${file.data.kind === 'pulse' ? `${file.data.timeS.length.toLocaleString('en')} samples over ${num(file.data.timeS[file.data.timeS.length - 1] - file.data.timeS[0])} s` : '21 features'}` : 'CSV'}>
            {(ids) => <input {...ids} type="file" accept=".csv,.txt,text/csv" data-testid="diag-file-input" onChange={(e) => void onFile(e.target.files?.[0])} />}
          </Field>
          <Field label="Chemistry" error={fieldError(err, 'chem')} testId="diag-chem">
            {(ids) => (
              <select {...ids} value={chem} onChange={(e) => setChem(e.target.value)}>
                {CHEMISTRIES.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Nominal capacity (Ah)" error={fieldError(err, 'nominalCapacityAh')} testId="diag-qn" hint="of the tested unit">
            {(ids) => <input {...ids} type="number" min="0" step="any" required value={qn} onChange={(e) => setQn(e.target.value)} />}
          </Field>
          <Field label="Cells in series" error={fieldError(err, 'seriesCells')} testId="diag-series">
            {(ids) => <input {...ids} type="number" min="1" step="1" value={series} onChange={(e) => setSeries(e.target.value)} />}
          </Field>
        </div>
        <div className="bl-row">
          <label className="bl-field bl-check">
            <input type="checkbox" checked={record} onChange={(e) => setRecord(e.target.checked)} data-testid="diag-record" /> Record as a signed test result in the passport
          </label>
          {record ? (
            <>
              <Field label="Tested component" error={fieldError(err, 'componentId', 'record.componentId')} hint="pack, module or cell id">
                {(ids) => <input {...ids} value={componentId} onChange={(e) => setComponentId(e.target.value)} />}
              </Field>
              <Field label="Test temperature (°C)" error={fieldError(err, 'testTemperatureC', 'record.testTemperatureC')}>
                {(ids) => <input {...ids} type="number" step="any" value={tempC} onChange={(e) => setTempC(e.target.value)} />}
              </Field>
            </>
          ) : null}
        </div>
        <div className="bl-actions">
          <button type="submit" disabled={!!req.busy} data-testid="diag-submit">
            {record ? 'Assess and record' : 'Assess'}
          </button>
          <Busy label={req.busy} step={steps.step} steps={steps.of > 1 ? steps.of : undefined} />
        </div>
        <ErrorNote error={err} claimed={claimed} />
      </form>

      {preview && !curve ? (
        <TimeSeries title="Uploaded test" description="voltage and current as logged" testId="diag-upload-chart" time={false} xLabel="time (s)" x={preview.x} ys={preview.ys} yLabel="V" y2Label="A" series={[{ label: 'voltage', unit: 'V', digits: 4 }, { label: 'current', unit: 'A', scale: 'y2', digits: 2 }]} />
      ) : null}

      {r ? (
        <div className="bl-panel" data-testid="soh-result">
          <h3>Result</h3>
          <dl className="bl-stats">
            <Stat label="State of health" testId="soh-value">{`${num(r.soh.pred * 100)} %`}</Stat>
            <Stat label={`${num(r.soh.coverage * 100, 0)} % interval`} testId="soh-interval">{`${num(r.soh.low * 100)} – ${num(r.soh.high * 100)} %`}</Stat>
            <Stat label="Grade" testId="soh-grade">
              <Badge tone={r.grade === 'A' ? 'ok' : r.grade === 'D' ? 'bad' : 'warn'}>{r.grade}</Badge>
            </Stat>
            <Stat label="Remaining capacity">{`${num(r.remainingCapacityAh, 2)} Ah`}</Stat>
            <Stat label="Remaining energy">{`${num(r.remainingEnergyWh / 1000, 3)} kWh`}</Stat>
            <Stat label="Internal resistance">{`${num(r.internalResistanceOhm * 1000, 2)} mΩ`}</Stat>
          </dl>
          <p>
            Grade {r.grade}: {GRADE_USE[r.grade] ?? ''} (graded on the low end of the interval). Model {r.modelVersion}; input SHA-256 <code>{r.inputSha256.slice(0, 16)}…</code>
          </p>
          {r.recorded ? (
            <p className="bl-ok" data-testid="soh-recorded">
              {r.recorded.duplicate ? 'This test was already recorded in the passport' : 'Recorded in the passport as a signed testResult event'}
              {typeof r.recorded.seq === 'number' ? ` (event #${r.recorded.seq})` : ''}.
            </p>
          ) : null}
        </div>
      ) : null}

      {curve ? (
        <TimeSeries
          title="Response curve"
          description="per-cell voltage of each rest and pulse, with the 21 voltages the model read (rest ends referred to the 45 s reference)"
          testId="diag-curve"
          time={false}
          xLabel="time (s)"
          x={curve.x}
          ys={curve.ys}
          yLabel="V per cell"
          y2Label="A"
          series={[
            { label: 'voltage per cell', unit: 'V', digits: 4 },
            { label: 'features U1..U21', unit: 'V', points: true, line: false, digits: 4 },
            ...(curve.ys.length > 2 ? [{ label: 'current', unit: 'A', scale: 'y2' as const, digits: 2, width: 1 }] : []),
          ]}
        />
      ) : null}
    </section>
  );
}
