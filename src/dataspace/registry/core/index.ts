/** Public API of the pure registry core: AAS Part 2 shell descriptors, encodings, validation, visibility. */
export * from './types.js';
export { encodeId, decodeId, encodeCursor, decodeCursor, decodeAssetIdsParam } from './encoding.js';
export { formatSubprotocolBody, parseSubprotocolBody, isHttpUrl, type DspTarget, type ParsedSubprotocolBody } from './subprotocol.js';
export {
  validateShellDescriptor,
  normaliseAssetLinks,
  referenceValue,
  isValidSubject,
  MAX_AAS_ID_BYTES,
  MAX_IDENTIFIER_BYTES,
  MAX_NAME_LENGTH,
  MAX_ID_SHORT_LENGTH,
  MAX_HREF_LENGTH,
  MAX_SPECIFIC_ASSET_IDS,
  MAX_SUBMODEL_DESCRIPTORS,
  MAX_ENDPOINTS,
  MAX_LOOKUP_LINKS,
  ID_SHORT_PATTERN,
  DID_PATTERN,
} from './validation.js';
export {
  subjectOf,
  isOwner,
  visibleSubjects,
  isSpecificAssetIdVisible,
  viewShellDescriptor,
  matchesAssetLinks,
  assetLinkRows,
  type AssetLinkRow,
} from './visibility.js';
export {
  batteryShellDescriptor,
  negotiationTargets,
  globalReference,
  defaultAasId,
  InvalidShellDescriptor,
  type BatteryShellInput,
  type BatterySubmodelInput,
  type NegotiationTarget,
} from './battery.js';
export { pageList, type PageOf } from './paging.js';
