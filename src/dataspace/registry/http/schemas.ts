/** TypeBox wire schemas of the registry API: the AAS Part 2 v3 descriptor subset (shape only; rules live in core). */
import { Type } from 'typebox';
import { MAX_ENDPOINTS, MAX_HREF_LENGTH, MAX_ID_SHORT_LENGTH, MAX_LOOKUP_LINKS, MAX_NAME_LENGTH, MAX_SPECIFIC_ASSET_IDS, MAX_SUBMODEL_DESCRIPTORS } from '../core/index.js';

const Identifier = Type.String({ minLength: 1, maxLength: 2000 });
const IdShort = Type.String({ minLength: 1, maxLength: MAX_ID_SHORT_LENGTH });

export const Reference = Type.Object(
  {
    type: Type.Literal('ExternalReference'),
    keys: Type.Array(Type.Object({ type: Type.Literal('GlobalReference'), value: Identifier }, { additionalProperties: false }), { minItems: 1, maxItems: 1 }),
  },
  { additionalProperties: false },
);

export const SpecificAssetId = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
    value: Identifier,
    externalSubjectId: Type.Optional(Type.Object(
      {
        type: Type.Literal('ExternalReference'),
        keys: Type.Array(Type.Object({ type: Type.Literal('GlobalReference'), value: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 1 }),
      },
      { additionalProperties: false, description: "who may see this id: a DID or 'PUBLIC_READABLE'; absent = the owner only" },
    )),
  },
  { additionalProperties: false },
);

export const Endpoint = Type.Object(
  {
    interface: Type.Literal('SUBMODEL-3.0'),
    protocolInformation: Type.Object(
      {
        href: Type.String({ minLength: 1, maxLength: MAX_HREF_LENGTH }),
        endpointProtocol: Type.Optional(Type.Literal('HTTP')),
        endpointProtocolVersion: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 10 })),
        subprotocol: Type.Literal('DSP'),
        subprotocolBody: Type.String({ minLength: 1, maxLength: 2048, description: 'id=<DSP asset id>;dspEndpoint=<provider DSP URL>' }),
        subprotocolBodyEncoding: Type.Optional(Type.Literal('plain')),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const SubmodelDescriptor = Type.Object(
  {
    id: Identifier,
    idShort: Type.Optional(IdShort),
    semanticId: Reference,
    endpoints: Type.Array(Endpoint, { minItems: 1, maxItems: MAX_ENDPOINTS }),
  },
  { additionalProperties: false },
);

export const ShellDescriptor = Type.Object(
  {
    id: Identifier,
    idShort: Type.Optional(IdShort),
    globalAssetId: Type.Optional(Identifier),
    specificAssetIds: Type.Optional(Type.Array(SpecificAssetId, { maxItems: MAX_SPECIFIC_ASSET_IDS })),
    submodelDescriptors: Type.Optional(Type.Array(SubmodelDescriptor, { maxItems: MAX_SUBMODEL_DESCRIPTORS })),
  },
  { additionalProperties: false, description: 'AAS Part 2 v3 AssetAdministrationShellDescriptor (the subset this registry stores)' },
);

/** Responses always carry both lists, empty or not. */
export const ShellDescriptorOut = Type.Object({
  id: Type.String(),
  idShort: Type.Optional(Type.String()),
  globalAssetId: Type.Optional(Type.String()),
  specificAssetIds: Type.Array(SpecificAssetId),
  submodelDescriptors: Type.Array(SubmodelDescriptor),
});

export const AssetLink = Type.Object({ name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }), value: Identifier }, { additionalProperties: false });
export const AssetLinks = Type.Array(AssetLink, { minItems: 1, maxItems: MAX_LOOKUP_LINKS * 2 });

export const AasIdParams = Type.Object(
  { aasIdentifier: Type.String({ minLength: 1, maxLength: 512, description: 'the shell id, base64url-encoded (RFC 4648 §5) without padding' }) },
  { additionalProperties: false },
);

export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  },
  { additionalProperties: false },
);

export const LookupShellsQuery = Type.Object(
  {
    assetIds: Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { minItems: 1, maxItems: MAX_LOOKUP_LINKS, description: 'base64url(JSON {name, value}) per asset link' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  },
  { additionalProperties: false },
);

const PagingMetadata = Type.Object({ cursor: Type.Optional(Type.String()) });

export const ShellDescriptorPage = Type.Object({ paging_metadata: PagingMetadata, result: Type.Array(ShellDescriptorOut) });
export const SubmodelDescriptorPage = Type.Object({ paging_metadata: PagingMetadata, result: Type.Array(SubmodelDescriptor) });
export const ShellIdPage = Type.Object({ paging_metadata: PagingMetadata, result: Type.Array(Type.String()) });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
  },
  { additionalProperties: true },
);
