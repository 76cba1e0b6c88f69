/**
 * A scripted DSP participant for protocol tests: its own did:web identity on a small HTTP server, credentials from the
 * test authority, DCP tokens on every call, and an inbox that validates every callback a node makes to it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { startTestDataspace, waitFor, type TestDataspace } from './dataspace.js';
import type { NodeHandle } from '../../src/platform/node.js';
import type { Role } from '../../src/passport/index.js';
import { generateDemoPassports } from '../../src/passport/index.js';
import { buildDidDocument, didWebFromUrl, generateParticipantKeys, signAccessToken, type ParticipantKeyFile } from '../../src/dataspace/identity/index.js';
import { createPresentation, createSelfIssuedToken, verifyPresentedIdentity } from '../../src/dataspace/credentials/index.js';
import {
  agreementFromWire,
  contractAgreementMessage,
  contractAgreementVerificationMessage,
  contractNegotiation,
  contractNegotiationError,
  contractNegotiationEventMessage,
  contractNegotiationTerminationMessage,
  contractOfferMessage,
  contractRequestMessage,
  dataset,
  errorReasons,
  offerFromWire,
  parseMessage,
  samePolicy,
  transferError,
  transferProcess,
  type AgreementTerms,
  type ContractNegotiation,
  type Dataset,
  type DspMessageType,
  type NegotiationState,
  type OfferTerms,
  type PolicyDoc,
  type ProcessIds,
  type TargetedOfferTerms,
} from '../../src/dataspace/dsp/index.js';
import { beginAcceptOffer, beginContractOffer, beginContractRequest, beginNegotiationTermination, newNegotiation, receiveNegotiationMessage, type NegotiationOutcome } from '../../src/dataspace/core/index.js';
import { offerIdFor, passportAssetId, publishedPolicyDoc } from '../../src/dataspace/connector/assets.js';
import { DSP_BASE_PATH } from '../../src/dataspace/connector/index.js';
import type { Neg } from '../../src/dataspace/connector/negotiations.js';


export type Json = Record<string, unknown>;
export interface Reply { status: number; body: unknown }
export interface Inbound { path: string; suffix: string; pid: string | null; type: DspMessageType; body: Json; errors: string[]; caller: string | null }

const TRANSFER_TYPES = {
  start: 'TransferStartMessage',
  completion: 'TransferCompletionMessage',
  suspension: 'TransferSuspensionMessage',
  termination: 'TransferTerminationMessage',
} as const satisfies Record<string, DspMessageType>;

/** What the scripted participant serves: provider endpoints under `/dsp` and consumer callbacks under `/cb` (notes §1.2). */
export const ROUTES: { re: RegExp; suffix: string; type: DspMessageType }[] = [
  { re: /^\/dsp\/negotiations\/request$/, suffix: 'initial', type: 'ContractRequestMessage' },
  { re: /^\/dsp\/negotiations\/([^/]+)\/request$/, suffix: 'request', type: 'ContractRequestMessage' },
  { re: /^\/dsp\/negotiations\/([^/]+)\/events$/, suffix: 'events', type: 'ContractNegotiationEventMessage' },
  { re: /^\/dsp\/negotiations\/([^/]+)\/agreement\/verification$/, suffix: 'verification', type: 'ContractAgreementVerificationMessage' },
  { re: /^\/dsp\/negotiations\/([^/]+)\/termination$/, suffix: 'termination', type: 'ContractNegotiationTerminationMessage' },
  { re: /^\/cb\/negotiations\/([^/]+)\/offers$/, suffix: 'offers', type: 'ContractOfferMessage' },
  { re: /^\/cb\/negotiations\/([^/]+)\/agreement$/, suffix: 'agreement', type: 'ContractAgreementMessage' },
  { re: /^\/cb\/negotiations\/([^/]+)\/events$/, suffix: 'events', type: 'ContractNegotiationEventMessage' },
  { re: /^\/cb\/negotiations\/([^/]+)\/termination$/, suffix: 'termination', type: 'ContractNegotiationTerminationMessage' },
  // Transfer Process (notes §1.3): the provider side under `/dsp`, the consumer callbacks under `/cb`
  { re: /^\/dsp\/transfers\/request$/, suffix: 'transfer-request', type: 'TransferRequestMessage' },
  ...(['start', 'completion', 'suspension', 'termination'] as const).flatMap((suffix) => {
    const type = TRANSFER_TYPES[suffix];
    return [
      { re: new RegExp(`^/dsp/transfers/([^/]+)/${suffix}$`), suffix, type },
      { re: new RegExp(`^/cb/transfers/([^/]+)/${suffix}$`), suffix, type },
    ];
  }),
];

export const urn = () => `urn:uuid:${randomUUID()}`;

/** A scripted DSP participant: did:web identity, authority credentials, and an HTTP server that records what the node sends it. */
export class Party {
  readonly inbox: Inbound[] = [];
  /** Status to answer for `${pid}:${suffix}` instead of the acknowledgement (503 withholds it, a 4xx refuses the message). */
  readonly answers = new Map<string, number>();
  readonly datasets = new Map<string, Dataset>();
  /** Provider role: our providerPid for each consumerPid that sent us an initial contract or transfer request. */
  readonly provided = new Map<string, string>();
  url = '';
  did = '';
  keys!: ParticipantKeyFile;
  private credentials: string[] = [];
  private readonly server: Server;

  private constructor(private readonly ds: TestDataspace, readonly role: Role, readonly name: string) {
    this.server = createServer((req, res) => void this.handle(req, res).catch((e) => { res.writeHead(500); res.end(String(e)); }));
  }

  static async start(ds: TestDataspace, role: Role, name: string): Promise<Party> {
    const p = new Party(ds, role, name);
    await new Promise<void>((r) => p.server.listen(0, '127.0.0.1', r));
    p.url = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}`;
    p.did = didWebFromUrl(p.url);
    p.keys = generateParticipantKeys(p.did);
    // trust lists: the authority admits it with its role; the nodes know it (its key comes from its DID document)
    for (const n of [ds.authority, ...Object.values(ds.nodes)]) await n.registry.upsert({ did: p.did, role, name, publicJwk: null, baseUrl: p.url });
    const token = await signAccessToken({ did: p.did, role, privateJwk: p.keys.privateJwk, audience: ds.authority.identity.did, now: new Date() });
    const res = await fetch(`${ds.authority.url}/api/authority/credentials`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { credentials: string[] };
    assert.equal(res.status, 201, JSON.stringify(body));
    p.credentials = body.credentials;
    return p;
  }

  get callback(): string {
    return `${this.url}/cb`;
  }

  get dspBase(): string {
    return `${this.url}/dsp`;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  /** DCP-style self-issued token carrying a presentation of the authority's credentials (as `DspIdentity.tokenFor`). */
  async token(audience: string): Promise<string> {
    const now = new Date();
    const presentation = await createPresentation({ holderDid: this.did, holderPrivateJwk: this.keys.privateJwk, credentials: this.credentials, audience, now, ttlSeconds: 120 });
    return `Bearer ${await createSelfIssuedToken({ did: this.did, privateJwk: this.keys.privateJwk, audience, now, ttlSeconds: 120, presentation })}`;
  }

  /** GET (no body) or POST to the node's DSP base. `authorization: null` sends none. */
  async send(node: NodeHandle, path: string, body?: unknown, authorization?: string | null): Promise<Reply> {
    const auth = authorization === undefined ? await this.token(node.identity.did) : authorization;
    const res = await fetch(`${node.url}${DSP_BASE_PATH}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...(auth ? { authorization: auth } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** The message the node sent us at `suffix` for our counter-party's `pid`: valid DSP, authenticated as the node. */
  async expect(from: NodeHandle, pid: string | null, suffix: string, match: (b: Json) => boolean = () => true, timeoutMs = 5000): Promise<Json> {
    const m = await waitFor(`${suffix} for ${pid} at ${this.name}`, async () => this.inbox.find((i) => i.pid === pid && i.suffix === suffix && match(i.body)), timeoutMs, async () => this.inbox.map((i) => `${i.suffix} ${i.pid}`));
    assert.deepEqual(m.errors, [], `${m.type} from the node must be valid DSP`);
    assert.equal(m.caller, from.identity.did, `${m.type} must carry the node's verified self-issued token`);
    if (pid !== null) assert.equal(m.body[m.path.startsWith('/cb/') ? 'consumerPid' : 'providerPid'], pid, 'the pid in the path is the one in the body');
    return m.body;
  }

  /** The first of several possible messages for `pid` (to tell which way the node decided without waiting out a timeout). */
  async first(pid: string, suffixes: string[], timeoutMs = 2000): Promise<string> {
    const m = await waitFor(`one of ${suffixes.join('|')} for ${pid}`, async () => this.inbox.find((i) => i.pid === pid && suffixes.includes(i.suffix)), timeoutMs);
    return m.suffix;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const path = new URL(req.url ?? '/', this.url).pathname;
    if (req.method === 'GET' && path === '/.well-known/did.json') {
      return send(200, buildDidDocument({ did: this.did, publicJwk: this.keys.publicJwk, role: this.role, name: this.name, serviceEndpoint: this.url }));
    }
    const ds = /^\/dsp\/catalog\/datasets\/(.+)$/.exec(path);
    if (req.method === 'GET' && ds) return this.datasets.has(decodeURIComponent(ds[1])) ? send(200, this.datasets.get(decodeURIComponent(ds[1]))) : send(404);
    const route = ROUTES.find((r) => r.re.test(path));
    if (req.method !== 'POST' || !route) return send(404);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Json = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
    } catch {
      body = { '(body)': 'not JSON' };
    }
    const parsed = parseMessage(route.type, body);
    const pathPid = route.re.exec(path)?.[1];
    const pid = pathPid === undefined ? null : decodeURIComponent(pathPid);
    this.inbox.push({ path, suffix: route.suffix, pid, type: route.type, body, errors: parsed.ok ? [] : errorReasons(parsed.errors), caller: await this.callerOf(req.headers.authorization) });
    const ids = { consumerPid: String(body.consumerPid ?? 'unknown'), providerPid: String(body.providerPid ?? 'unknown') };
    const status = this.answers.get(`${pid}:${route.suffix}`);
    const transfer = route.type.startsWith('Transfer');
    const refusal = { ...ids, code: String(status), reason: ['scripted refusal'] };
    if (status !== undefined) return send(status, transfer ? transferError(refusal) : contractNegotiationError(refusal));
    if (route.suffix !== 'initial' && route.suffix !== 'transfer-request') return send(200); // DSP: the body of a 200 acknowledgement is unspecified
    const providerPid = urn();
    this.provided.set(ids.consumerPid, providerPid);
    const created = { consumerPid: ids.consumerPid, providerPid, state: 'REQUESTED' as const };
    return send(201, transfer ? transferProcess(created) : contractNegotiation(created));
  }

  /** The DID of a verified caller, or null: the node's token, its presentation and the authority's credentials must all check out. */
  private async callerOf(header: string | undefined): Promise<string | null> {
    if (!header?.startsWith('Bearer ')) return null;
    const known = new Map([this.ds.authority, ...Object.values(this.ds.nodes)].map((n) => [`${n.identity.did}#key-1`, n.identity.publicJwk]));
    const r = await verifyPresentedIdentity(header.slice(7), {
      audience: this.did,
      now: new Date(),
      resolveKey: (kid) => known.get(kid) ?? null,
      trustedIssuers: new Set([this.ds.authority.identity.did]),
      fetchStatusList: async (url) => (await fetch(url)).text(),
    });
    return r.ok ? r.claims.did : null;
  }
}

/** A 2xx reply of the node: a valid ContractNegotiation (the 201 body, GET, and the 200 bodies this connector sends). */
export function negotiationReply(r: Reply, status: 200 | 201, state?: NegotiationState): ContractNegotiation {
  assert.equal(r.status, status, JSON.stringify(r.body));
  const m = parseMessage('ContractNegotiation', r.body);
  assert.ok(m.ok, `reply is not a valid ContractNegotiation: ${JSON.stringify(m.ok ? null : m.errors)}`);
  if (state) assert.equal(m.message.state, state);
  return m.message;
}

/** A refusal: DSP 2025-1 answers an unknown or unauthorised process with 404 and an invalid message or transition with 400. */
export function errorReply(r: Reply, status: 400 | 404): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  const m = parseMessage('ContractNegotiationError', r.body);
  assert.ok(m.ok, `refusal is not a valid ContractNegotiationError: ${JSON.stringify(r.body)}`);
}
