/**
 * A compliance report as one self-contained HTML document: no script, no external resources, inline SVG charts with
 * tables carrying the same numbers (WCAG 2.1: 1.1.1 text alternatives, 1.3.1 captions and header cells, 1.4.3/1.4.11
 * contrast, 1.4.10 reflow at 320 CSS px: charts scale, wide tables scroll inside a focusable region). Every regulatory
 * number appears with its legal reference and the note that it was not checked against the Official Journal.
 */
import { barChart, COLORS, esc, type BarRow } from './svg-chart.js';
import type { ReportDocument, RecyclingReportDocument, LegalBasisEntry } from './report-document.js';
import type { ModelReportDocument } from './model-report.js';
import type { Assessment } from './assessment.js';
import { CARBON_FOOTPRINT_CONCEPT, formatLegalRef, NOT_VERIFIED, REGULATION, TABLE_AS_OF } from './regulatory-targets.js';

const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:${COLORS.text};background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.2rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid ${COLORS.grid}}
h3{font-size:1rem;margin:1.25rem 0 .25rem}
p,li{max-width:45rem}
.meta{color:${COLORS.muted}}
figure{margin:.5rem 0 1rem;max-width:26rem}
figcaption{font-size:.875rem;color:${COLORS.muted}}
.scroll{overflow-x:auto;max-width:100%;margin:.5rem 0 1rem}
.scroll:focus{outline:2px solid ${COLORS.primary};outline-offset:2px}
table{border-collapse:collapse;font-size:.875rem}
caption{text-align:left;font-weight:600;padding:.25rem 0;caption-side:top}
th,td{border:1px solid ${COLORS.grid};padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f2f2f2}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.ok{color:${COLORS.tertiary};font-weight:600}
.bad{color:${COLORS.target};font-weight:600}
.alert{border-left:4px solid ${COLORS.target};padding:.5rem .75rem;background:#fdf3f2}
@media (max-width:40rem){table{width:max-content}th,td{max-width:14rem}}
@media print{.scroll{overflow:visible}a{color:inherit}}
`;

type Cell = string | number | null | { text: string; cls?: string };

const kg = (v: number) => v.toFixed(3);
const pctText = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} %`);
/** Numbers right-aligned with a fixed number of decimals per column, so a column reads at a glance. */
const numC = (v: number | null, digits: number): Cell => (v === null ? null : { text: v.toFixed(digits), cls: 'n' });
const kgC = (v: number) => numC(v, 3);
const pctC = (v: number | null) => numC(v, 1);

function statusCell(status: string): Cell {
  const text: Record<string, string> = { meets: 'meets target', below: 'below target', 'no-target-yet': 'no target in force yet', 'no-input': 'no input', balanced: 'balanced', unbalanced: 'unbalanced', provisional: 'provisional' };
  return { text: text[status] ?? status, cls: status === 'meets' || status === 'balanced' ? 'ok' : status === 'below' || status === 'unbalanced' ? 'bad' : undefined };
}

function td(c: Cell): string {
  if (c === null) return '<td>–</td>';
  if (typeof c === 'number') return `<td class="n">${esc(Number.isInteger(c) ? String(c) : c.toFixed(3))}</td>`;
  if (typeof c === 'string') return `<td>${esc(c)}</td>`;
  return `<td${c.cls ? ` class="${c.cls}"` : ''}>${esc(c.text)}</td>`;
}

let tableSeq = 0;
/** First column is the row header; the caption also names the scrollable region for keyboard and screen-reader users. */
function table(caption: string, head: string[], rows: Cell[][]): string {
  const id = `t${++tableSeq}`;
  const body = rows.map((r) => {
    const [first, ...rest] = r;
    const h = first === null ? '–' : typeof first === 'object' ? first.text : String(first);
    return `<tr><th scope="row">${esc(h)}</th>${rest.map(td).join('')}</tr>`;
  }).join('');
  return `<div class="scroll" role="region" aria-labelledby="${id}" tabindex="0"><table><caption id="${id}">${esc(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${body || `<tr><td colspan="${head.length}">none</td></tr>`}</tbody></table></div>`;
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

function targetCells(a: Assessment): Cell[] {
  return [
    a.target ? numC(a.target.valuePct, 0) : null,
    a.target?.appliesFrom ?? null,
    statusCell(a.status),
    a.next ? `${a.next.valuePct} % from ${a.next.appliesFrom}` : null,
    a.target ?? a.next ? formatLegalRef((a.target ?? a.next)!.legalRef) : null,
  ];
}

function legalBasisSection(entries: readonly LegalBasisEntry[], extra: Cell[][] = []): string {
  const unconfirmed = entries.filter((e) => e.verified === NOT_VERIFIED);
  const rows: Cell[][] = entries.map((e) => [e.id, e.kind, e.subject, `${e.valuePct} %`, e.appliesFrom, e.legalRef, e.verified === NOT_VERIFIED ? { text: 'not confirmed by any source', cls: 'bad' } : 'public source, not the OJ text', e.verified]);
  const list = unconfirmed.length ? ` Not confirmed by any source: <strong>${unconfirmed.map((e) => esc(`${e.subject} ${e.valuePct} % from ${e.appliesFrom}`)).join(', ')}</strong>.` : '';
  return `<section aria-labelledby="h-legal"><h2 id="h-legal">Legal basis of the numbers used</h2>
<p>Every regulatory value in this report, with its reference in ${esc(REGULATION)}; table of values as of ${esc(TABLE_AS_OF)}. <strong>No value was checked against the Official Journal text.</strong> The last column says which public source confirms a value, if any.${list} Check them against the consolidated text before filing.</p>
${table('Regulatory values and their verification status', ['Id', 'Kind', 'Subject', 'Value', 'Applies from', 'Legal reference', 'Confirmation', 'Verification note'], [...rows, ...extra])}</section>`;
}

function notesSection(notes: readonly string[]): string {
  return `<section aria-labelledby="h-notes"><h2 id="h-notes">Method and limits</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`;
}

function page(title: string, meta: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${CSS}</style></head>
<body><main><header><h1>${esc(title)}</h1><p class="meta">${meta}</p></header>
${body}
</main></body></html>
`;
}

function recyclingHtml(doc: RecyclingReportDocument): string {
  const c = doc.compliance;
  const scope = doc.kind === 'batch' ? `batch ${doc.key}` : `year ${doc.key}`;
  const parts: string[] = [];
  const balanceRow = c.rows.find((r) => r.metric === 'mass-balance');
  if (!c.balanced && doc.kind === 'batch') {
    parts.push(`<section aria-labelledby="h-balance"><h2 id="h-balance">Mass balance</h2><p class="alert" role="note"><strong>The batch does not balance.</strong> ${esc(balanceRow?.note ?? '')} No efficiency or recovery is computed on data that creates matter.</p></section>`);
  } else if (balanceRow) {
    parts.push(`<section aria-labelledby="h-balance"><h2 id="h-balance">Mass balance</h2><p><span class="ok">Balanced.</span> Intake ${esc(kg(balanceRow.inputKg))} kg, battery-derived output ${esc(kg(balanceRow.outputKg))} kg; ${esc(balanceRow.note)}.</p></section>`);
  }
  if (c.excludedBatches.length > 0) {
    parts.push(`<section aria-labelledby="h-excluded"><h2 id="h-excluded">Batches left out</h2><p class="alert" role="note">${c.excludedBatches.length} batch(es) of ${esc(doc.key)} do not balance and are not counted.</p>${table('Batches left out of the year figures', ['Batch', 'Reason'], c.excludedBatches.map((b) => [b.batchId, b.reason]))}</section>`);
  }
  if (c.efficiency.length > 0) {
    const rows: BarRow[] = c.efficiency.map((e) => ({ label: e.category, target: e.assessment.target?.valuePct ?? null, bars: [{ segments: [{ value: e.assessment.valuePct ?? 0, fill: COLORS.primary, name: 'recycling efficiency' }], valueText: `${pctText(e.assessment.valuePct)}${e.assessment.target ? ` (≥ ${e.assessment.target.valuePct} %)` : ''}` }] }));
    const svg = barChart({ label: `Recycling efficiency of ${scope}: ${c.efficiency.map((e) => `${e.category} ${pctText(e.assessment.valuePct)} against ${e.assessment.target ? `a target of ${e.assessment.target.valuePct} %` : 'no target in force'}`).join('; ')}`, unit: '%', max: 100, rows, legend: [{ name: 'Recycling efficiency', fill: COLORS.primary, kind: 'bar' }, { name: 'Target in force (Annex XII Part B)', fill: COLORS.target, kind: 'target' }] });
    parts.push(`<section aria-labelledby="h-eff"><h2 id="h-eff">Recycling efficiency (Annex XII Part B)</h2>${figure(svg, 'Battery-derived mass sent to material recycling as a share of the waste batteries taken in, per battery category.')}
${table('Recycling efficiency per battery category', ['Category', 'Input kg', 'Recycled kg', 'Efficiency %', 'Target %', 'Target applies from', 'Status', 'Next target', 'Legal reference'], c.efficiency.map((e) => [e.category, kgC(e.inputKg), kgC(e.recycledKg), pctC(e.assessment.valuePct), ...targetCells(e.assessment)]))}</section>`);
  }
  if (c.recovery.length > 0) {
    const rows: BarRow[] = c.recovery.map((r) => ({ label: r.element, target: r.assessment.target?.valuePct ?? null, bars: [{ segments: [{ value: r.assessment.valuePct ?? 0, fill: COLORS.primary, name: `${r.element} recovery` }], valueText: r.assessment.valuePct === null ? 'no input' : `${pctText(r.assessment.valuePct)}${r.assessment.target ? ` (≥ ${r.assessment.target.valuePct} %)` : ''}` }] }));
    const svg = barChart({ label: `Material recovery of ${scope} per element: ${c.recovery.map((r) => `${r.element} ${r.assessment.valuePct === null ? 'no input' : pctText(r.assessment.valuePct)}${r.assessment.target ? ` (target ${r.assessment.target.valuePct} %)` : ''}`).join(', ')}`, unit: '%', max: 100, rows, legend: [{ name: 'Material recovered', fill: COLORS.primary, kind: 'bar' }, { name: 'Target in force (Annex XII Part C)', fill: COLORS.target, kind: 'target' }] });
    parts.push(`<section aria-labelledby="h-rec"><h2 id="h-rec">Material recovery (Annex XII Part C)</h2>${figure(svg, 'Mass of each element sent to material recycling as a share of that element in the intake.')}
${table('Material recovery per element', ['Element', 'Input kg', 'Recovered kg', 'Recovery %', 'Target %', 'Target applies from', 'Status', 'Next target', 'Legal reference'], c.recovery.map((r) => [r.element, kgC(r.inputKg), kgC(r.recoveredKg), pctC(r.assessment.valuePct), ...targetCells(r.assessment)]))}</section>`);
  }
  if (doc.components.length > 0) {
    const rows: BarRow[] = doc.components.map((f) => ({ label: f.component, bars: [
      { segments: [{ value: f.inputKg, fill: COLORS.primary, name: 'in' }], valueText: `in ${f.inputKg.toFixed(1)} kg` },
      { segments: [{ value: f.recycledKg, fill: COLORS.tertiary, name: 'out, recycled' }, { value: f.outputKg - f.recycledKg, fill: COLORS.secondary, name: 'out, other fates' }], valueText: `out ${f.outputKg.toFixed(1)} kg` },
    ] }));
    const svg = barChart({ label: `Mass in and out per component for ${scope}: ${doc.components.map((f) => `${f.component} in ${f.inputKg.toFixed(1)} kg, out ${f.outputKg.toFixed(1)} kg`).join('; ')}`, unit: 'kg', rows, legend: [{ name: 'In (intake)', fill: COLORS.primary, kind: 'bar' }, { name: 'Out, sent to recycling', fill: COLORS.tertiary, kind: 'bar' }, { name: 'Out, other fates (energy recovery, disposal, …)', fill: COLORS.secondary, kind: 'bar' }] });
    parts.push(`<section aria-labelledby="h-mass"><h2 id="h-mass">Mass in and out per component</h2>${figure(svg, 'Intake composition from the passports (or the indicative chemistry default) against the battery-derived mass in the outputs.')}
${table('Mass in and out per component', ['Component', 'In kg', 'Out kg', 'Of which recycled kg'], doc.components.map((f) => [f.component, kgC(f.inputKg), kgC(f.outputKg), kgC(f.recycledKg)]))}</section>`);
  }
  const meta = `${esc(scope)} · generated ${esc(doc.generatedAt)} · ${esc(REGULATION)}, Art. 71 and Annex XII`;
  return page(`Recycling compliance report — ${scope}`, meta, parts.join('\n') + legalBasisSection(doc.legalBasis) + notesSection(doc.notes));
}

function modelHtml(doc: ModelReportDocument): string {
  const parts: string[] = [];
  const rc = doc.recycledContent;
  const rows: BarRow[] = rc.map((s) => ({ label: s.element, target: s.assessment.target?.valuePct ?? s.assessment.next?.valuePct ?? null, bars: [{ segments: [{ value: s.preConsumerPct ?? 0, fill: COLORS.primary, name: 'pre-consumer' }, { value: s.postConsumerPct ?? 0, fill: COLORS.tertiary, name: 'post-consumer' }], valueText: s.totalKg > 0 ? pctText(s.assessment.valuePct) : 'not used' }] }));
  const svg = barChart({ label: `Recycled content of model ${doc.key}: ${rc.map((s) => `${s.element} ${s.totalKg > 0 ? `${pctText(s.preConsumerPct)} pre-consumer and ${pctText(s.postConsumerPct)} post-consumer` : 'not used'}`).join('; ')}`, unit: '%', max: 100, rows, legend: [{ name: 'Pre-consumer share', fill: COLORS.primary, kind: 'bar' }, { name: 'Post-consumer share', fill: COLORS.tertiary, kind: 'bar' }, { name: 'Art. 8 minimum in force (or the next one)', fill: COLORS.target, kind: 'target' }] });
  parts.push(`<section aria-labelledby="h-rc"><h2 id="h-rc">Recycled content (Art. 8)</h2><p>Placed on the market on ${esc(doc.placedOnMarketOn)}. Shares of the element mass in the active materials, traced to material lots.</p>${figure(svg, 'Pre- and post-consumer recycled share per element against the Art. 8 minimum.')}
${table('Recycled content per element', ['Element', 'Total kg', 'Pre-consumer %', 'Post-consumer %', 'Recycled %', 'Target %', 'Target applies from', 'Status', 'Next target', 'Legal reference'], rc.map((s) => [s.element, kgC(s.totalKg), pctC(s.preConsumerPct), pctC(s.postConsumerPct), pctC(s.assessment.valuePct), ...targetCells(s.assessment)]))}
${table('Material lots the recycled content is traced to', ['Lot', 'Element', 'Compound', 'Origin', 'Source batch', 'Produced on', 'Element kg in lot'], doc.lots.map((l) => [l.lotId, l.element, l.compound, l.origin, l.sourceBatchId ?? 'primary', l.producedOn, kgC(l.elementMassKg)]))}</section>`);
  const cfRows: Cell[][] = [];
  if (doc.footprint) {
    const fp = doc.footprint;
    const bars: BarRow[] = fp.byStage.map((s) => ({ label: s.stage, bars: [{ segments: [{ value: s.perKWh, fill: COLORS.primary, name: s.stage }], valueText: `${s.perKWh.toFixed(2)} kg/kWh` }] }));
    const fsvg = barChart({ label: `Carbon footprint of model ${doc.key}: ${fp.perKWh.toFixed(2)} kg CO2e per kWh in total; ${fp.byStage.map((s) => `${s.stage} ${s.perKWh.toFixed(2)}`).join(', ')}`, unit: 'kg CO2e/kWh', rows: bars, legend: [{ name: 'kg CO2e per kWh of lifetime energy', fill: COLORS.primary, kind: 'bar' }] });
    const cls = doc.performanceClass ? `<p>Performance class: <strong>${esc(doc.performanceClass.label ?? 'above all classes given')}</strong> (provisional: ${esc(doc.performanceClass.note)}).</p>` : '<p>No class thresholds given: no performance class computed.</p>';
    parts.push(`<section aria-labelledby="h-cf"><h2 id="h-cf">Carbon footprint (Art. 7, Annex II)</h2><p>Total ${esc(fp.totalKgCO2e.toFixed(1))} kg CO2e, <strong>${esc(fp.perKWh.toFixed(3))} kg CO2e per kWh</strong> (${esc(CARBON_FOOTPRINT_CONCEPT.functionalUnit)}).</p>${cls}${figure(fsvg, 'Contribution of each Annex II life-cycle stage per kWh; negative end-of-life credits show as zero-length bars and are in the table.')}
${table('Carbon footprint per life-cycle stage', ['Stage', 'kg CO2e', 'kg CO2e per kWh', 'Share %', 'Sources'], fp.byStage.map((s) => [s.stage, numC(s.kgCO2e, 1), numC(s.perKWh, 4), pctC(s.sharePct), s.sources.join('; ') || null]))}</section>`);
    for (const [k, ref] of [['declaration', CARBON_FOOTPRINT_CONCEPT.declaration], ['performance classes', CARBON_FOOTPRINT_CONCEPT.performanceClasses], ['maximum threshold', CARBON_FOOTPRINT_CONCEPT.maximumThreshold]] as const) {
      cfRows.push([`carbon-footprint ${k}`, 'carbon-footprint', 'per kWh', 'no value set', '–', formatLegalRef(ref), CARBON_FOOTPRINT_CONCEPT.verified === NOT_VERIFIED ? { text: 'not confirmed by any source', cls: 'bad' } : 'public source, not the OJ text', CARBON_FOOTPRINT_CONCEPT.verified]);
    }
  }
  if (doc.avoided && doc.avoided.length > 0) {
    const bars: BarRow[] = doc.avoided.map((a) => ({ label: a.route, bars: [{ segments: [{ value: a.avoidedKgCO2e, fill: COLORS.tertiary, name: a.route }], valueText: `${a.avoidedKgCO2e.toFixed(0)} kg` }] }));
    const asvg = barChart({ label: `CO2 avoided per end-of-life route: ${doc.avoided.map((a) => `${a.route} ${a.avoidedKgCO2e.toFixed(0)} kg CO2e`).join(', ')}`, unit: 'kg CO2e', rows: bars, legend: [{ name: 'Net CO2e avoided (negative values show as zero)', fill: COLORS.tertiary, kind: 'bar' }] });
    parts.push(`<section aria-labelledby="h-eol"><h2 id="h-eol">CO2 avoided by end-of-life route</h2>${figure(asvg, 'Displaced new production plus material credits minus the route’s own emissions, best route first.')}
${table('CO2 avoided per end-of-life route', ['Route', 'Avoided kg CO2e', 'Displaced kg CO2e', 'Material credits kg CO2e', 'Process kg CO2e'], doc.avoided.map((a) => [a.route, numC(a.avoidedKgCO2e, 1), numC(a.displacedKgCO2e, 1), numC(a.creditsKgCO2e, 1), numC(a.processKgCO2e, 1)]))}</section>`);
  }
  const meta = `model ${esc(doc.key)} · generated ${esc(doc.generatedAt)} · ${esc(REGULATION)}, Art. 7 and Art. 8`;
  return page(`Battery model compliance report — ${doc.key}`, meta, parts.join('\n') + legalBasisSection(doc.legalBasis, cfRows) + notesSection(doc.notes));
}

export function renderReportHtml(doc: ReportDocument): string {
  tableSeq = 0;
  return doc.kind === 'model' ? modelHtml(doc) : recyclingHtml(doc);
}
