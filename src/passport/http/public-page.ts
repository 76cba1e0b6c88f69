/**
 * Server-rendered public passport page: what anyone scanning the battery's QR code sees (Art. 77(2)(a), Annex XIII(1)).
 * It renders only the public-tier document it is given; no script, readable on a 360 px phone, English and German,
 * numbers, units and dates formatted for the language. Every link is relative, so the page also works behind a path
 * prefix (the console gateway serves each node under `/n/<participant>/`).
 */
import type { AttributeValue, Passport } from '../core/types.js';
import { ATTRIBUTE_GROUPS, attributeByKey } from '../core/index.js';
import { ATTRIBUTE_DE, GROUP_DE, UI, enumLabel, fieldLabel, intlTag, unitLabel, type Locale } from './public-page-i18n.js';

export { pickLocale, type Locale } from './public-page-i18n.js';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

class Fmt {
  private readonly nf: Intl.NumberFormat;
  private readonly date: Intl.DateTimeFormat;
  private readonly dateTime: Intl.DateTimeFormat;
  constructor(readonly locale: Locale) {
    this.nf = new Intl.NumberFormat(intlTag(locale), { maximumFractionDigits: 3 });
    this.date = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeZone: 'UTC' });
    this.dateTime = new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  }
  number(v: number, unit?: string): string {
    if (!unit) return this.nf.format(v);
    // German sets a space before %, English does not (Duden; Chicago Manual of Style)
    if (unit === '%') return this.locale === 'de' ? `${this.nf.format(v)}\u00a0%` : `${this.nf.format(v)}%`;
    return `${this.nf.format(v)}\u00a0${unitLabel(unit, this.locale)}`;
  }
  when(iso: string): string {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return iso.length > 10 ? `${this.dateTime.format(d)} UTC` : this.date.format(d);
  }
  day(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : this.date.format(d);
  }
}

function link(url: string, text?: string): string {
  return `<a href="${esc(url)}" rel="noopener">${esc(text ?? url)}</a>`;
}

/** One value as HTML: numbers with units, dates, links, enumerations translated, lists and nested fields. */
function valueHtml(v: AttributeValue, unit: string | undefined, f: Fmt, enumerated: boolean): string {
  if (v === null) return '—';
  if (typeof v === 'number') return esc(f.number(v, unit));
  if (typeof v === 'boolean') return esc(UI[f.locale][v ? 'yes' : 'no']);
  if (typeof v === 'string') {
    if (ISO_DATE.test(v)) return esc(f.when(v));
    if (/^https?:\/\//.test(v)) return link(v);
    return esc(enumerated || /^[a-z]+([A-Z][a-z]+)*$/.test(v) ? enumLabel(v, f.locale) : v);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    return `<ul>${v.map((x) => `<li>${valueHtml(x, unit, f, enumerated)}</li>`).join('')}</ul>`;
  }
  return `<dl class="obj">${Object.entries(v)
    .map(([k, x]) => `<div><dt>${esc(fieldLabel(k, f.locale))}</dt><dd>${valueHtml(x, undefined, f, false)}</dd></div>`)
    .join('')}</dl>`;
}

function attributeLabel(key: string, locale: Locale): string {
  return (locale === 'de' ? ATTRIBUTE_DE[key] : undefined) ?? attributeByKey(key)?.name ?? key;
}

const METALS = ['Nickel', 'Cobalt', 'Lithium', 'Lead'] as const;

/** The facts a person holding the battery asks first: who made it, what it is, its footprint and recycled content. */
function keyFacts(p: Passport, f: Fmt): string {
  const t = UI[f.locale];
  const a = p.attributes as Record<string, AttributeValue | undefined>;
  const num = (k: string) => (typeof a[k] === 'number' ? (a[k] as number) : undefined);
  const withUnit = (k: string) => (num(k) === undefined ? undefined : f.number(num(k) as number, attributeByKey(k)?.unit));
  const facts: { key: string; label: string; html: string }[] = [];
  const add = (key: string, label: string, html: string | undefined) => {
    if (html) facts.push({ key, label, html });
  };
  const maker = a.manufacturerInformation as { name?: string } | undefined;
  add('manufacturer', t.manufacturer, maker?.name ? esc(maker.name) : esc(p.issuer.name));
  const chem = a.batteryChemistry as { clearName?: string } | undefined;
  add('chemistry', t.chemistry, esc(chem?.clearName ? `${p.model.chemistry} — ${chem.clearName}` : p.model.chemistry));
  const place = a.manufacturingPlace as { locality?: string; addressCountry?: string } | undefined;
  const made = [typeof a.manufacturingDate === 'string' ? f.day(a.manufacturingDate) : '', place?.locality ? `${place.locality}${place.addressCountry ? `, ${place.addressCountry}` : ''}` : ''].filter(Boolean).join(' · ');
  add('made', t.made, made ? esc(made) : undefined);
  const cap = [withUnit('ratedCapacity'), withUnit('certifiedUsableEnergy')].filter(Boolean).join(' · ');
  add('capacity', t.capacity, cap ? esc(cap) : undefined);
  const volts = ['minimumVoltage', 'nominalVoltage', 'maximumVoltage'].map((k) => num(k));
  if (volts.every((x) => x !== undefined)) add('voltages', t.voltages, esc(`${volts.map((x) => f.number(x as number)).join(' / ')}\u00a0V`));
  add('mass', t.mass, withUnit('batteryMass') ? esc(withUnit('batteryMass') as string) : undefined);
  const cf = withUnit('carbonFootprintPerFunctionalUnit');
  const cls = typeof a.carbonFootprintPerformanceClass === 'string' ? a.carbonFootprintPerformanceClass : undefined;
  if (cf || cls) {
    const abs = withUnit('absoluteCarbonFootprint');
    add('carbon', t.carbon, `${cf ? esc(cf) : ''}${abs ? ` (${esc(abs)})` : ''}${cls ? ` <span class="cls cls-${esc(cls.toLowerCase())}">${esc(t.carbonClass)} ${esc(cls)}</span>` : ''}`);
  }
  const rows = METALS.map((m) => ({ m, pre: num(`preConsumerRecycled${m}Share`), post: num(`postConsumerRecycled${m}Share`) })).filter((r) => r.pre !== undefined || r.post !== undefined);
  if (rows.length > 0) {
    const cell = (x: number | undefined) => (x === undefined ? '—' : esc(f.number(x, '%')));
    add(
      'recycled',
      t.recycled,
      `<table class="mini"><thead><tr><th scope="col">${esc(t.metal)}</th><th scope="col">${esc(t.preConsumer)}</th><th scope="col">${esc(t.postConsumer)}</th></tr></thead><tbody>${rows
        .map((r) => `<tr><th scope="row">${esc(t[r.m.toLowerCase()])}</th><td>${cell(r.pre)}</td><td>${cell(r.post)}</td></tr>`)
        .join('')}</tbody></table>`,
    );
  }
  if (typeof a.dueDiligenceReport === 'string') add('dueDiligence', t.dueDiligence, link(a.dueDiligenceReport, t.open));
  const labels = Array.isArray(a.labelMeanings) ? (a.labelMeanings as { subject?: string; meaning?: string; symbolUrl?: string }[]) : [];
  if (labels.length > 0) {
    add('labels', t.labels, `<ul>${labels.map((l) => `<li><strong>${esc(enumLabel(l.subject ?? '', f.locale))}</strong>: ${esc(l.meaning ?? '')}${l.symbolUrl ? ` (${link(l.symbolUrl, t.open)})` : ''}</li>`).join('')}</ul>`);
  }
  return `<section aria-labelledby="facts"><h2 id="facts">${esc(t.keyFacts)}</h2><dl class="facts">${facts
    .map((x) => `<div data-fact="${esc(x.key)}"><dt>${esc(x.label)}</dt><dd>${x.html}</dd></div>`)
    .join('')}</dl></section>`;
}

function groupSections(p: Passport, f: Fmt): string {
  return ATTRIBUTE_GROUPS.map((g) => {
    const rows = Object.entries(p.attributes)
      .map(([key, value]) => ({ key, value, def: attributeByKey(key) }))
      .filter((r) => r.def && r.def.group === g.key)
      .sort((a, b) => (a.def?.number ?? 0) - (b.def?.number ?? 0))
      .map((r) => {
        const enumerated = r.def?.type.kind === 'string' && r.def.type.enum !== undefined;
        const listOfEnum = r.def?.type.kind === 'array' && r.def.type.items.kind === 'string' && r.def.type.items.enum !== undefined;
        return `<tr data-key="${esc(r.key)}"><th scope="row">${esc(attributeLabel(r.key, f.locale))}</th><td>${valueHtml(r.value, r.def?.unit, f, enumerated || listOfEnum)}</td></tr>`;
      })
      .join('');
    if (!rows) return '';
    const label = f.locale === 'de' ? GROUP_DE[g.key] ?? g.label : g.label;
    return `<section aria-labelledby="g-${g.key}"><h2 id="g-${g.key}">${esc(label)}</h2><table>${rows}</table></section>`;
  }).join('');
}

const CSS = `
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;color:#0b4f3c;padding:.4rem;z-index:1}
header{background:#0b4f3c;color:#fff;padding:1rem}main{padding:0 1rem 2rem;max-width:960px;margin:auto}
h1{font-size:1.3rem;margin:.4rem 0;overflow-wrap:anywhere}h2{font-size:1.1rem;border-bottom:2px solid #0b4f3c;padding-bottom:.2rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{text-align:left;vertical-align:top;padding:.4rem .3rem;border-bottom:1px solid #d0d0d0;overflow-wrap:anywhere}
th{width:42%;font-weight:600}ul{margin:0;padding-left:1.1rem}
dl.obj{margin:0}dl.obj dt{font-weight:600;font-size:.9em}dl.obj dd{margin:0 0 .3rem}
dl.facts{display:grid;grid-template-columns:1fr;gap:.6rem;margin:0}dl.facts>div{background:#fff;border:1px solid #d0d0d0;border-radius:6px;padding:.6rem .8rem;min-width:0}
dl.facts dt{font-size:.85rem;color:#3d3d3d;font-weight:600}dl.facts dd{margin:.1rem 0 0;overflow-wrap:anywhere}
@media (min-width:700px){dl.facts{grid-template-columns:1fr 1fr}}
table.mini th,table.mini td{padding:.2rem .3rem;width:auto;font-size:.95em}
.meta{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.95rem}.note{font-size:.9rem;color:#3d3d3d}
.closed{background:#fde8e8;color:#7a1010;padding:.6rem;border-radius:4px}
.cls{display:inline-block;border-radius:4px;padding:0 .45rem;font-weight:700;background:#1a1a1a;color:#fff;white-space:nowrap}
.cls-a{background:#0b5e2a}.cls-b{background:#2f6b12}.cls-c{background:#5c5a00}.cls-d{background:#7a4a00}.cls-e{background:#8f2d00}
a{color:#0b57a4}header a{color:#fff}a:focus-visible{outline:3px solid #c25e00;outline-offset:2px}
nav{display:flex;gap:.8rem;flex-wrap:wrap}nav a[aria-current]{font-weight:700;text-decoration:none;border-bottom:2px solid #fff}
.qr{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}.qr img{width:120px;height:120px;background:#fff}
footer{font-size:.9rem;color:#3d3d3d;border-top:1px solid #d0d0d0;margin-top:2rem;padding-top:.8rem}
`;

/**
 * The page. `base` is the relative way from the page's URL (`…/p/<id>`) back to the node's root, so the QR image and
 * the JSON link resolve on whatever path the node is reached by.
 */
export function renderPublicPage(p: Passport, locale: Locale, base = '../'): string {
  const t = UI[locale];
  const f = new Fmt(locale);
  const id = encodeURIComponent(p.batteryId);
  const passportLink = (pid: string) => `<a href="./${encodeURIComponent(pid)}?lang=${locale}">${esc(pid)}</a>`;
  const lang = (l: Locale, label: string) => `<a href="?lang=${l}" lang="${l}" hreflang="${l}"${l === locale ? ' aria-current="page"' : ''}>${label}</a>`;
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)} ${esc(p.batteryId)}</title>
<style>${CSS}</style></head><body>
<a class="skip" href="#data">${esc(t.skip)}</a>
<header><nav aria-label="${esc(t.language)}">${lang('en', 'English')}${lang('de', 'Deutsch')}</nav>
<h1>${esc(t.title)}: ${esc(p.batteryId)}</h1>
<div class="meta">${p.status ? `<span>${esc(t.status)}: <strong>${esc(t[p.status] ?? p.status)}</strong></span>` : ''}<span>${esc(t.model)}: ${esc(p.model.manufacturerModelId)}</span>
<span>${esc(t.issuer)}: ${esc(p.issuer.name)}</span><span>${esc(t.updated)}: ${esc(f.day(p.updatedAt))}</span></div></header>
<main id="data">
${p.closed ? `<p class="closed">${esc(t.closed)}</p>` : ''}
${p.predecessorPassportId ? `<p>${esc(t.predecessor)}: ${passportLink(p.predecessorPassportId)}</p>` : ''}
${p.successorPassportIds?.length ? `<p>${esc(t.successor)}: ${p.successorPassportIds.map(passportLink).join(', ')}</p>` : ''}
<div class="qr"><img src="${esc(`${base}api/passports/${id}/qr.svg`)}" alt="${esc(t.qrAlt)}" width="120" height="120"><p class="note">${esc(t.publicNote)}</p></div>
${keyFacts(p, f)}
${groupSections(p, f)}
<footer>${esc(t.machineReadable)}: <a href="${esc(`${base}api/passports/${id}`)}">${esc(t.json)}</a></footer>
</main></body></html>`;
}
