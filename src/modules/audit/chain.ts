import { createHash } from 'node:crypto';
import { stringify as stableJson } from 'safe-stable-stringify';

/**
 * The audit log is a hash chain: each entry's hash covers its content and the previous entry's
 * hash, so editing, reordering or deleting any entry breaks every link after it. Cutting off
 * the newest entries leaves a valid shorter chain, which only a head recorded elsewhere exposes.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

export interface AuditEntry extends AuditEntryContent {
  hash: string;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export function hashEntry(entry: AuditEntryContent): string {
  const content: AuditEntryContent = {
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ip: entry.ip,
    requestId: entry.requestId,
    details: entry.details,
    prevHash: entry.prevHash,
  };
  return createHash('sha256')
    .update(stableJson(content) ?? '')
    .digest('hex');
}

export type ChainProblemKind = 'edited' | 'missing' | 'reordered' | 'head_mismatch' | 'truncated';

export interface ChainProblem {
  seq: number;
  kind: ChainProblemKind;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  head: AuditHead;
  problems: ChainProblem[];
}

/**
 * Walks entries in stored order and names every entry that is not what the chain says it was.
 * `recordedHead` is a head written down earlier, outside the writer's reach: the chain must
 * still contain it, unchanged.
 */
export async function verifyChain(
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>,
  options: { storedHead?: AuditHead; recordedHead?: AuditHead } = {},
): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  let previous: AuditHead = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  let recordedHeadSeen = false;
  for await (const entry of entries) {
    checked++;
    if (hashEntry(entry) !== entry.hash) {
      problems.push({
        seq: entry.seq,
        kind: 'edited',
        message: `entry ${entry.seq} was edited after it was written`,
      });
    }
    if (entry.seq < previous.seq + 1) {
      problems.push({
        seq: entry.seq,
        kind: 'reordered',
        message: `entry ${entry.seq} is out of order`,
      });
    } else if (entry.seq > previous.seq + 1) {
      const first = previous.seq + 1;
      const last = entry.seq - 1;
      problems.push({
        seq: first,
        kind: 'missing',
        message:
          first === last ? `entry ${first} was deleted` : `entries ${first}–${last} were deleted`,
      });
    } else if (entry.prevHash !== previous.hash) {
      problems.push({
        seq: entry.seq,
        kind: 'reordered',
        message: `entry ${entry.seq} does not follow entry ${previous.seq}: entries were replaced or reordered`,
      });
    }
    if (options.recordedHead && entry.seq === options.recordedHead.seq) {
      recordedHeadSeen = true;
      if (entry.hash !== options.recordedHead.hash) {
        problems.push({
          seq: entry.seq,
          kind: 'head_mismatch',
          message: `entry ${entry.seq} differs from the head recorded earlier`,
        });
      }
    }
    previous = { seq: entry.seq, hash: entry.hash };
  }
  if (options.recordedHead && !recordedHeadSeen) {
    problems.push({
      seq: options.recordedHead.seq,
      kind: 'truncated',
      message: `the chain ends at entry ${previous.seq}, before the recorded head ${options.recordedHead.seq}: newest entries were cut off`,
    });
  }
  if (
    options.storedHead &&
    (options.storedHead.seq !== previous.seq || options.storedHead.hash !== previous.hash)
  ) {
    problems.push({
      seq: options.storedHead.seq,
      kind: 'truncated',
      message: `the stored head is entry ${options.storedHead.seq} but the chain ends at entry ${previous.seq}`,
    });
  }
  return { ok: problems.length === 0, checked, head: previous, problems };
}
