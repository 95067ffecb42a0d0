import type { Db, Engine } from '../../db/database.js';
import { SYSTEM_ACTOR } from '../auth/policy.js';
import type { RecordService } from '../records/service.js';
import * as filing from './filing.js';
import type { FilingCache } from './filing-cache.js';
import { matchProfile } from './profile.js';
import type { MatchablePerson } from './score.js';
import { SharedKeys } from './shared-keys.js';

/**
 * At most this many people sharing keys are scored per write, those sharing the most keys
 * first: a true duplicate shares most of its keys, and scoring was four fifths of the time of
 * writing a person when 200 were.
 */
const MAX_COMPARED = 50;
/** Each key is read for at most this many people, the most recently filed first. */
export const PER_KEY = filing.KEPT_PER_BLOCK - 1;

/** A person as scoring compares them. */
export interface Neighbour {
  id: string;
  profile: MatchablePerson;
}

/**
 * Whom each person is compared with: those sharing most keys with them (see MAX_COMPARED),
 * and those already paired with them, as profiles. People written together share many keys
 * (common names), so each block is read once, and are most of each other's newest neighbours,
 * so they are at hand; the others are read from their filing, and from their record when
 * filed before profiles were kept (that profile is kept then).
 */
export async function neighbours(
  deps: { engine: Engine; people: RecordService },
  db: Db,
  filed: readonly (Neighbour & { keys: string[] })[],
  numbers: ReadonlyMap<string, number>,
  pairedWith: ReadonlyMap<string, ReadonlySet<string>>,
  /** the blocks the filing of `filed` joined and returned: not read again */
  joined: ReadonlyMap<string, filing.Block>,
  /** filings (and on SQLite blocks) kept from earlier comparisons */
  cache?: FilingCache,
): Promise<Map<string, Neighbour[]>> {
  const unread = filed.flatMap(({ keys }) => keys).filter((key) => !joined.has(key));
  const blocks = await filing.blocksOf(db, deps.engine, unread, PER_KEY, cache);
  for (const [key, block] of joined) blocks.set(key, block.subarray(0, PER_KEY + 1));
  const sharing = new SharedKeys(blocks);
  const sharingOf = new Map(
    filed.map(({ id, keys }) => [
      id,
      sharing.mostInCommon(numbers.get(id) ?? -1, keys, MAX_COMPARED, PER_KEY),
    ]),
  );
  const byId = new Map<string, Neighbour>(filed.map(({ id, profile }) => [id, { id, profile }]));
  const byNumber = new Map<number, Neighbour>();
  for (const [id, number] of numbers) byNumber.set(number, byId.get(id) as Neighbour);
  const numbersToRead = new Set<number>();
  for (const sharing of sharingOf.values()) {
    for (const n of sharing) if (!byNumber.has(n)) numbersToRead.add(n);
  }
  const idsToRead = new Set<string>();
  for (const ids of pairedWith.values()) for (const id of ids) if (!byId.has(id)) idsToRead.add(id);
  const { kept: fromCache, missing } = cache
    ? cache.take(numbersToRead)
    : { kept: [], missing: [...numbersToRead] };
  const read: filing.FiledPerson[] = [
    ...fromCache,
    ...(await filing.filedPeople(db, deps.engine, missing, [...idsToRead])),
  ];
  const readIds = new Set(read.map(({ personId }) => personId));
  // Filed before profiles were kept, or (a paired person) never filed: read from the record.
  const fromRecords = new Map<string, MatchablePerson>();
  const unprofiled = [
    ...read.filter(({ profile }) => profile === null).map(({ personId }) => personId),
    ...[...idsToRead].filter((id) => !readIds.has(id)),
  ];
  const system = { actor: SYSTEM_ACTOR, db };
  for (const record of await deps.people.findVisible(system, unprofiled)) {
    fromRecords.set(record.id, matchProfile(record as unknown as MatchablePerson));
  }
  const filled: { number: number; profile: MatchablePerson }[] = [];
  const profiled: (filing.FiledPerson & { profile: MatchablePerson })[] = [];
  for (const { number, personId, profile } of read) {
    const known = profile ?? fromRecords.get(personId);
    if (!known) continue;
    if (!profile) filled.push({ number, profile: known });
    profiled.push({ number, personId, profile: known });
    const neighbour = { id: personId, profile: known };
    byNumber.set(number, neighbour);
    byId.set(personId, neighbour);
  }
  await filing.saveProfiles(db, filled);
  cache?.keep(profiled);
  for (const [id, profile] of fromRecords) if (!byId.has(id)) byId.set(id, { id, profile });
  return new Map(
    filed.map(({ id }) => {
      const sharingKeys: Neighbour[] = [];
      for (const n of sharingOf.get(id) ?? []) {
        const neighbour = byNumber.get(n);
        if (neighbour) sharingKeys.push(neighbour);
      }
      const paired = pairedWith.get(id);
      // Each number is one person, so only pairs can repeat someone: most people have none.
      if (!paired?.size) return [id, sharingKeys];
      const all = new Map(sharingKeys.map((neighbour) => [neighbour.id, neighbour]));
      for (const other of paired) {
        const neighbour = byId.get(other);
        if (neighbour) all.set(other, neighbour);
      }
      return [id, [...all.values()]];
    }),
  );
}
