/**
 * A deliberately small, strict JSON-LD 1.1 expansion for the documents this module writes (JSON-LD 1.1 §4 / §5
 * "Expansion Algorithm", restricted subset). It exists so that import can reject documents whose keys a real JSON-LD
 * processor would silently drop, and so that tests can prove our documents expand deterministically without a
 * network-fetching processor.
 *
 * Supported: one inline `@context` object with simple term definitions (string IRIs / compact IRIs) and expanded
 * term definitions using `@id`, `@type` (`@id`, `@json` or a datatype IRI) and `@container: @list`; node objects with
 * `@id` / `@type`; value objects with `@value` (+ optional `@type`); nested node objects (labelled blank nodes in
 * document order). Not supported (and rejected): remote contexts, `@vocab`, `@base`, scoped contexts, `@graph`,
 * `@reverse`, language maps. Every non-keyword key must be a term of the context: strictness is the point.
 */

export interface TermDefinition {
  iri: string;
  /** `@id` (values are IRIs), `@json` (values are JSON literals) or a datatype IRI. */
  type?: string;
  list: boolean;
}

export interface ParsedContext {
  terms: Map<string, TermDefinition>;
  /** Terms usable as compact-IRI prefixes (their IRI ends in `/` or `#`). */
  prefixes: Map<string, string>;
}

export class JsonLdShapeError extends Error {
  constructor(
    /** JSON path of the offending key or value, e.g. `$.battery.ratedCapacity.unit`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'JsonLdShapeError';
  }
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_JSON = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON';
const ALLOWED_CONTEXT_KEYWORDS = new Set(['@version']);
const ALLOWED_NODE_KEYWORDS = new Set(['@context', '@id', '@type']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Absolute IRI per RFC 3987 scheme syntax (`urn:`, `https:`, `did:` ...). */
function isAbsoluteIri(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(s);
}

export function parseContext(ctx: unknown, path = '$.@context'): ParsedContext {
  if (!isObject(ctx)) throw new JsonLdShapeError(path, 'must be one inline context object (remote contexts are not accepted)');
  const raw = new Map<string, { id: string; type?: string; list: boolean }>();
  for (const [key, def] of Object.entries(ctx)) {
    if (key.startsWith('@')) {
      if (!ALLOWED_CONTEXT_KEYWORDS.has(key)) throw new JsonLdShapeError(`${path}.${key}`, 'keyword not supported in this profile');
      continue;
    }
    if (typeof def === 'string') raw.set(key, { id: def, list: false });
    else if (isObject(def)) {
      for (const k of Object.keys(def)) {
        if (!['@id', '@type', '@container'].includes(k)) throw new JsonLdShapeError(`${path}.${key}.${k}`, 'unsupported term definition key');
      }
      if (typeof def['@id'] !== 'string') throw new JsonLdShapeError(`${path}.${key}.@id`, 'must be a string');
      if (def['@type'] !== undefined && typeof def['@type'] !== 'string') throw new JsonLdShapeError(`${path}.${key}.@type`, 'must be a string');
      if (def['@container'] !== undefined && def['@container'] !== '@list') throw new JsonLdShapeError(`${path}.${key}.@container`, 'only @list is supported');
      raw.set(key, { id: def['@id'], type: def['@type'] as string | undefined, list: def['@container'] === '@list' });
    } else throw new JsonLdShapeError(`${path}.${key}`, 'term definition must be a string or an object');
  }
  // Prefixes are resolved first (a prefix value is itself an absolute IRI), then terms may use them.
  const prefixes = new Map<string, string>();
  for (const [key, d] of raw) if (isAbsoluteIri(d.id) && /[/#]$/.test(d.id) && !d.type && !d.list) prefixes.set(key, d.id);
  const expandCompact = (s: string, where: string): string => {
    if (s.startsWith('@')) return s;
    const i = s.indexOf(':');
    if (i > 0) {
      const prefix = prefixes.get(s.slice(0, i));
      if (prefix) return prefix + s.slice(i + 1);
      if (isAbsoluteIri(s)) return s;
    }
    throw new JsonLdShapeError(where, `"${s}" is neither an absolute IRI nor a compact IRI with a defined prefix`);
  };
  const terms = new Map<string, TermDefinition>();
  for (const [key, d] of raw) {
    const type = d.type === undefined || d.type === '@id' || d.type === '@json' ? d.type : expandCompact(d.type, `${path}.${key}.@type`);
    terms.set(key, { iri: expandCompact(d.id, `${path}.${key}`), type, list: d.list });
  }
  return { terms, prefixes };
}

/** Expands an IRI-valued string: terms (vocab-relative) or compact/absolute IRIs. */
function expandIri(ctx: ParsedContext, s: string, vocab: boolean, where: string): string {
  if (vocab) {
    const t = ctx.terms.get(s);
    if (t) return t.iri;
  }
  const i = s.indexOf(':');
  if (i > 0) {
    const prefix = ctx.prefixes.get(s.slice(0, i));
    if (prefix) return prefix + s.slice(i + 1);
    if (isAbsoluteIri(s)) return s;
  }
  throw new JsonLdShapeError(where, `"${s}" does not expand to an absolute IRI`);
}

function literal(v: unknown, where: string, datatype?: string): string {
  if (datatype === '@json') return `${JSON.stringify(JSON.stringify(canonicalJson(v)))}^^<${RDF_JSON}>`;
  if (typeof v === 'string') return datatype ? `${JSON.stringify(v)}^^<${datatype}>` : JSON.stringify(v);
  if (typeof v === 'boolean') return `"${v}"^^<${XSD}boolean>`;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new JsonLdShapeError(where, 'numbers must be finite');
    return Number.isInteger(v) ? `"${v}"^^<${XSD}integer>` : `"${v}"^^<${XSD}double>`;
  }
  throw new JsonLdShapeError(where, 'unsupported literal');
}

/** Key-sorted copy so that @json literals compare independent of key order (JSON-LD 1.1 §4.2.2 canonical JSON). */
function canonicalJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonicalJson);
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonicalJson(v[k])]));
  return v;
}

/**
 * Expands `doc` to sorted N-Triples-like statements. Throws `JsonLdShapeError` naming the JSON path of the first key
 * that is neither a keyword nor a context term, and of any value that cannot be expanded.
 */
export function expandToStatements(doc: unknown): string[] {
  if (!isObject(doc)) throw new JsonLdShapeError('$', 'document must be a JSON object');
  const ctx = parseContext(doc['@context']);
  const out: string[] = [];
  let blank = 0;
  const nodeRef = (id: string) => (id.startsWith('_:') ? id : `<${id}>`);

  const visitNode = (node: Record<string, unknown>, path: string): string => {
    let subject: string;
    if (node['@id'] !== undefined) {
      if (typeof node['@id'] !== 'string') throw new JsonLdShapeError(`${path}.@id`, 'must be a string');
      subject = expandIri(ctx, node['@id'], false, `${path}.@id`);
    } else subject = `_:b${blank++}`;
    for (const [key, value] of Object.entries(node)) {
      const where = `${path}.${key}`;
      if (key.startsWith('@')) {
        if (!ALLOWED_NODE_KEYWORDS.has(key)) throw new JsonLdShapeError(where, 'keyword not supported in this profile');
        if (key === '@context' && path !== '$') throw new JsonLdShapeError(where, 'embedded contexts are not supported');
        if (key === '@type') {
          const types = Array.isArray(value) ? value : [value];
          for (const t of types) {
            if (typeof t !== 'string') throw new JsonLdShapeError(where, 'types must be strings');
            out.push(`${nodeRef(subject)} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${expandIri(ctx, t, true, where)}> .`);
          }
        }
        continue;
      }
      const term = ctx.terms.get(key);
      if (!term) throw new JsonLdShapeError(where, 'key is not a term of the @context (a JSON-LD processor would drop it)');
      const values = term.type === '@json' || !Array.isArray(value) ? [value] : value;
      values.forEach((v, idx) => {
        const object = visitValue(v, term, term.list ? `${where}[${idx}]` : Array.isArray(value) ? `${where}[${idx}]` : where);
        const listSuffix = term.list ? ` # list ${idx}` : '';
        out.push(`${nodeRef(subject)} <${term.iri}> ${object} .${listSuffix}`);
      });
    }
    return subject;
  };

  const visitValue = (v: unknown, term: TermDefinition, where: string): string => {
    if (term.type === '@json') return literal(v, where, '@json');
    if (v === null) throw new JsonLdShapeError(where, 'null values are not emitted by this profile');
    if (isObject(v)) {
      if ('@value' in v) {
        for (const k of Object.keys(v)) if (k !== '@value' && k !== '@type') throw new JsonLdShapeError(`${where}.${k}`, 'not allowed in a value object');
        const dt = v['@type'] === undefined ? undefined : expandIri(ctx, String(v['@type']), true, `${where}.@type`);
        return literal(v['@value'], where, dt);
      }
      return nodeRef(visitNode(v, where));
    }
    if (term.type === '@id') {
      if (typeof v !== 'string') throw new JsonLdShapeError(where, 'must be an IRI string');
      return `<${expandIri(ctx, v, false, where)}>`;
    }
    if (Array.isArray(v)) throw new JsonLdShapeError(where, 'nested arrays are not supported');
    return literal(v, where, term.type);
  };

  visitNode(doc, '$');
  return out.sort();
}
