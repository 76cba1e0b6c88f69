/**
 * The public page (Annex XIII(1)) as HTML: exactly the public tier's attributes, the facts issue 8 asks for, en/de
 * wording and locale formatting, relative links (the page also works behind the console gateway's path prefix).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOGUE, filterPassportForRole, generateDemoPassports, type Passport } from '../core/index.js';
import { renderPublicPage, pickLocale } from './public-page.js';
import { ATTRIBUTE_DE } from './public-page-i18n.js';

const [full] = generateDemoPassports({ count: 1, seed: 3, now: '2026-11-01T00:00:00Z', issuer: { did: 'did:web:page.test', role: 'manufacturer', name: 'Page Test GmbH' } });
const pub = filterPassportForRole(full, 'public', { isIssuer: false }) as Passport;
const keysOf = (html: string) => [...html.matchAll(/data-key="([^"]+)"/g)].map((m) => m[1]).sort();

test('shows every public attribute and nothing else', () => {
  const html = renderPublicPage(pub, 'en');
  const publicKeys = CATALOGUE.filter((d) => d.tier === 'public').map((d) => d.key);
  assert.deepEqual(keysOf(html), Object.keys(pub.attributes).sort());
  for (const k of keysOf(html)) assert.ok(publicKeys.includes(k), `${k} is public`);
  for (const d of CATALOGUE.filter((x) => x.tier !== 'public' && typeof full.attributes[x.key] === 'string' && String(full.attributes[x.key]).length > 8)) {
    assert.ok(!html.includes(String(full.attributes[d.key])), `${d.key} (${d.tier}) is not on the page`);
  }
});

test('the facts at a glance: maker, chemistry, capacity, voltages, carbon footprint with class, recycled content, due diligence, labels', () => {
  const html = renderPublicPage(pub, 'en');
  for (const fact of ['manufacturer', 'chemistry', 'made', 'capacity', 'voltages', 'mass', 'carbon', 'recycled', 'dueDiligence', 'labels']) {
    assert.match(html, new RegExp(`data-fact="${fact}"`), fact);
  }
  const cls = String(pub.attributes.carbonFootprintPerformanceClass);
  assert.match(html, new RegExp(`class ${cls}</span>`));
});

test('German: labels, decimal comma, long dates; English: decimal point', () => {
  const de = renderPublicPage(pub, 'de');
  const en = renderPublicPage(pub, 'en');
  assert.match(de, /<html lang="de">/);
  assert.ok(de.includes(ATTRIBUTE_DE.nominalVoltage), 'German attribute label');
  // a public value with decimals and a plain unit (kg, V, kWh, Ah)
  const def = CATALOGUE.find((x) => x.tier === 'public' && ['kg', 'V', 'kWh', 'Ah'].includes(x.unit ?? '') && typeof pub.attributes[x.key] === 'number' && !Number.isInteger(pub.attributes[x.key]) && (pub.attributes[x.key] as number) < 1000)!;
  assert.ok(def, 'the demo passport has a public value with decimals');
  const v = pub.attributes[def.key] as number;
  const row = (html: string) => new RegExp(`data-key="${def.key}"><th[^>]*>[^<]*</th><td>([^<]*)</td>`).exec(html)?.[1];
  assert.equal(row(de), `${String(v).replace('.', ',')}\u00a0${def.unit}`, 'German decimal comma');
  assert.equal(row(en), `${String(v)}\u00a0${def.unit}`, 'English decimal point');
  const [y, m, d] = String(pub.attributes.manufacturingDate).split('-').map(Number);
  const months = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
  assert.ok(de.includes(`${d}. ${months[m - 1]} ${y}`), 'German long date');
  assert.ok(!en.includes(String(pub.attributes.manufacturingDate)), 'no raw ISO date in English either');
  for (const key of Object.keys(pub.attributes)) assert.ok(ATTRIBUTE_DE[key], `German label for ${key}`);
});

test('links are relative to the page, so a path prefix keeps them working', () => {
  const html = renderPublicPage({ ...pub, predecessorPassportId: 'urn:uuid:00000000-0000-4000-8000-000000000001' }, 'en');
  assert.ok(html.includes(`src="../api/passports/${encodeURIComponent(pub.batteryId)}/qr.svg"`));
  assert.ok(html.includes('href="./urn%3Auuid%3A00000000-0000-4000-8000-000000000001?lang=en"'));
  assert.ok(!/(src|href)="\/(?!\/)/.test(html), 'no root-relative URL');
});

test('the language: ?lang first, then Accept-Language by weight', () => {
  assert.equal(pickLocale('de', 'en'), 'de');
  assert.equal(pickLocale(undefined, 'de-DE,de;q=0.9,en;q=0.8'), 'de');
  assert.equal(pickLocale(undefined, 'fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4'), 'de');
  assert.equal(pickLocale(undefined, 'en;q=0.4,de;q=0.7'), 'de');
  assert.equal(pickLocale(undefined, 'de;q=0,en'), 'en');
  assert.equal(pickLocale(undefined, 'fr'), 'en');
  assert.equal(pickLocale(undefined, undefined), 'en');
});

test('text from the passport is escaped', () => {
  const html = renderPublicPage({ ...pub, model: { ...pub.model, manufacturerModelId: '<script>x</script>' } }, 'en');
  assert.ok(!html.includes('<script>x'));
  assert.ok(html.includes('&lt;script&gt;x'));
});
