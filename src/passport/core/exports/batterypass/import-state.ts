/**
 * What the aspect readers collect: catalogue values with the upstream field they came from (so a catalogue
 * violation names the upstream field), update times, and the envelope facts some aspects carry.
 */
import { attributeByKey } from '../../catalogue/index.js';
import type { AttributeValue, BatteryStatus, Chemistry } from '../../types.js';
import { validateAttributeValue } from '../../validation.js';
import type { Node } from './reader.js';

export interface EnvelopeFacts {
  passportId?: string;
  batteryId?: string;
  status?: BatteryStatus;
  chemistry?: Chemistry;
}

export class ImportState {
  readonly attributes: Record<string, AttributeValue> = {};
  readonly updatedAt: Record<string, string> = {};
  /** Attribute key → `<namespace>:<path>` it was read from. */
  readonly sources: Record<string, string> = {};
  readonly envelope: EnvelopeFacts = {};
  /** Battery mass in kg as read from GeneralProductInformation (completes material mass fractions). */
  batteryMassKg?: number;

  constructor(readonly warnings: string[]) {}

  /** Stores a catalogue value after checking it against the catalogue; a violation rejects the import. */
  set(key: string, value: AttributeValue, node: Node, property: string, updatedAt?: string): void {
    const def = attributeByKey(key);
    const where = node.at(property);
    if (!def) node.r.fail(where, `maps to unknown catalogue key ${key}`);
    const problem = validateAttributeValue(def, value);
    if (problem !== null) node.r.fail(where, `not a valid ${def.name} (${key}): ${problem}`);
    this.attributes[key] = value;
    this.sources[key] = `${node.r.namespace}:${where}`;
    if (updatedAt !== undefined) this.updatedAt[key] = updatedAt;
  }

  /** Keeps the latest of several update times read for one attribute. */
  touch(key: string, at: string): void {
    const prev = this.updatedAt[key];
    if (prev === undefined || Date.parse(at) > Date.parse(prev)) this.updatedAt[key] = at;
  }
}
