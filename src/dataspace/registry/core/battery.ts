/**
 * A battery's shell descriptor: how a consumer holding only a battery id (from the QR code, Art. 77(3)) or a model id
 * finds the node that holds the passport and the DSP asset to negotiate for each submodel (Tractus-X Digital Twin
 * KIT; battery search ids per CX-0096: `manufacturerPartId` + `partInstanceId`).
 */
import { formatSubprotocolBody, parseSubprotocolBody } from './subprotocol.js';
import { referenceValue, validateShellDescriptor } from './validation.js';
import {
  BATTERY_ASSET_ID_NAMES,
  DSP_SUBPROTOCOL,
  PUBLIC_READABLE,
  SUBMODEL_INTERFACE,
  type AssetAdministrationShellDescriptor,
  type ExternalReference,
  type FieldIssue,
  type SpecificAssetId,
  type SubmodelDescriptor,
} from './types.js';

export class InvalidShellDescriptor extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`invalid shell descriptor: ${issues.map((i) => `${i.field}: ${i.reason}`).join('; ')}`);
  }
}

export function globalReference(value: string): ExternalReference {
  return { type: 'ExternalReference', keys: [{ type: 'GlobalReference', value }] };
}

export interface BatterySubmodelInput {
  /** Semantic id of the submodel, e.g. `SEMANTIC_IDS.catenaxBatteryPass`. */
  semanticId: string;
  /** The DSP dataset (asset) id the consumer negotiates for this submodel. */
  assetId: string;
  /** Where the submodel is read after the agreement (the provider data plane URL). */
  href: string;
  /** The provider's DSP endpoint. */
  dspEndpoint: string;
  /** Submodel id; default `urn:batteryloop:submodel:<passportId>:<index>`. */
  id?: string;
  idShort?: string;
}

export interface BatteryShellInput {
  batteryId: string;
  passportId: string;
  manufacturerModelId: string;
  /** DID of the participant whose node holds the passport (the DSP provider). */
  holderDid: string;
  submodels: readonly BatterySubmodelInput[];
  /**
   * Who may find the battery through these ids. Default: everyone, because the public tier of a passport is open to
   * anyone who scans the battery (Art. 77(2)(a)); list DIDs instead to restrict discovery to named participants.
   */
  readers?: readonly string[];
  /** Shell id; default `urn:batteryloop:aas:<passportId>` (one shell per passport). */
  aasId?: string;
  globalAssetId?: string;
  idShort?: string;
}

export function defaultAasId(passportId: string): string {
  return `urn:batteryloop:aas:${passportId}`;
}

/** Builds and validates a battery shell descriptor; throws `InvalidShellDescriptor` naming every bad field. */
export function batteryShellDescriptor(input: BatteryShellInput): AssetAdministrationShellDescriptor {
  const readers = input.readers ?? [PUBLIC_READABLE];
  if (readers.length === 0) throw new InvalidShellDescriptor([{ field: 'readers', reason: 'name at least one reader (a DID or PUBLIC_READABLE)' }]);
  const pairs: [string, string][] = [
    [BATTERY_ASSET_ID_NAMES.partInstanceId, input.batteryId],
    [BATTERY_ASSET_ID_NAMES.manufacturerPartId, input.manufacturerModelId],
    [BATTERY_ASSET_ID_NAMES.passportId, input.passportId],
    [BATTERY_ASSET_ID_NAMES.holderDid, input.holderDid],
  ];
  // one entry per reader: an AAS SpecificAssetId names a single external subject (Tractus-X DTR repeats the id per reader)
  const specificAssetIds: SpecificAssetId[] = pairs.flatMap(([name, value]) => readers.map((r) => ({ name, value, externalSubjectId: globalReference(r) })));
  const issues: FieldIssue[] = [];
  const submodelDescriptors: SubmodelDescriptor[] = input.submodels.map((s, i) => {
    let subprotocolBody = '';
    try {
      subprotocolBody = formatSubprotocolBody({ assetId: s.assetId, dspEndpoint: s.dspEndpoint });
    } catch (e) {
      issues.push({ field: `submodels.${i}`, reason: (e as Error).message });
    }
    return {
      id: s.id ?? `urn:batteryloop:submodel:${input.passportId}:${i}`,
      ...(s.idShort !== undefined ? { idShort: s.idShort } : {}),
      semanticId: globalReference(s.semanticId),
      endpoints: [
        {
          interface: SUBMODEL_INTERFACE,
          protocolInformation: { href: s.href, endpointProtocol: 'HTTP', subprotocol: DSP_SUBPROTOCOL, subprotocolBody, subprotocolBodyEncoding: 'plain' },
        },
      ],
    };
  });
  if (issues.length > 0) throw new InvalidShellDescriptor(issues);
  const d: AssetAdministrationShellDescriptor = {
    id: input.aasId ?? defaultAasId(input.passportId),
    ...(input.idShort !== undefined ? { idShort: input.idShort } : {}),
    ...(input.globalAssetId !== undefined ? { globalAssetId: input.globalAssetId } : {}),
    specificAssetIds,
    submodelDescriptors,
  };
  const problems = validateShellDescriptor(d);
  if (problems.length > 0) throw new InvalidShellDescriptor(problems);
  return d;
}

/** What a consumer negotiates for one submodel endpoint of a shell. */
export interface NegotiationTarget {
  submodelId: string;
  semanticId: string;
  assetId: string;
  dspEndpoint: string;
  href: string;
}

/** Every DSP endpoint of a descriptor, in order; endpoints whose body does not parse are left out. */
export function negotiationTargets(d: AssetAdministrationShellDescriptor): NegotiationTarget[] {
  const out: NegotiationTarget[] = [];
  for (const sm of d.submodelDescriptors) {
    const semanticId = referenceValue(sm.semanticId);
    if (semanticId === null) continue;
    for (const e of sm.endpoints) {
      if (e.protocolInformation.subprotocol !== DSP_SUBPROTOCOL) continue;
      const body = parseSubprotocolBody(e.protocolInformation.subprotocolBody);
      if (body.ok) out.push({ submodelId: sm.id, semanticId, assetId: body.assetId, dspEndpoint: body.dspEndpoint, href: e.protocolInformation.href });
    }
  }
  return out;
}
