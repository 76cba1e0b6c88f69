/**
 * Server-rendered public passport page: what anyone scanning the battery's QR code sees (Art. 77(2)(a), Annex XIII(1)).
 * It renders only the public-tier document it is given; no script, readable on a 360 px phone, en/de.
 */
import type { AttributeValue, Passport } from '../core/types.js';
import { ATTRIBUTE_GROUPS, attributeByKey } from '../core/index.js';

export type Locale = 'en' | 'de';

const T: Record<Locale, Record<string, string>> = {
  en: {
    title: 'Battery passport',
    status: 'Status',
    chemistry: 'Chemistry',
    model: 'Model',
    issuer: 'Responsible economic operator',
    updated: 'Last updated',
    closed: 'This passport is closed: the battery has been recycled (Art. 77(6)).',
    publicNote: 'Public information under Regulation (EU) 2023/1542, Annex XIII(1). More data is available to persons with a legitimate interest and to authorities.',
    original: 'original',
    reused: 'reused',
    repurposed: 'repurposed',
    remanufactured: 'remanufactured',
    waste: 'waste',
    predecessor: 'Made from battery passport',
    successor: 'Continued in passport',
    yes: 'yes',
    no: 'no',
  },
  de: {
    title: 'Batteriepass',
    status: 'Status',
    chemistry: 'Zellchemie',
    model: 'Modell',
    issuer: 'Verantwortlicher Wirtschaftsakteur',
    updated: 'Zuletzt aktualisiert',
    closed: 'Dieser Pass ist geschlossen: Die Batterie wurde recycelt (Art. 77 Abs. 6).',
    publicNote: 'Öffentliche Informationen nach Verordnung (EU) 2023/1542, Anhang XIII Nr. 1. Weitere Daten erhalten Personen mit berechtigtem Interesse und Behörden.',
    original: 'Original',
    reused: 'wiederverwendet',
    repurposed: 'umgenutzt',
    remanufactured: 'wiederaufbereitet',
    waste: 'Abfall',
    predecessor: 'Hervorgegangen aus Batteriepass',
    successor: 'Fortgeführt in Pass',
    yes: 'ja',
    no: 'nein',
  },
};

const GROUP_DE: Record<string, string> = {
  identifiersAndProductData: 'Kennungen und Produktdaten',
  symbolsLabelsConformity: 'Symbole, Kennzeichnungen und Konformität',
  carbonFootprint: 'CO₂-Fußabdruck',
  supplyChainDueDiligence: 'Sorgfaltspflichten in der Lieferkette',
  materialsAndComposition: 'Materialien und Zusammensetzung',
  circularityAndResourceEfficiency: 'Kreislaufwirtschaft und Ressourceneffizienz',
  performanceAndDurability: 'Leistung und Haltbarkeit',
};

export function pickLocale(explicit: string | undefined, acceptLanguage: string | undefined): Locale {
  if (explicit === 'de' || explicit === 'en') return explicit;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('de') ? 'de' : 'en';
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

function formatValue(v: AttributeValue, unit: string | undefined, locale: Locale): string {
  const nf = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 3 });
  if (v === null) return '—';
  if (typeof v === 'number') return esc(nf.format(v) + (unit ? `\u00a0${unit}` : ''));
  if (typeof v === 'boolean') return T[locale][v ? 'yes' : 'no'];
  if (typeof v === 'string') {
    if (ISO_DATE.test(v)) {
      const d = new Date(v);
      if (!Number.isNaN(d.getTime())) {
        return esc(new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', ...(v.length > 10 ? { timeStyle: 'short', timeZone: 'UTC' } : { timeZone: 'UTC' }) }).format(d));
      }
    }
    if (/^https?:\/\//.test(v)) return `<a href="${esc(v)}" rel="noopener">${esc(v)}</a>`;
    return esc(v);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    return `<ul>${v.map((x) => `<li>${formatValue(x, unit, locale)}</li>`).join('')}</ul>`;
  }
  return `<dl class="obj">${Object.entries(v)
    .map(([k, x]) => `<dt>${esc(humanise(k))}</dt><dd>${formatValue(x, undefined, locale)}</dd>`)
    .join('')}</dl>`;
}

function humanise(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

export function renderPublicPage(p: Passport, locale: Locale, qrUrl: string): string {
  const t = T[locale];
  const nfDate = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
  const sections = ATTRIBUTE_GROUPS.map((g) => {
    const rows = Object.entries(p.attributes)
      .map(([key, value]) => ({ key, value, def: attributeByKey(key) }))
      .filter((r) => r.def && r.def.group === g.key)
      .sort((a, b) => (a.def?.number ?? 0) - (b.def?.number ?? 0))
      .map((r) => `<tr><th scope="row">${esc(r.def?.name ?? r.key)}</th><td>${formatValue(r.value, r.def?.unit, locale)}</td></tr>`)
      .join('');
    if (!rows) return '';
    const label = locale === 'de' ? GROUP_DE[g.key] ?? g.label : g.label;
    return `<section><h2>${esc(label)}</h2><table>${rows}</table></section>`;
  }).join('');
  const link = (id: string) => `<a href="/p/${encodeURIComponent(id)}?lang=${locale}">${esc(id)}</a>`;
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)} ${esc(p.batteryId)}</title>
<style>
body{font:16px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
header{background:#0b4f3c;color:#fff;padding:1rem}main{padding:0 1rem 2rem;max-width:960px;margin:auto}
h1{font-size:1.3rem;margin:0 0 .3rem}h2{font-size:1.05rem;border-bottom:2px solid #0b4f3c;padding-bottom:.2rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{text-align:left;vertical-align:top;padding:.35rem .3rem;border-bottom:1px solid #ddd;overflow-wrap:anywhere}
th{width:45%;font-weight:600}ul{margin:0;padding-left:1.1rem}dl.obj{margin:0}dl.obj dt{font-weight:600;font-size:.9em}dl.obj dd{margin:0 0 .3rem}
.meta{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.95rem}.note{font-size:.85rem;color:#444}.closed{background:#fde8e8;color:#7a1010;padding:.6rem;border-radius:4px}
a{color:#0b5cad}header a{color:#fff}img.qr{width:120px;height:120px;background:#fff}nav a{color:#fff;margin-right:.6rem}
</style></head><body>
<header><nav><a href="?lang=en" lang="en">English</a><a href="?lang=de" lang="de">Deutsch</a></nav>
<h1>${esc(t.title)}: ${esc(p.batteryId)}</h1>
<div class="meta">${p.status ? `<span>${esc(t.status)}: <strong>${esc(t[p.status] ?? p.status)}</strong></span>` : ''}<span>${esc(t.chemistry)}: ${esc(p.model.chemistry)}</span>
<span>${esc(t.model)}: ${esc(p.model.manufacturerModelId)}</span><span>${esc(t.issuer)}: ${esc(p.issuer.name)}</span>
<span>${esc(t.updated)}: ${esc(nfDate.format(new Date(p.updatedAt)))}</span></div></header>
<main>
${p.closed ? `<p class="closed">${esc(t.closed)}</p>` : ''}
${p.predecessorPassportId ? `<p>${esc(t.predecessor)}: ${link(p.predecessorPassportId)}</p>` : ''}
${p.successorPassportIds?.length ? `<p>${esc(t.successor)}: ${p.successorPassportIds.map(link).join(', ')}</p>` : ''}
<p class="note">${esc(t.publicNote)}</p>
<img class="qr" src="${esc(qrUrl)}" alt="QR">
${sections}
</main></body></html>`;
}
