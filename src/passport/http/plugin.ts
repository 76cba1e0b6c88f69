/** Passport routes: one Fastify plugin; business rules live in the service and the core. */
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import QRCode from 'qrcode';
import { BadRequest, ValidationFailed } from '../../platform/errors.js';
import { requireParticipant } from '../../platform/auth.js';
import type { PassportService, Actor } from '../service.js';
import type { Passport, Role } from '../core/types.js';
import { CATALOGUE, ATTRIBUTE_GROUPS, readableTiers } from '../core/index.js';
import { exportPassport, importPassport, EXPORT_FORMATS, ExportNotPossible, type ExportFormatName } from '../core/exports/index.js';
import { decodeCursor } from '../adapters/pg-passport-store.js';
import { renderPublicPage, pickLocale } from './public-page.js';
import * as S from './schemas.js';

export interface PassportPluginOptions {
  service: PassportService;
  /** Public base URL used in QR codes (stable: `${publicUrl}/p/<batteryId>`). */
  publicUrl: () => string;
}

function actorOf(req: { caller: { did: string | null; role: string } }): Actor {
  return { did: req.caller.did, role: req.caller.role as Role };
}

const IdParams = Type.Object({ id: S.Id }, { additionalProperties: false });
const problems = { 400: S.Problem, 401: S.Problem, 403: S.Problem, 404: S.Problem, 409: S.Problem, 410: S.Problem, 422: S.Problem };

export const passportPlugin: FastifyPluginAsync<PassportPluginOptions> = async (app, opts) => {
  const svc = opts.service;

  app.get('/api/catalogue', {
    schema: { tags: ['passport'], summary: 'The 93-attribute catalogue with group, access tier, unit, type and EV applicability' },
  }, async () => ({ groups: ATTRIBUTE_GROUPS, attributes: CATALOGUE }));

  app.get<{ Querystring: Static<typeof S.ListQuery> }>('/api/passports', {
    schema: { tags: ['passport'], summary: 'List passports (summaries, newest first, keyset pagination)', querystring: S.ListQuery, response: { 400: S.Problem } },
  }, async (req) => {
    if (req.query.cursor !== undefined && decodeCursor(req.query.cursor) === null) {
      throw new BadRequest('cursor is not one this API returned', [{ field: 'querystring.cursor', reason: 'invalid cursor' }]);
    }
    // the battery status (#11), the state of health (#57) and where the battery is are legitimate-interest data: callers without that tier
    // neither see nor filter by them (a filter would reveal the value one battery at a time)
    const maySeeStatus = readableTiers(req.caller.role as Role, { isIssuer: svc.isOperator(req.caller.did) }).has('legitimateInterest');
    const { sohMin, sohMax, ...rest } = req.query;
    if (!maySeeStatus) {
      const hidden = (['status', 'sohMin', 'sohMax', 'at'] as const).filter((k) => req.query[k] !== undefined);
      if (hidden.length > 0) {
        throw new BadRequest(`filtering by ${hidden.join(', ')} needs the legitimate-interest tier`, hidden.map((k) => ({ field: `querystring.${k}`, reason: 'not available to your access tier' })));
      }
    }
    if (sohMin !== undefined && sohMax !== undefined && sohMin > sohMax) {
      throw new BadRequest('sohMin is above sohMax', [{ field: 'querystring.sohMin', reason: `must not exceed sohMax (${sohMax})` }]);
    }
    const page = await svc.list({ ...rest, sohMinPct: sohMin, sohMaxPct: sohMax, limit: req.query.limit ?? 50 } as never);
    return maySeeStatus ? page : { ...page, items: page.items.map(({ status: _s, sohPct: _h, lastLocation: _l, ...item }) => item) };
  });

  app.post<{ Body: Static<typeof S.PassportCreate> }>('/api/passports', {
    schema: { tags: ['passport'], summary: 'Issue a new passport (node operator only)', security: [{ participantJwt: [] }], body: S.PassportCreate, response: { 201: S.PassportDoc, ...problems } },
  }, async (req, reply) => {
    requireParticipant(req);
    const b = req.body;
    const p = await svc.create(actorOf(req), {
      schemaVersion: b.schemaVersion,
      passportId: b.passportId,
      batteryId: b.batteryId,
      status: b.status ?? 'original',
      closed: false,
      successorPassportIds: [],
      predecessorPassportId: b.predecessorPassportId,
      issuer: { did: '', role: 'manufacturer', name: '' },
      model: b.model as Passport['model'],
      attributes: b.attributes as Passport['attributes'],
      attributeUpdatedAt: b.attributeUpdatedAt ?? {},
      structure: b.structure as Passport['structure'],
      ...(b.profiles ? { profiles: b.profiles as Passport['profiles'] } : {}),
      createdAt: '',
      updatedAt: '',
      version: 1,
    });
    return reply.code(201).header('location', `/api/passports/${encodeURIComponent(p.passportId)}`).send(p);
  });

  app.get<{ Params: Static<typeof IdParams> }>('/api/passports/:id', {
    schema: {
      tags: ['passport'],
      summary: "Read a passport: exactly the attributes the caller's access tier may see (Art. 77(2), Annex XIII)",
      params: IdParams,
      response: { 200: S.PassportDoc, 401: S.Problem, 404: S.Problem },
    },
  }, async (req, reply) => {
    if (req.caller.did === null) {
      // the hot public path: pre-rendered public tier straight from the store
      const json = await svc.getPublicJson(req.params.id);
      return reply.type('application/json; charset=utf-8').serializer((s: unknown) => s as string).send(json);
    }
    return svc.getForActor(actorOf(req), req.params.id);
  });

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof S.AttributePatch> }>('/api/passports/:id/attributes', {
    schema: {
      tags: ['passport'],
      summary: 'Write attribute values the caller is responsible for; all-or-nothing',
      security: [{ participantJwt: [] }],
      params: IdParams,
      body: S.AttributePatch,
      response: { 200: S.PassportDoc, ...problems },
    },
  }, async (req) => {
    requireParticipant(req);
    return svc.updateAttributes(actorOf(req), req.params.id, req.body.attributes, req.body.expectedVersion);
  });

  const ExportQuery = Type.Object({ format: S.ExportFormat }, { additionalProperties: false });
  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ExportQuery> }>('/api/passports/:id/export', {
    schema: {
      tags: ['passport'],
      summary: 'Export as IDTA-02035 (parts 1–7), Catena-X battery_pass 6.1.0, Battery Pass 1.2 aspects or JSON-LD; limited to the caller tier',
      params: IdParams,
      querystring: ExportQuery,
      response: { 200: Type.Object({ format: S.ExportFormat, files: Type.Array(S.ExportFile), omitted: Type.Array(Type.Object({ namespace: Type.String(), reason: Type.String() })) }), 400: S.Problem, 404: S.Problem, 422: S.Problem },
    },
  }, async (req) => {
    const p = await svc.getForActor(actorOf(req), req.params.id);
    try {
      return { format: req.query.format, ...exportPassport(p, req.query.format as ExportFormatName) };
    } catch (e) {
      if (e instanceof ExportNotPossible) {
        throw new ValidationFailed(`${e.message} (your access tier may hide data the format requires)`, e.missing.map((m) => ({ field: `passport.${m.split(':')[0]}`, reason: m })));
      }
      throw e;
    }
  });

  const ImportBody = Type.Object({ format: S.ExportFormat, files: Type.Array(S.ExportFile, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false });
  app.post<{ Body: Static<typeof ImportBody> }>('/api/passports/import', {
    schema: { tags: ['passport'], summary: 'Import a passport from one of the export formats (node operator only)', security: [{ participantJwt: [] }], body: ImportBody, response: { 201: S.PassportDoc, ...problems } },
  }, async (req, reply) => {
    requireParticipant(req);
    if (!EXPORT_FORMATS.includes(req.body.format as ExportFormatName)) throw new BadRequest('unknown format', [{ field: 'body.format', reason: 'unknown' }]);
    const r = importPassport(req.body.files as never, req.body.format as ExportFormatName, { issuer: { did: req.caller.did as string, role: req.caller.role as Role, name: req.caller.name ?? '' } });
    if (!r.ok) throw new BadRequest(`import failed: ${r.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`, r.errors);
    const created = await svc.create(actorOf(req), r.passport);
    return reply.code(201).send(created);
  });

  const QrParams = Type.Object({ id: S.Id, ext: Type.Union([Type.Literal('svg'), Type.Literal('png')]) }, { additionalProperties: false });
  app.get<{ Params: Static<typeof QrParams> }>('/api/passports/:id/qr.:ext', {
    schema: { tags: ['passport'], summary: 'QR code (SVG or PNG) carrying the stable public page URL of the battery', params: QrParams, response: { 404: S.Problem } },
  }, async (req, reply) => {
    const pub = JSON.parse(await svc.getPublicJson(req.params.id)) as Passport;
    const url = `${opts.publicUrl()}/p/${encodeURIComponent(pub.batteryId)}`;
    // error correction M survives a scuffed label on a pack in a scrapyard
    if (req.params.ext === 'svg') {
      return reply.type('image/svg+xml').send(await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    }
    return reply.type('image/png').send(await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 }));
  });

  const PageQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('de')])) }, { additionalProperties: false });
  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof PageQuery> }>('/p/:id', {
    schema: { tags: ['passport'], summary: 'Public passport page (HTML, public tier only) — the URL a QR code carries', params: IdParams, querystring: PageQuery },
  }, async (req, reply) => {
    const pub = JSON.parse(await svc.getPublicJson(req.params.id)) as Passport;
    const locale = pickLocale(req.query.lang, req.headers['accept-language']);
    // the page varies by language: caches must key on Accept-Language as well as the URL
    return reply.type('text/html; charset=utf-8').header('vary', 'accept-language').header('content-language', locale).send(renderPublicPage(pub, locale));
  });

};
