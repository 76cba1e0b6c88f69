/**
 * Words of the public passport page in English and German: labels of the public-tier attributes (Annex XIII(1)), of the
 * fields inside structured values, of enumerated values and of units. English attribute labels come from the
 * catalogue; German ones follow the wording of the German version of Regulation (EU) 2023/1542 where it has one.
 */
export type Locale = 'en' | 'de';

export const UI: Record<Locale, Record<string, string>> = {
  en: {
    title: 'Battery passport',
    skip: 'Skip to the passport data',
    language: 'Language',
    status: 'Status',
    chemistry: 'Chemistry',
    model: 'Model',
    issuer: 'Responsible economic operator',
    updated: 'Last updated',
    closed: 'This passport is closed: the battery has been recycled (Art. 77(6)).',
    publicNote: 'Public information under Regulation (EU) 2023/1542, Annex XIII(1). More data is available to persons with a legitimate interest and to authorities.',
    original: 'original',
    reused: 'reused',
    repurposed: 'repurposed',
    remanufactured: 'remanufactured',
    waste: 'waste',
    predecessor: 'Made from battery passport',
    successor: 'Continued in passport',
    yes: 'yes',
    no: 'no',
    keyFacts: 'At a glance',
    manufacturer: 'Manufacturer',
    made: 'Made',
    capacity: 'Capacity and energy',
    voltages: 'Voltage (min / nominal / max)',
    mass: 'Mass',
    carbon: 'Carbon footprint',
    carbonClass: 'class',
    recycled: 'Recycled content',
    preConsumer: 'pre-consumer',
    postConsumer: 'post-consumer',
    metal: 'Material',
    dueDiligence: 'Due diligence report',
    labels: 'Labels and symbols',
    open: 'open',
    qrAlt: 'QR code with the address of this page',
    machineReadable: 'Machine-readable',
    json: 'Passport (JSON, public tier)',
    nickel: 'Nickel',
    cobalt: 'Cobalt',
    lithium: 'Lithium',
    lead: 'Lead',
  },
  de: {
    title: 'Batteriepass',
    skip: 'Zu den Passdaten springen',
    language: 'Sprache',
    status: 'Status',
    chemistry: 'Zellchemie',
    model: 'Modell',
    issuer: 'Verantwortlicher Wirtschaftsakteur',
    updated: 'Zuletzt aktualisiert',
    closed: 'Dieser Pass ist geschlossen: Die Batterie wurde recycelt (Art. 77 Abs. 6).',
    publicNote: 'Öffentliche Informationen nach Verordnung (EU) 2023/1542, Anhang XIII Nr. 1. Weitere Daten erhalten Personen mit berechtigtem Interesse und Behörden.',
    original: 'Original',
    reused: 'wiederverwendet',
    repurposed: 'umgenutzt',
    remanufactured: 'wiederaufbereitet',
    waste: 'Abfall',
    predecessor: 'Hervorgegangen aus Batteriepass',
    successor: 'Fortgeführt in Pass',
    yes: 'ja',
    no: 'nein',
    keyFacts: 'Auf einen Blick',
    manufacturer: 'Hersteller',
    made: 'Hergestellt',
    capacity: 'Kapazität und Energie',
    voltages: 'Spannung (min. / nenn. / max.)',
    mass: 'Masse',
    carbon: 'CO₂-Fußabdruck',
    carbonClass: 'Klasse',
    recycled: 'Rezyklatanteil',
    preConsumer: 'Pre-Consumer',
    postConsumer: 'Post-Consumer',
    metal: 'Stoff',
    dueDiligence: 'Bericht zur Sorgfaltspflicht',
    labels: 'Kennzeichnungen und Symbole',
    open: 'öffnen',
    qrAlt: 'QR-Code mit der Adresse dieser Seite',
    machineReadable: 'Maschinenlesbar',
    json: 'Pass (JSON, öffentliche Stufe)',
    nickel: 'Nickel',
    cobalt: 'Cobalt',
    lithium: 'Lithium',
    lead: 'Blei',
  },
};

export const GROUP_DE: Record<string, string> = {
  identifiersAndProductData: 'Kennungen und Produktdaten',
  symbolsLabelsConformity: 'Symbole, Kennzeichnungen und Konformität',
  carbonFootprint: 'CO₂-Fußabdruck',
  supplyChainDueDiligence: 'Sorgfaltspflichten in der Lieferkette',
  materialsAndComposition: 'Materialien und Zusammensetzung',
  circularityAndResourceEfficiency: 'Kreislaufwirtschaft und Ressourceneffizienz',
  performanceAndDurability: 'Leistung und Haltbarkeit',
};

/** German labels of the public-tier attributes (the English ones are the catalogue's names). */
export const ATTRIBUTE_DE: Record<string, string> = {
  batteryPassportIdentifier: 'Kennung des Batteriepasses',
  batteryIdentifier: 'Kennung der Batterie',
  operatorInformation: 'Wirtschaftsakteur: Kennung und Angaben',
  manufacturerInformation: 'Hersteller: Kennung und Angaben',
  manufacturingPlace: 'Herstellungsort',
  manufacturingDate: 'Herstellungsdatum',
  warrantyPeriod: 'Garantiezeit',
  batteryCategory: 'Batteriekategorie',
  batteryMass: 'Masse der Batterie',
  separateCollectionSymbol: 'Symbol für die getrennte Sammlung',
  cadmiumAndLeadSymbols: 'Symbole für Cadmium und Blei',
  carbonFootprintLabel: 'Kennzeichnung des CO₂-Fußabdrucks',
  extinguishingAgents: 'Löschmittel',
  labelMeanings: 'Bedeutung der Kennzeichnungen und Symbole',
  euDeclarationOfConformity: 'EU-Konformitätserklärung',
  carbonFootprintPerFunctionalUnit: 'CO₂-Fußabdruck je funktioneller Einheit',
  carbonFootprintRawMaterialShare: 'Anteil Rohstoffgewinnung',
  carbonFootprintProductionShare: 'Anteil Hauptproduktion',
  carbonFootprintDistributionShare: 'Anteil Vertrieb',
  carbonFootprintEndOfLifeShare: 'Anteil Lebensende und Recycling',
  carbonFootprintPerformanceClass: 'Leistungsklasse des CO₂-Fußabdrucks',
  carbonFootprintStudy: 'Studie zum CO₂-Fußabdruck',
  carbonFootprintDeclarantInformation: 'Angaben zum Erklärenden und zum Modell',
  absoluteCarbonFootprint: 'Absoluter CO₂-Fußabdruck',
  dueDiligenceReport: 'Bericht über die Sorgfaltspflichten',
  thirdPartyAssurances: 'Bestätigungen Dritter',
  supplyChainIndices: 'Lieferketten-Indizes',
  batteryChemistry: 'Batteriechemie',
  criticalRawMaterials: 'Kritische Rohstoffe',
  hazardousSubstances: 'Gefährliche Stoffe',
  substanceImpacts: 'Auswirkungen der Stoffe',
  preConsumerRecycledNickelShare: 'Rezykliertes Nickel (Pre-Consumer)',
  preConsumerRecycledCobaltShare: 'Rezykliertes Cobalt (Pre-Consumer)',
  preConsumerRecycledLithiumShare: 'Rezykliertes Lithium (Pre-Consumer)',
  preConsumerRecycledLeadShare: 'Rezykliertes Blei (Pre-Consumer)',
  postConsumerRecycledNickelShare: 'Rezykliertes Nickel (Post-Consumer)',
  postConsumerRecycledCobaltShare: 'Rezykliertes Cobalt (Post-Consumer)',
  postConsumerRecycledLithiumShare: 'Rezykliertes Lithium (Post-Consumer)',
  postConsumerRecycledLeadShare: 'Rezykliertes Blei (Post-Consumer)',
  renewableContentShare: 'Anteil erneuerbarer Materialien',
  wastePreventionInformation: 'Beitrag der Endnutzer zur Abfallvermeidung',
  separateCollectionInformation: 'Beitrag der Endnutzer zur getrennten Sammlung',
  endOfLifeInformation: 'Sammlung, Zweitnutzung und Behandlung',
  ratedCapacity: 'Bemessungskapazität',
  certifiedUsableEnergy: 'Zertifizierte nutzbare Energie',
  minimumVoltage: 'Mindestspannung',
  maximumVoltage: 'Höchstspannung',
  nominalVoltage: 'Nennspannung',
  originalPowerCapability: 'Ursprüngliche Leistungsfähigkeit',
  maximumPermittedPower: 'Höchstzulässige Leistung',
  powerToEnergyRatio: 'Verhältnis Nennleistung zu Energie',
  initialRoundTripEfficiency: 'Anfänglicher Energie-Round-Trip-Wirkungsgrad',
  roundTripEfficiencyAt50PercentCycleLife: 'Round-Trip-Wirkungsgrad bei 50 % der Zyklenlebensdauer',
  initialInternalResistance: 'Anfänglicher Innenwiderstand',
  expectedLifetimeCycles: 'Erwartete Lebensdauer in Zyklen',
  cycleLifeReferenceTest: 'Referenzprüfung der Zyklenlebensdauer',
  cycleLifeTestCRate: 'C-Rate der Zyklenprüfung',
  capacityThresholdForExhaustion: 'Kapazitätsschwelle für die Erschöpfung',
  idleTemperatureLowerBoundary: 'Ruhetemperatur, untere Grenze',
  idleTemperatureUpperBoundary: 'Ruhetemperatur, obere Grenze',
};

/** Fields inside structured values. */
export const FIELD: Record<Locale, Record<string, string>> = {
  en: {
    identifier: 'Identifier', name: 'Name', postalAddress: 'Address', emailAddress: 'E-mail', webAddress: 'Website',
    facilityIdentifier: 'Facility', streetAddress: 'Street', postalCode: 'Postal code', locality: 'Town', addressCountry: 'Country',
    element: 'Element', symbolUrl: 'Symbol', subject: 'Subject', meaning: 'Meaning',
    manufacturerIdentifier: 'Manufacturer identifier', manufacturerName: 'Manufacturer', batteryModelIdentifier: 'Battery model', manufacturingFacilityLocation: 'Manufacturing facility',
    shortName: 'Short name', clearName: 'Name', substanceName: 'Substance', casNumber: 'CAS number', hazardClass: 'Hazard class',
    concentrationPercent: 'Concentration (%)', location: 'Location', component: 'Component', componentId: 'Component id', hazardStatements: 'Hazard statements', impact: 'Impact',
    atSocPercent: 'At state of charge (%)', powerW: 'Power (W)', resistanceOhm: 'Resistance (Ω)', standard: 'Standard', documentUrl: 'Document',
  },
  de: {
    identifier: 'Kennung', name: 'Name', postalAddress: 'Anschrift', emailAddress: 'E-Mail', webAddress: 'Website',
    facilityIdentifier: 'Werk', streetAddress: 'Straße', postalCode: 'Postleitzahl', locality: 'Ort', addressCountry: 'Land',
    element: 'Element', symbolUrl: 'Symbol', subject: 'Gegenstand', meaning: 'Bedeutung',
    manufacturerIdentifier: 'Kennung des Herstellers', manufacturerName: 'Hersteller', batteryModelIdentifier: 'Batteriemodell', manufacturingFacilityLocation: 'Herstellungswerk',
    shortName: 'Kurzname', clearName: 'Bezeichnung', substanceName: 'Stoff', casNumber: 'CAS-Nummer', hazardClass: 'Gefahrenklasse',
    concentrationPercent: 'Konzentration (%)', location: 'Ort im Bauteil', component: 'Bauteil', componentId: 'Bauteilkennung', hazardStatements: 'Gefahrenhinweise', impact: 'Auswirkung',
    atSocPercent: 'Bei Ladezustand (%)', powerW: 'Leistung (W)', resistanceOhm: 'Widerstand (Ω)', standard: 'Norm', documentUrl: 'Dokument',
  },
};

/** Enumerated values (catalogue `oneOf`) in German; English shows them humanised. */
export const VALUE_DE: Record<string, string> = {
  ev: 'Elektrofahrzeugbatterie', lmt: 'LV-Batterie', industrial: 'Industriebatterie', stationary: 'Stationärer Energiespeicher',
  separateCollection: 'Getrennte Sammlung', hazardousMaterial: 'Gefährlicher Stoff', carbonFootprint: 'CO₂-Fußabdruck', extinguishingAgent: 'Löschmittel',
  cathode: 'Kathode', anode: 'Anode', electrolyte: 'Elektrolyt', separator: 'Separator', housing: 'Gehäuse', other: 'Sonstiges', pack: 'Pack', module: 'Modul', cell: 'Zelle',
  acuteToxicity: 'Akute Toxizität', skinCorrosionOrIrritation: 'Ätz-/Reizwirkung auf die Haut', eyeDamageOrIrritation: 'Augenschädigung/-reizung',
  respiratoryOrSkinSensitisation: 'Sensibilisierung der Atemwege/Haut', carcinogenicity: 'Karzinogenität', reproductiveToxicity: 'Reproduktionstoxizität',
  specificTargetOrganToxicity: 'Spezifische Zielorgan-Toxizität', aquaticHazard: 'Gewässergefährdend', flammability: 'Entzündbarkeit',
  aluminium: 'Aluminium', antimony: 'Antimon', boron: 'Bor', cobalt: 'Cobalt', copper: 'Kupfer', fluorspar: 'Flussspat', lithium: 'Lithium', magnesium: 'Magnesium',
  manganese: 'Mangan', naturalGraphite: 'Naturgraphit', nickel: 'Nickel', niobium: 'Niob', phosphorus: 'Phosphor', siliconMetal: 'Siliciummetall', titanium: 'Titan', vanadium: 'Vanadium',
};

/** Catalogue units as people read them (the catalogue keeps ASCII codes). */
const UNIT: Record<Locale, Record<string, string>> = {
  en: { mo: 'months', a: 'years', degC: '°C', Ohm: 'Ω', 'kgCO2e/kWh': 'kg CO₂e/kWh', tCO2e: 't CO₂e', '%/mo': '%/month', min: 'min' },
  de: { mo: 'Monate', a: 'Jahre', degC: '°C', Ohm: 'Ω', 'kgCO2e/kWh': 'kg CO₂e/kWh', tCO2e: 't CO₂e', '%/mo': '%/Monat', min: 'min' },
};

export function unitLabel(unit: string, locale: Locale): string {
  return UNIT[locale][unit] ?? unit;
}

export function humanise(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

export function fieldLabel(key: string, locale: Locale): string {
  return FIELD[locale][key] ?? humanise(key);
}

export function enumLabel(value: string, locale: Locale): string {
  return locale === 'de' ? VALUE_DE[value] ?? value : humanise(value);
}

/** Intl locale tags: British English gives day-month-year dates, which read the same across the EU. */
export function intlTag(locale: Locale): string {
  return locale === 'de' ? 'de-DE' : 'en-GB';
}

/**
 * The page's language from `?lang=` or else the Accept-Language header (RFC 9110 §12.5.4: highest weight first;
 * among equal weights, the order given). English when neither names a language we have.
 */
export function pickLocale(explicit: string | undefined, acceptLanguage: string | undefined): Locale {
  if (explicit === 'de' || explicit === 'en') return explicit;
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.tag && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    if (r.tag === 'de' || r.tag.startsWith('de-')) return 'de';
    if (r.tag === 'en' || r.tag.startsWith('en-')) return 'en';
  }
  return 'en';
}
