/**
 * RFC 9457 problem details. Domains throw the typed errors below; `registerProblemHandler` maps them (and Fastify's
 * own validation/parse errors) to `application/problem+json`. A 5xx never reveals its message.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface FieldError {
  /** JSON-pointer-like path or attribute key, e.g. `attributes.ratedCapacityAh` or `body.payload.sohPercent`. */
  field: string;
  reason: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}
export class BadRequest extends HttpProblem {
  constructor(detail: string, errors: FieldError[] = []) {
    super(400, 'Bad Request', detail, errors);
  }
}
export class ValidationFailed extends HttpProblem {
  constructor(detail: string, errors: FieldError[]) {
    super(422, 'Unprocessable Content', detail, errors);
  }
}
export class Unauthorized extends HttpProblem {
  constructor(detail: string) {
    super(401, 'Unauthorized', detail);
  }
}
export class Forbidden extends HttpProblem {
  constructor(detail: string, errors: FieldError[] = []) {
    super(403, 'Forbidden', detail, errors);
  }
}
export class NotFound extends HttpProblem {
  constructor(detail: string) {
    super(404, 'Not Found', detail);
  }
}
export class Conflict extends HttpProblem {
  constructor(detail: string, extra: Record<string, unknown> = {}, errors: FieldError[] = []) {
    super(409, 'Conflict', detail, errors, extra);
  }
}
export class Gone extends HttpProblem {
  constructor(detail: string) {
    super(410, 'Gone', detail);
  }
}

const TYPE_BASE = 'https://batteryloop.dev/problems/';

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, p: HttpProblem): FastifyReply {
  return reply
    .code(p.status)
    .type('application/problem+json')
    .send({
      type: TYPE_BASE + slug(p.title),
      title: p.title,
      status: p.status,
      detail: p.message,
      instance: req.url,
      ...(p.errors.length > 0 ? { errors: p.errors } : {}),
      ...p.extra,
    });
}

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** Turns Fastify/Ajv validation errors into field errors naming the offending field. */
function fieldErrorsFromValidation(err: FastifyError & { validation?: AjvLikeError[]; validationContext?: string }): FieldError[] {
  const ctx = err.validationContext ?? 'body';
  return (err.validation ?? []).map((v) => {
    let path = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    if (v.keyword === 'required' && typeof v.params?.missingProperty === 'string') {
      path = path ? `${path}.${v.params.missingProperty}` : v.params.missingProperty;
    }
    if (v.keyword === 'additionalProperties' && typeof v.params?.additionalProperty === 'string') {
      path = path ? `${path}.${v.params.additionalProperty}` : v.params.additionalProperty;
      return { field: `${ctx}.${path}`, reason: 'unknown property' };
    }
    return { field: path ? `${ctx}.${path}` : ctx, reason: v.message ?? 'invalid' };
  });
}

export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const err = error as FastifyError & { validation?: AjvLikeError[] };
  if (err && Array.isArray(err.validation)) {
    const errors = fieldErrorsFromValidation(err);
    return new BadRequest(`request does not match the schema: ${errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`, errors);
  }
  const code = err?.code ?? '';
  const status = typeof err?.statusCode === 'number' ? err.statusCode : 500;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new BadRequest(`body is not valid JSON: ${err.message}`, [{ field: 'body', reason: 'malformed JSON' }]);
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new HttpProblem(413, 'Content Too Large', 'request body exceeds the configured limit', [{ field: 'body', reason: 'too large' }]);
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new HttpProblem(415, 'Unsupported Media Type', 'send application/json', [{ field: 'content-type', reason: 'unsupported' }]);
  }
  if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return new BadRequest('content-length does not match the body', [{ field: 'content-length', reason: 'mismatch' }]);
  }
  if (status >= 400 && status < 500) {
    return new HttpProblem(status, titleFor(status), err?.message ?? 'bad request');
  }
  return new HttpProblem(500, 'Internal Server Error', 'the server could not complete the request; it has been logged');
}

function titleFor(status: number): string {
  const t: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 408: 'Request Timeout', 409: 'Conflict', 413: 'Content Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large' };
  return t[status] ?? 'Client Error';
}

export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, req, reply) => {
    const p = toProblem(error);
    if (p.status >= 500) req.log.error({ err: error }, 'request failed');
    else req.log.info({ status: p.status, detail: p.message }, 'request rejected');
    return sendProblem(reply, req, p);
  });
  app.setNotFoundHandler((req, reply) => sendProblem(reply, req, new NotFound(`no route ${req.method} ${req.url.split('?')[0]}`)));
}
