/**
 * Registry application service: the use cases behind the HTTP routes (and any CLI). It applies the core rules
 * (validation, ownership, visibility) around the store and turns their outcomes into the platform's typed errors.
 */
import { BadRequest, Conflict, Forbidden, NotFound, type FieldError } from '../../platform/errors.js';
import {
  decodeCursor,
  encodeCursor,
  isOwner,
  normaliseAssetLinks,
  pageList,
  validateShellDescriptor,
  viewShellDescriptor,
  type AssetAdministrationShellDescriptor,
  type AssetLink,
  type FieldIssue,
  type PageOf,
  type SubmodelDescriptor,
  type Viewer,
} from './core/index.js';
import type { ShellDescriptorStore } from './ports.js';

export interface RegistryServiceDeps {
  store: ShellDescriptorStore;
  now: () => Date;
}

export interface PageRequest {
  limit: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
  /** Field name reported when the cursor is bad (`querystring.cursor`). */
  cursorField?: string;
}

function prefixed(prefix: string, issues: FieldIssue[]): FieldError[] {
  return issues.map((i) => ({ field: i.field ? `${prefix}.${i.field}` : prefix, reason: i.reason }));
}

function afterOf(p: PageRequest): string | undefined {
  if (p.cursor === undefined) return undefined;
  const after = decodeCursor(p.cursor);
  if (after === null) throw new BadRequest('cursor is not one this registry returned', [{ field: p.cursorField ?? 'cursor', reason: 'invalid cursor' }]);
  return after;
}

export class RegistryService {
  constructor(private readonly deps: RegistryServiceDeps) {}

  private check(d: AssetAdministrationShellDescriptor, field: string): void {
    const issues = validateShellDescriptor(d);
    if (issues.length > 0) throw new BadRequest(`shell descriptor has ${issues.length} invalid field(s): ${issues.map((i) => `${i.field} ${i.reason}`).join('; ')}`, prefixed(field, issues));
  }

  /** Registers a shell; the registering participant becomes its owner. */
  async register(ownerDid: string, d: AssetAdministrationShellDescriptor): Promise<AssetAdministrationShellDescriptor> {
    this.check(d, 'body');
    const ok = await this.deps.store.create(ownerDid, d, this.deps.now().toISOString());
    if (!ok) throw new Conflict(`a shell descriptor with id '${d.id}' is already registered`);
    return d;
  }

  /** The shell as the viewer may see it; NotFound also when it exists but nothing of it is visible to the viewer. */
  async get(viewer: Viewer, aasId: string): Promise<AssetAdministrationShellDescriptor> {
    const s = await this.deps.store.get(aasId);
    const view = s ? viewShellDescriptor(s.descriptor, s.ownerDid, viewer) : null;
    if (!view) throw new NotFound(`no shell descriptor '${aasId}'`);
    return view;
  }

  /**
   * Only the owner changes a shell. A non-owner gets 403 when it can see the shell and 404 when it cannot, so that
   * write attempts do not reveal shells that reads would hide.
   */
  private async requireOwner(callerDid: string, aasId: string): Promise<void> {
    const s = await this.deps.store.get(aasId);
    if (!s || (!isOwner(s.ownerDid, { did: callerDid }) && viewShellDescriptor(s.descriptor, s.ownerDid, { did: callerDid }) === null)) {
      throw new NotFound(`no shell descriptor '${aasId}'`);
    }
    if (s.ownerDid !== callerDid) throw new Forbidden(`only the participant that registered shell '${aasId}' may change or delete it`);
  }

  async replace(callerDid: string, aasId: string, d: AssetAdministrationShellDescriptor): Promise<void> {
    if (d.id !== aasId) throw new BadRequest('the body id differs from the id in the path', [{ field: 'body.id', reason: 'must equal the decoded aasIdentifier' }]);
    this.check(d, 'body');
    await this.requireOwner(callerDid, aasId);
    // the owner never changes, so a false here means the shell was deleted since the check
    if (!(await this.deps.store.replace(callerDid, d, this.deps.now().toISOString()))) throw new NotFound(`no shell descriptor '${aasId}'`);
  }

  async remove(callerDid: string, aasId: string): Promise<void> {
    await this.requireOwner(callerDid, aasId);
    if (!(await this.deps.store.delete(callerDid, aasId))) throw new NotFound(`no shell descriptor '${aasId}'`);
  }

  async list(viewer: Viewer, page: PageRequest): Promise<PageOf<AssetAdministrationShellDescriptor>> {
    const r = await this.deps.store.list({ viewer, limit: page.limit, after: afterOf(page) });
    const items = r.items.map((s) => viewShellDescriptor(s.descriptor, s.ownerDid, viewer)).filter((d): d is AssetAdministrationShellDescriptor => d !== null);
    return r.nextAfter !== undefined ? { items, cursor: encodeCursor(r.nextAfter) } : { items };
  }

  async submodelDescriptors(viewer: Viewer, aasId: string, page: PageRequest): Promise<PageOf<SubmodelDescriptor>> {
    const after = afterOf(page);
    const d = await this.get(viewer, aasId);
    return pageList(d.submodelDescriptors, (s) => s.id, page.limit, after);
  }

  /** Shell ids matching every link through ids visible to the viewer (AAS Part 2 v3 discovery). */
  async lookup(viewer: Viewer, links: readonly AssetLink[], page: PageRequest & { linksField?: string }): Promise<PageOf<string>> {
    const n = normaliseAssetLinks(links);
    if (!n.ok) throw new BadRequest(`asset links are invalid: ${n.issues.map((i) => `${i.field} ${i.reason}`).join('; ')}`, prefixed(page.linksField ?? 'body', n.issues));
    const r = await this.deps.store.lookup({ viewer, links: n.links, limit: page.limit, after: afterOf(page) });
    return r.nextAfter !== undefined ? { items: r.items, cursor: encodeCursor(r.nextAfter) } : { items: r.items };
  }
}
