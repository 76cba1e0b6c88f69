/**
 * `batteryloop disassembly …`: plan the dismantling of a pack from its passport (template model) or from a pack
 * model JSON a dismantler supplies; `disassembly model` writes the template model so it can be edited.
 */
import { Command, Option } from 'commander';
import {
  DEFAULT_CELL_CONFIG, PlanningError, packModelFromPassport, planDisassembly, validateCellConfig, validatePackModel,
  type CellConfig, type DisassemblyPlan, type PackModel,
} from '../circularity/disassembly/core/index.js';
import { validateStructure } from '../passport/core/structure.js';
import type { Passport } from '../passport/core/types.js';
import { CliError, readJsonFile, say, writeJsonFile } from './io.js';

function loadPassport(path: string): Passport {
  const p = readJsonFile(path) as Partial<Passport> | null;
  if (!p || typeof p !== 'object' || !p.model || !p.structure || typeof p.batteryId !== 'string') {
    throw new CliError(`${path} is not a Battery Loop passport (needs batteryId, model and structure)`);
  }
  const errs = validateStructure(p.structure);
  if (errs.length) throw new CliError(`${path}: ${errs.slice(0, 3).map((e) => `${e.attribute}: ${e.reason}`).join('; ')}`);
  return p as Passport;
}

function loadModel(o: { passport?: string; model?: string }): PackModel {
  if (o.model) {
    const r = validatePackModel(readJsonFile(o.model));
    if (!r.ok) throw new CliError(`${o.model}: ${r.errors.slice(0, 5).map((e) => `${e.field}: ${e.reason}`).join('; ')}`);
    return r.model;
  }
  if (!o.passport) throw new CliError('give --passport <file.json> or --model <pack-model.json>');
  return packModelFromPassport(loadPassport(o.passport));
}

function loadConfig(path?: string): CellConfig {
  if (!path) return DEFAULT_CELL_CONFIG;
  const r = validateCellConfig(readJsonFile(path));
  if (!r.ok) throw new CliError(`${path}: ${r.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`);
  return r.config;
}

const clock = (s: number) => `${String(Math.floor(s / 60)).padStart(3, ' ')}:${String(Math.round(s % 60)).padStart(2, '0')}`;

/** One line per resource: '#' busy, '.' idle, '|' de-energised from here on. */
function timeline(plan: DisassemblyPlan, width = 72): string[] {
  const scale = plan.makespanS / width || 1;
  const row = (r: 'robot' | 'human') => {
    const cells = Array.from({ length: width }, () => '.');
    for (const s of plan.steps) if (s.resource === r) for (let k = Math.floor(s.startS / scale); k < Math.min(width, Math.ceil(s.endS / scale)); k++) cells[k] = '#';
    const de = Math.min(width - 1, Math.floor(plan.deEnergisedAtS / scale));
    if (cells[de] === '.') cells[de] = '|';
    return `  ${r.padEnd(6)} ${cells.join('')}`;
  };
  return [`  timeline 0 … ${clock(plan.makespanS).trim()} (${Math.round(scale)} s per character, '|' = de-energised)`, ...(plan.robotPresent ? [row('robot')] : []), row('human')];
}

export function formatPlan(plan: DisassemblyPlan): string {
  const lines = [
    `disassembly plan for ${plan.packId} to ${plan.depth}, ${plan.robotPresent ? 'operator + robot' : 'operator only'} (${plan.search.tasks} tasks)`,
    '   #   start     end  who    tool                step                  components',
  ];
  for (const s of plan.steps) {
    const flags = [s.toolChangeS ? `tool change ${s.toolChangeS} s` : '', s.hvExposed ? 'HV' : '', s.liveWorking ? 'LIVE WORK (EN 50110-1)' : ''].filter(Boolean).join(', ');
    const comps = s.componentIds.length > 3 ? `${s.componentIds.slice(0, 3).join(' ')} +${s.componentIds.length - 3}` : s.componentIds.join(' ');
    lines.push(`${String(s.index + 1).padStart(4)} ${clock(s.startS)} ${clock(s.endS)}  ${s.resource.padEnd(6)} ${s.tool.padEnd(19)} ${s.step.padEnd(21)} ${comps}${flags ? `  [${flags}]` : ''}`);
  }
  lines.push(...timeline(plan));
  const gap = plan.optimal ? 'optimal' : `gap ≤ ${plan.gapPct.toFixed(1)} % to lower bound ${Math.round(plan.lowerBoundS)} s`;
  lines.push(
    `  makespan ${Math.round(plan.makespanS)} s (${(plan.makespanS / 60).toFixed(1)} min), ${plan.method}, ${gap}`,
    `  de-energised at ${Math.round(plan.deEnergisedAtS)} s; busy robot ${Math.round(plan.busyS.robot)} s, human ${Math.round(plan.busyS.human)} s; tool changes robot ${plan.toolChanges.robot}, human ${plan.toolChanges.human}`,
    `  cost EUR ${plan.cost.totalEur.toFixed(2)} (labour ${plan.cost.labourEur.toFixed(2)}, robot ${plan.cost.robotEur.toFixed(2)}; rates as of ${plan.cost.configAsOf})`,
  );
  return lines.join('\n');
}

export function registerDisassemblyCommands(program: Command): void {
  const d = program.command('disassembly').description('plan the dismantling of a pack: sequence, human/robot allocation, time and cost');
  d.command('plan')
    .description('plan from a passport (template pack model) or from a pack model JSON')
    .option('--passport <file>', 'passport JSON (e.g. from `demo passports`)')
    .option('--model <file>', 'pack model JSON (batteryloop.packModel/1) instead of the template')
    .addOption(new Option('--depth <depth>', 'target depth').choices(['modules', 'cells']).default('modules'))
    .addOption(new Option('--robot <on|off>', 'robot in the cell').choices(['on', 'off']).default('on'))
    .option('--config <file>', 'cell config JSON (rates, tool-change times; see costs.ts)')
    .option('--json', 'print the plan as JSON')
    .action((o: { passport?: string; model?: string; depth: 'modules' | 'cells'; robot: 'on' | 'off'; config?: string; json?: boolean }) => {
      const model = loadModel(o);
      let plan: DisassemblyPlan;
      try {
        plan = planDisassembly(model, { depth: o.depth, robot: o.robot === 'on', config: loadConfig(o.config) });
      } catch (e) {
        if (e instanceof PlanningError) throw new CliError(e.message);
        throw e;
      }
      say(o.json ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    });
  d.command('model')
    .description('write the template pack model of a passport, to edit and pass back with plan --model')
    .requiredOption('--passport <file>', 'passport JSON')
    .requiredOption('--out <file>', 'where to write the pack model JSON')
    .action((o: { passport: string; out: string }) => {
      const model = packModelFromPassport(loadPassport(o.passport));
      writeJsonFile(o.out, model);
      say(`wrote ${model.components.length} components and ${model.tasks.length} tasks to ${o.out}`);
    });
}
