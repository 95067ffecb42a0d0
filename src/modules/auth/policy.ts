import { Forbidden } from '../../lib/errors.js';

/**
 * Who may do what, in one place. Every read and write of a record passes through these
 * functions; nothing else decides visibility.
 */
export const SENSITIVITY_LEVELS = ['public', 'internal', 'confidential', 'secret'] as const;
export type Sensitivity = (typeof SENSITIVITY_LEVELS)[number];

export const ROLES = ['admin', 'editor', 'contributor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** user id, or a system name such as `system:demo` */
  id: string;
  role: Role;
  clearance: Sensitivity;
}

export type WriteAction = 'create' | 'update' | 'delete' | 'restore';

const rank = (level: Sensitivity): number => SENSITIVITY_LEVELS.indexOf(level);

export function canSee(actor: Actor, sensitivity: Sensitivity): boolean {
  return rank(sensitivity) <= rank(actor.clearance);
}

/** Reading a confidential or secret record is audited: who saw it, when, through what. */
export const isAuditedRead = (sensitivity: string): boolean =>
  sensitivity === 'confidential' || sensitivity === 'secret';

/** The sensitivity levels an actor may read, for filtering queries at the source. */
export function visibleLevels(actor: Actor): Sensitivity[] {
  return SENSITIVITY_LEVELS.filter((level) => canSee(actor, level));
}

const WRITES_BY_ROLE: Record<Role, readonly WriteAction[]> = {
  admin: ['create', 'update', 'delete', 'restore'],
  editor: ['create', 'update', 'delete', 'restore'],
  contributor: ['create', 'update'],
  viewer: [],
};

/**
 * Writing a record means being able to read it afterwards: nobody may create or raise a record
 * above their own clearance, or the write would hide itself from its author.
 */
export function assertCanWrite(actor: Actor, action: WriteAction, sensitivity: Sensitivity): void {
  if (!WRITES_BY_ROLE[actor.role].includes(action)) {
    throw new Forbidden(`the ${actor.role} role may not ${action} records`);
  }
  if (!canSee(actor, sensitivity)) {
    throw new Forbidden(`records marked ${sensitivity} are above your clearance`);
  }
}

/** The audit log and accounts are for administrators only. */
export function assertAdministrator(actor: Actor, what: string): void {
  if (actor.role !== 'admin') throw new Forbidden(`only administrators may ${what}`);
}

/** The actor used by the command line and the example-data loader, which act as the operator. */
export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'admin', clearance: 'secret' };
