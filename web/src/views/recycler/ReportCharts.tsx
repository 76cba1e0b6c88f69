/**
 * The charts of a compliance report: recycling efficiency against the target in force (Annex XII Part B), material
 * recovery per element against its targets (Part C), and the mass balance in/out per component. Each chart has its
 * table; statuses are words, not only colours.
 */
import { BarChart } from '../../charts/BarChart.js';
import { num } from '../common/format.js';
import type { Assessment, ComplianceReport, ComponentFlow } from './types.js';

/** The target a bar is set against: the one in force, else the next one (so a 2026 batch shows the 2027 level). */
const mark = (a: Assessment) => a.target?.valuePct ?? a.next?.valuePct ?? null;
const nextNote = (a: Assessment) => (!a.target && a.next ? `next target ${a.next.valuePct} % from ${a.next.appliesFrom}` : undefined);

const statusText = (s: string) => (s === 'meets' ? 'meets' : s === 'below' ? 'below target' : s === 'no-target-yet' ? 'no target yet' : s === 'no-input' ? 'no input' : s);

export function ReportCharts({ report, components, testPrefix }: { report: ComplianceReport; components: ComponentFlow[] | undefined; testPrefix: string }) {
  const eff = report.efficiency ?? [];
  const rec = report.recovery ?? [];
  const flows = components ?? [];
  return (
    <div className="bl-view" data-testid={`${testPrefix}-charts`}>
      <div className="bl-grid">
        <BarChart
          title="Recycling efficiency"
          description="recycled battery-derived mass over input mass, against the target in force (Annex XII Part B)"
          testId={`${testPrefix}-efficiency-chart`}
          unit="%"
          domain={[0, 100]}
          series={[{ name: 'efficiency' }]}
          targetLabel="target (in force, else next)"
          rows={eff.map((e) => ({ label: e.category, values: [e.assessment.valuePct], target: mark(e.assessment), status: statusText(e.assessment.status), note: nextNote(e.assessment) }))}
        />
        <BarChart
          title="Material recovery"
          description="recovered over input mass per element, against the target in force (Annex XII Part C)"
          testId={`${testPrefix}-recovery-chart`}
          unit="%"
          domain={[0, 100]}
          series={[{ name: 'recovery' }]}
          targetLabel="target (in force, else next)"
          rows={rec.map((r) => ({ label: r.element, values: [r.assessment.valuePct], target: mark(r.assessment), status: statusText(r.assessment.status), note: nextNote(r.assessment) }))}
        />
        {flows.length ? (
          <BarChart
            title="Mass balance per component"
            description="kg in the intake, in all outputs, and credited as recycled"
            testId={`${testPrefix}-mass-balance-chart`}
            unit="kg"
            digits={1}
            series={[{ name: 'in' }, { name: 'out' }, { name: 'recycled' }]}
            rows={flows.map((f) => ({ label: f.component, values: [f.inputKg, f.outputKg, f.recycledKg], status: f.outputKg > f.inputKg * 1.02 + 0.001 ? 'out exceeds in' : undefined }))}
          />
        ) : (
          <BarChart
            title="Mass balance"
            description="input and battery-derived output mass"
            testId={`${testPrefix}-mass-balance-chart`}
            unit="kg"
            series={[{ name: 'in' }, { name: 'out' }]}
            rows={(report.rows ?? []).filter((r) => r.metric === 'mass-balance' || r.metric === 'material-recovery').map((r) => ({ label: r.subject, values: [r.inputKg, r.outputKg] }))}
          />
        )}
      </div>
      {report.excludedBatches?.length ? (
        <div className="bl-error">
          Left out of the figures because their mass balance fails:
          <ul>
            {report.excludedBatches.map((b) => (
              <li key={b.batchId}>
                {b.batchId}: {b.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="bl-table-wrap">
        <table className="bl-table" data-testid={`${testPrefix}-rows`}>
          <caption className="bl-sr-only">Report rows</caption>
          <thead>
            <tr>
              <th scope="col">metric</th>
              <th scope="col">subject</th>
              <th scope="col" className="num">in (kg)</th>
              <th scope="col" className="num">out (kg)</th>
              <th scope="col" className="num">value</th>
              <th scope="col" className="num">target</th>
              <th scope="col">status</th>
              <th scope="col">legal basis</th>
            </tr>
          </thead>
          <tbody>
            {(report.rows ?? []).map((r, i) => (
              <tr key={i}>
                <td>{r.metric}</td>
                <td>{r.subject}</td>
                <td className="num">{num(r.inputKg)}</td>
                <td className="num">{num(r.outputKg)}</td>
                <td className="num">{r.valuePct === null ? '–' : `${num(r.valuePct)} %`}</td>
                <td className="num">{r.targetPct === null ? '–' : `${num(r.targetPct, 0)} %`}</td>
                <td>
                  {statusText(r.status)}
                  {r.note ? ` — ${r.note}` : ''}
                </td>
                <td>{r.legalRef}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
