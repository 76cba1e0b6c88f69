/**
 * Demo Catena-X profile: the network facts a manufacturer keeps beside the passport (its BPDM business partner
 * numbers, where the QR code sits, how long the passport stays available, test conditions, heavy-metal content).
 * Values are plausible and deterministic per model; BPNs are synthetic (BPNL/BPNA + 12 characters).
 */
import type { Chemistry } from '../types.js';
import type { CatenaXSupplement } from '../exports/catenax/model.js';

export function demoCatenaXProfile(input: { chemistry: Chemistry; manufacturingDate: string; designIndex: number }): CatenaXSupplement {
  const site = `BPNA0000CF${input.chemistry === 'LFP' ? 'LFP' : 'NMC'}${String(input.designIndex).padStart(1, '0')}`.slice(0, 16).padEnd(16, '0');
  const year = Number(input.manufacturingDate.slice(0, 4)) || 2026;
  return {
    economicOperatorBpnl: 'BPNL0000CELLF0RG',
    manufacturerBpnl: 'BPNL0000CELLF0RG',
    manufacturingSiteBpna: site,
    sparePartProducerBpnls: ['BPNL0000SPAREPT1'],
    dataCarrierLayout: 'QR code on the type plate, front left of the pack lid, 40 mm × 40 mm',
    // Art. 77(6) keeps the passport until recycling; the operator commits to at least 15 years of availability
    passportExpirationDate: `${year + 15}-12-31`,
    backupReference: 'https://backup.passports.cellforge.example/',
    fireClass: 'A, B',
    roundTripEfficiencyDepthOfDischargePercent: 100,
    // Annex IV Part B: cycle-life test at 25 °C, 80 % depth of discharge
    cycleLifeTest: { temperatureDegC: 25, depthOfDischargePercent: 80, chargeRateC: 0.5, dischargeRateC: 1 },
    heavyMetals: {
      cadmium: { concentration: 2, unit: 'unit:partPerMillion', location: 'below the 20 ppm limit of Art. 6(2) in all components' },
      mercury: { concentration: 0.5, unit: 'unit:partPerMillion', location: 'below the 5 ppm limit of Art. 6(1) in all components' },
      lead: { concentration: 8, unit: 'unit:partPerMillion', location: 'solder of the battery management system' },
    },
  };
}
