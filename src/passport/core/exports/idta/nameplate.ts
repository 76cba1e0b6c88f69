/**
 * IDTA-02035-1 Digital Nameplate for batteries (`io.admin-shell.idta.batterypass.digital_nameplate` 1.0.0):
 * identifiers and general product data (longlist #1-7, #11; DIN DKE SPEC 99100 6.1), symbols and
 * conformity documents (#12-14, #16-18; 6.2).
 */
import type { BatteryStatus } from '../../types.js';
import type { Built, ExportContext, JsonObject } from './values.js';
import { Requirements, compact, mlt } from './values.js';
import { VDI2770_CLASSES } from './documents.js';
import { buildMarkings, readMarkings } from './markings.js';
import type { ImportState } from './import-state.js';
import type { Reader } from './reader.js';

/** Catalogue `party` / `postalAddress` shapes (catalogue/shapes.ts). */
export interface PostalAddress {
  streetAddress: string;
  postalCode: string;
  locality: string;
  addressCountry: string;
}
export interface Party {
  identifier: string;
  name: string;
  postalAddress: PostalAddress;
  emailAddress?: string;
  webAddress?: string;
}

/** Annex XIII(4)(c) status; upstream spells re-use with a hyphen (BatteryStatusEnumeration). */
const STATUS_TO_IDTA: Readonly<Record<BatteryStatus, string>> = {
  original: 'original',
  reused: 're-used',
  repurposed: 'repurposed',
  remanufactured: 'remanufactured',
  waste: 'waste',
};
const IDTA_TO_STATUS = new Map(Object.entries(STATUS_TO_IDTA).map(([ours, theirs]) => [theirs, ours as BatteryStatus]));

export function buildNameplate(ctx: ExportContext): Built {
  const { passport: p, attrs, docs } = ctx;
  const req = new Requirements();
  const maker = req.need('ManufacturerName, ManufacturerIdentifier ← manufacturerInformation', attrs.obj<Party>('manufacturerInformation'));
  // A manufacturer imported from Technical Data alone has no postal address.
  if (maker !== undefined) req.need('AddressInformation ← manufacturerInformation.postalAddress', maker.postalAddress);
  const made = req.need('DateOfManufacture ← manufacturingDate', attrs.str('manufacturingDate'));
  const place = attrs.obj<{ facilityIdentifier?: string }>('manufacturingPlace');
  const facility = req.need('UniqueFacilityIdentifier ← manufacturingPlace.facilityIdentifier', place?.facilityIdentifier);
  // A view without the legitimate-interest tier carries no status (#11), and IDTA requires LifeCycleStage.
  const status = req.need('LifeCycleStage ← status', p.status);

  const doc = (key: string, chapter: string, title: string) => {
    const url = attrs.str(key);
    return url === undefined
      ? []
      : [docs.add({ id: key, title, url, vdi: VDI2770_CLASSES.certificates, din: { chapter, name: title } })];
  };

  return req.result(() => {
    const m = maker as Party;
    const a = m.postalAddress;
    const address = compact({
      NationalCode: mlt(a.addressCountry),
      CityTown: mlt(a.locality),
      Street: mlt(a.streetAddress),
      ZipCode: mlt(a.postalCode),
      Email: m.emailAddress === undefined ? undefined : { EmailAddress: m.emailAddress },
      AddressOfAdditionalLink: m.webAddress,
    });
    return compact({
      // DIN DKE SPEC 99100 6.1.2.1: the passport identifier (urn:uuid, a URI) identifies the product instance.
      URIOfTheProduct: p.passportId,
      ManufacturerName: mlt(m.name),
      AddressInformation: address,
      SerialNumber: p.batteryId,
      DateOfManufacture: made as string,
      DateOfPuttingIntoService: attrs.str('puttingIntoServiceDate'),
      UniqueFacilityIdentifier: facility as string,
      // The envelope status is what the (possibly role-filtered) passport shows; the attribute mirrors it.
      LifeCycleStage: STATUS_TO_IDTA[status as NonNullable<typeof status>],
      OperatorIdentifier: attrs.obj<Party>('operatorInformation')?.identifier,
      ManufacturerIdentifier: m.identifier,
      Markings: buildMarkings({
        separateCollectionSymbol: attrs.str('separateCollectionSymbol'),
        cadmiumAndLeadSymbols: attrs.list('cadmiumAndLeadSymbols'),
        carbonFootprintLabel: attrs.str('carbonFootprintLabel'),
        labelMeanings: attrs.list('labelMeanings'),
      }),
      EUDeclarationOfConformity: doc('euDeclarationOfConformity', '6.2.7', 'EU declaration of conformity'),
      ResultsOfTestReportsProvingCompliance: doc('testReportResults', '6.2.8', 'Results of test reports proving compliance'),
    });
  });
}

export function readNameplate(r: Reader, content: unknown, state: ImportState): void {
  const root = r.root(content);
  const env = state.envelope;
  const uri = root.str('URIOfTheProduct');
  if (env.passportId === undefined) env.passportId = { value: uri, source: `${r.namespace}:URIOfTheProduct` };
  else if (env.passportId.value !== uri) r.warn('URIOfTheProduct', `differs from ${env.passportId.source}; the DPP metadata value is kept`);
  const serial = root.str('SerialNumber');
  if (env.batteryId === undefined) env.batteryId = { value: serial, source: `${r.namespace}:SerialNumber` };
  else if (env.batteryId.value !== serial) r.warn('SerialNumber', `differs from ${env.batteryId.source}; the DPP metadata value is kept`);

  const stage = root.enumOf('LifeCycleStage', [...IDTA_TO_STATUS.keys()]);
  env.status = IDTA_TO_STATUS.get(stage);

  const addr = root.obj('AddressInformation');
  const email = addr.optObj('Email')?.str('EmailAddress');
  const maker: JsonObject = compact({
    identifier: root.str('ManufacturerIdentifier'),
    name: root.text('ManufacturerName'),
    postalAddress: {
      streetAddress: addr.text('Street'),
      postalCode: addr.text('ZipCode'),
      locality: addr.text('CityTown'),
      addressCountry: addr.text('NationalCode'),
    },
    emailAddress: email,
    webAddress: addr.optStr('AddressOfAdditionalLink'),
  });
  state.set('manufacturerInformation', maker, root, 'AddressInformation');
  state.set('manufacturingDate', root.date('DateOfManufacture'), root, 'DateOfManufacture');
  const inService = root.optDate('DateOfPuttingIntoService');
  if (inService !== undefined) state.set('puttingIntoServiceDate', inService, root, 'DateOfPuttingIntoService');

  const facility = root.str('UniqueFacilityIdentifier');
  state.set('manufacturingPlace', { facilityIdentifier: facility }, root, 'UniqueFacilityIdentifier');
  state.partial.set('manufacturingPlace', 'IDTA-02035-1 carries only the facility identifier (UniqueFacilityIdentifier), not the plant address');
  const operator = root.optStr('OperatorIdentifier');
  if (operator !== undefined) {
    state.set('operatorInformation', { identifier: operator }, root, 'OperatorIdentifier');
    state.partial.set('operatorInformation', 'IDTA-02035-1 carries only the operator identifier (OperatorIdentifier), not name and address');
  }

  readMarkings(root, state);
  const doc = state.documentUrl(root, 'EUDeclarationOfConformity');
  if (doc) state.set('euDeclarationOfConformity', doc.url, root, 'EUDeclarationOfConformity');
  const reports = state.documentUrl(root, 'ResultsOfTestReportsProvingCompliance');
  if (reports) state.set('testReportResults', reports.url, root, 'ResultsOfTestReportsProvingCompliance');
}
