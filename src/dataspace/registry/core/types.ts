/**
 * Shell descriptors of the discovery registry: the subset of the IDTA AAS Part 2 v3 registry/discovery model
 * (IDTA-01002-3, "AssetAdministrationShellDescriptor", "SubmodelDescriptor", "SpecificAssetId") that the
 * Tractus-X digital twin registry uses to tell a consumer which provider holds a battery's data and which DSP
 * asset to negotiate for it (Tractus-X Digital Twin KIT; CX-0002).
 */

/** `externalSubjectId` value that makes a specific asset id visible to every reader (Tractus-X DTR convention). */
export const PUBLIC_READABLE = 'PUBLIC_READABLE';

/** The only endpoint interface a submodel descriptor here carries (AAS Part 2 v3 interface names). */
export const SUBMODEL_INTERFACE = 'SUBMODEL-3.0';

/** Sub-protocol of every endpoint: the data sits behind a Dataspace Protocol contract negotiation. */
export const DSP_SUBPROTOCOL = 'DSP';

/**
 * Asset type under which a provider offers its registry in the DSP catalogue (Tractus-X Eco Pass KIT:
 * `edc:type` = `data.core.digitalTwinRegistry`).
 */
export const DTR_ASSET_TYPE = 'data.core.digitalTwinRegistry';

/** Names of the specific asset ids a battery shell carries (CX-0002 / CX-0096 battery search ids). */
export const BATTERY_ASSET_ID_NAMES = {
  /** The individual battery (Art. 77(3): the unique identifier of the battery). */
  partInstanceId: 'partInstanceId',
  /** The battery model (type) id. */
  manufacturerPartId: 'manufacturerPartId',
  /** The passport's own unique identifier (Annex XIII point 1(a) points at the battery identifier; the passport id is ours). */
  passportId: 'passportId',
  /** DID of the participant whose node holds the passport (the DSP provider). */
  holderDid: 'holderDid',
} as const;

/**
 * Reserved lookup key: AAS Part 2 v3 discovery treats `globalAssetId` as an asset link that matches the shell's
 * `globalAssetId`, so it may not be used as the name of a specific asset id.
 */
export const GLOBAL_ASSET_ID_LINK = 'globalAssetId';

/** Semantic ids of the submodels battery shells point at. */
export const SEMANTIC_IDS = {
  /** Catena-X battery passport aspect (eclipse-tractusx/sldt-semantic-models, io.catenax.battery.battery_pass 6.1.0). */
  catenaxBatteryPass: 'urn:samm:io.catenax.battery.battery_pass:6.1.0#BatteryPass',
} as const;

/** AAS v3 Key of a global reference (the only key type used here). */
export interface GlobalReferenceKey {
  type: 'GlobalReference';
  value: string;
}

/** AAS v3 Reference to something outside the AAS world (a semantic id, a DID). Exactly one key. */
export interface ExternalReference {
  type: 'ExternalReference';
  keys: GlobalReferenceKey[];
}

export interface SpecificAssetId {
  name: string;
  value: string;
  /** Who may see this id: a DID, or `PUBLIC_READABLE`; absent = the shell's owner only (Tractus-X DTR). */
  externalSubjectId?: ExternalReference;
}

export interface ProtocolInformation {
  /** Where the submodel is read once a contract is agreed (the provider's data plane). */
  href: string;
  endpointProtocol?: 'HTTP';
  endpointProtocolVersion?: string[];
  subprotocol: 'DSP';
  /** `id=<DSP asset id>;dspEndpoint=<provider DSP URL>` (Tractus-X DTR convention). */
  subprotocolBody: string;
  subprotocolBodyEncoding?: 'plain';
}

export interface Endpoint {
  interface: 'SUBMODEL-3.0';
  protocolInformation: ProtocolInformation;
}

export interface SubmodelDescriptor {
  id: string;
  idShort?: string;
  semanticId: ExternalReference;
  endpoints: Endpoint[];
}

export interface AssetAdministrationShellDescriptor {
  id: string;
  idShort?: string;
  globalAssetId?: string;
  specificAssetIds: SpecificAssetId[];
  submodelDescriptors: SubmodelDescriptor[];
}

/** A `{name, value}` pair a consumer searches with (AAS Part 2 v3 discovery "asset link"). */
export interface AssetLink {
  name: string;
  value: string;
}

/** Who is asking: a participant DID, or null for the anonymous public. */
export interface Viewer {
  did: string | null;
}

/** A problem with one field of the input; `field` is a dotted path such as `specificAssetIds.0.name`. */
export interface FieldIssue {
  field: string;
  reason: string;
}
