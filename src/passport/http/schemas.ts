/** TypeBox wire schemas of the passport API (shape only; attribute rules live in the core catalogue). */
import { Type } from 'typebox';

export const Id = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9:._~%-]+$', description: 'passport id or battery id' });
export const Status = Type.Union(['original', 'reused', 'repurposed', 'remanufactured', 'waste'].map((s) => Type.Literal(s)));
export const Chemistry = Type.Union(['NMC', 'NCA', 'LFP', 'LMFP', 'LMO', 'LTO', 'NaIon', 'other'].map((s) => Type.Literal(s)));
export const Role = Type.Union(
  ['manufacturer', 'oem', 'logistics', 'dismantler', 'testingFacility', 'remanufacturer', 'recycler', 'authority', 'public'].map((s) => Type.Literal(s)),
);

export const Participant = Type.Object(
  { did: Type.String({ maxLength: 300 }), role: Role, name: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);

/** Pack → modules → cells, spelled out level by level (no recursion: the depth is fixed by the domain). */
function node<K extends string, C extends ReturnType<typeof Type.Object> | null>(kind: K, child: C, maxChildren: number) {
  return Type.Object(
    {
      id: Type.String({ minLength: 1, maxLength: 100 }),
      kind: Type.Literal(kind),
      serialNumber: Type.String({ maxLength: 200 }),
      position: Type.Optional(Type.String({ maxLength: 100 })),
      nominalCapacityAh: Type.Optional(Type.Number()),
      nominalVoltageV: Type.Optional(Type.Number()),
      massKg: Type.Optional(Type.Number()),
      children: child ? Type.Array(child, { maxItems: maxChildren }) : Type.Array(Type.Never(), { maxItems: 0 }),
    },
    { additionalProperties: false },
  );
}
export const CellNode = node('cell', null, 0);
export const ModuleNode = node('module', CellNode, 1000);
export const PackNode = node('pack', ModuleNode, 200);

const AnyJson = Type.Unknown();

/** Full passport document as stored and returned (attributes filtered to the caller's tier). */
export const PassportDoc = Type.Object(
  {
    schemaVersion: Type.Literal('batteryloop.passport/1'),
    passportId: Id,
    batteryId: Id,
    status: Type.Optional(Status),
    closed: Type.Boolean(),
    closedAt: Type.Optional(Type.String()),
    predecessorPassportId: Type.Optional(Type.String()),
    successorPassportIds: Type.Optional(Type.Array(Type.String())),
    issuer: Participant,
    model: Type.Object({ manufacturerModelId: Type.String({ maxLength: 200 }), chemistry: Chemistry }, { additionalProperties: false }),
    attributes: Type.Record(Type.String(), AnyJson),
    attributeUpdatedAt: Type.Record(Type.String(), Type.String()),
    structure: Type.Unknown(),
    profiles: Type.Optional(Type.Unknown()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    version: Type.Integer(),
  },
  { additionalProperties: false },
);

/** What a manufacturer sends to create a passport; issuer, times and version are set by the node. */
export const PassportCreate = Type.Object(
  {
    schemaVersion: Type.Literal('batteryloop.passport/1'),
    passportId: Id,
    batteryId: Id,
    status: Type.Optional(Status),
    model: Type.Object({ manufacturerModelId: Type.String({ minLength: 1, maxLength: 200 }), chemistry: Chemistry }, { additionalProperties: false }),
    attributes: Type.Record(Type.String({ maxLength: 100 }), AnyJson),
    attributeUpdatedAt: Type.Optional(Type.Record(Type.String(), Type.String({ format: 'date-time' }))),
    structure: PackNode,
    profiles: Type.Optional(Type.Object({ catenax: Type.Optional(Type.Object({}, { additionalProperties: true })) }, { additionalProperties: false, description: 'facts a dataspace profile needs beyond the catalogue (Catena-X BPNs, test conditions)' })),
    predecessorPassportId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const AttributePatch = Type.Object(
  {
    attributes: Type.Record(Type.String({ maxLength: 100 }), AnyJson, { minProperties: 1 }),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    status: Type.Optional(Status),
    chemistry: Type.Optional(Chemistry),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    sohMin: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'lowest state of health in % (state of certified energy, #57); legitimate-interest tier' })),
    sohMax: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'highest state of health in % (state of certified energy, #57); legitimate-interest tier' })),
    location: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'manufacturing place (#5): ISO 3166-1 alpha-2 country code, or the start of the town name' })),
    at: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'where the battery was last seen (latest signed event naming a location): country code, or the start of the site name; legitimate-interest tier' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ExportFormat = Type.Union([Type.Literal('idta'), Type.Literal('catenax'), Type.Literal('batterypass'), Type.Literal('jsonld')]);

export const ExportFile = Type.Object({
  namespace: Type.String(),
  version: Type.String(),
  fileName: Type.String(),
  content: Type.Unknown(),
});

export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
}, { additionalProperties: true });
