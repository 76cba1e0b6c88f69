/**
 * The console's pluggable views. The shell (App.tsx) shows `batteryTabs` as tabs of the battery view and `sections`
 * as entries of the main navigation; each view gets the API as the signed-in identity.
 *
 * Roles follow who acts on what (src/passport/core/access.ts and the operator-only routes): the OEM runs the twins,
 * and the issuer and authorities follow the twin's signed snapshots; testing facilities run pulse tests (repairers,
 * remanufacturers, dismantlers and recyclers assess returned units too); remanufacturers, dismantlers and recyclers
 * decide a battery's route; dismantlers (and the remanufacturers and recyclers who open packs) plan disassembly;
 * carriers run shipments; recyclers take batches in, and authorities read their compliance figures.
 */
import type { ComponentType } from 'react';
import type { Api, Participant } from '../api.js';
import { DecisionTab } from './decision/DecisionTab.js';
import { DiagnosticsTab } from './diagnostics/DiagnosticsTab.js';
import { DisassemblyTab } from './disassembly/DisassemblyTab.js';
import { LogisticsSection } from './logistics/LogisticsSection.js';
import { RecyclerSection } from './recycler/RecyclerSection.js';
import { TwinTab } from './twin/TwinTab.js';
import { TwinsSection } from './twin/TwinsSection.js';

export interface BatteryTabProps {
  api: Api;
  batteryId: string;
  /** participant key of the node that holds the passport */
  holder: string;
  participants: Participant[];
}
export interface SectionProps {
  api: Api;
  participants: Participant[];
  /** navigate to a battery's view (optionally a tab) */
  openBattery: (batteryId: string, tab?: string) => void;
}

export interface BatteryTab {
  id: string;
  label: string;
  /** roles that see the tab; empty = every signed-in role */
  roles: string[];
  component: ComponentType<BatteryTabProps>;
}
export interface Section {
  id: string;
  label: string;
  roles: string[];
  component: ComponentType<SectionProps>;
}

export const batteryTabs: BatteryTab[] = [
  { id: 'twin', label: 'Twin', roles: ['oem', 'manufacturer', 'authority'], component: TwinTab },
  { id: 'diagnostics', label: 'Diagnostics', roles: ['testingFacility', 'remanufacturer', 'dismantler', 'recycler'], component: DiagnosticsTab },
  { id: 'decision', label: 'Decision', roles: ['remanufacturer', 'dismantler', 'recycler'], component: DecisionTab },
  { id: 'disassembly', label: 'Disassembly', roles: ['dismantler', 'remanufacturer', 'recycler'], component: DisassemblyTab },
];
export const sections: Section[] = [
  { id: 'twins', label: 'Twins', roles: ['oem'], component: TwinsSection },
  { id: 'shipments', label: 'Shipments', roles: ['logistics'], component: LogisticsSection },
  { id: 'recycling', label: 'Recycling', roles: ['recycler', 'authority'], component: RecyclerSection },
];
