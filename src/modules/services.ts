import path from 'node:path';
import type { Database } from '../db/database.js';
import { searchIndexFor } from '../db/search/search-index.js';
import { writeGenerationFor } from '../db/write-generation.js';
import { allegationType } from './allegations/schema.js';
import { AttachmentService } from './attachments/service.js';
import { BlobStore } from './attachments/store.js';
import { AuditLog } from './audit/service.js';
import { AuthService } from './auth/service.js';
import { citationType } from './citations/schema.js';
import { citationLinks, citationRules } from './citations/service.js';
import { claimType } from './claims/schema.js';
import { custodyRules } from './custody/rules.js';
import { custodyEventType } from './custody/schema.js';
import { duplicatesFromMatcher } from './imports/matcher-duplicates.js';
import { ImportService } from './imports/service.js';
import { incidentRules } from './incidents/rules.js';
import { incidentType } from './incidents/schema.js';
import { MergeService } from './matching/merge.js';
import { MatchingService } from './matching/service.js';
import { organizationType } from './organizations/schema.js';
import { personType } from './people/schema.js';
import { PersonFactsProjection } from './person-facts/projection.js';
import { placeType } from './places/schema.js';
import { proceedingEventType } from './proceedings/events-schema.js';
import { proceedingEventRules } from './proceedings/rules.js';
import { proceedingType } from './proceedings/schema.js';
import { ListPages } from './records/list-pages.js';
import { RecordRegistry } from './records/registry.js';
import { RecordService } from './records/service.js';
import { sourceType } from './sources/schema.js';
import { statementType } from './statements/schema.js';
import { testimonyType } from './testimonies/schema.js';
import { VocabularyService } from './vocabularies/service.js';

export interface ServicesOptions {
  dataDir: string;
}

/** Builds every service once, wiring the few that depend on others. No module registers itself. */
export function createServices(database: Database, options: ServicesOptions) {
  const registry = new RecordRegistry();
  const audit = new AuditLog(database);
  // Every committed record write moves the generation that caches of derived views key on (and
  // every change to what a credential grants, which cached tokens key on).
  const writeGeneration = writeGenerationFor(database);
  const auth = new AuthService({ db: database.db, audit, writeGeneration });
  const search = searchIndexFor(database.engine);
  const deps = { db: database.db, registry, audit, search };
  const organizations = new RecordService(organizationType, deps);
  const places = new RecordService(placeType, deps);
  const people = new RecordService(personType, deps);
  const custody = new RecordService(custodyEventType, { ...deps, rules: custodyRules(people) });
  const allegations = new RecordService(allegationType, deps);
  const proceedings = new RecordService(proceedingType, deps);
  const proceedingEvents = new RecordService(proceedingEventType, {
    ...deps,
    rules: proceedingEventRules(proceedings),
  });
  const vocabularies = new VocabularyService({ db: database.db, audit });
  const incidents = new RecordService(incidentType, {
    ...deps,
    rules: incidentRules(vocabularies),
  });
  const testimonies = new RecordService(testimonyType, deps);
  const statements = new RecordService(statementType, deps);
  const claims = new RecordService(claimType, deps);
  const sources = new RecordService(sourceType, deps);
  const citations = new RecordService(citationType, { ...deps, rules: citationRules(registry) });
  for (const service of [
    organizations,
    places,
    people,
    custody,
    allegations,
    proceedings,
    proceedingEvents,
    incidents,
    testimonies,
    statements,
    claims,
    sources,
    citations,
  ]) {
    registry.add(service as unknown as RecordService);
  }
  registry.citationLinks = citationLinks(citations, sources as unknown as RecordService);
  registry.onWrites('*', (ctx) => writeGeneration.bumpAfterCommit(ctx.db));
  const listPages = new ListPages(writeGeneration);
  const personFacts = new PersonFactsProjection({
    db: database.db,
    registry,
    generation: writeGeneration,
  });
  personFacts.watch();

  const matching = new MatchingService({
    db: database.db,
    engine: database.engine,
    registry,
    people: people as unknown as RecordService,
    dataVersion: database.engine === 'sqlite' ? () => database.dataVersion() : undefined,
  });
  matching.watch();
  const merges = new MergeService({
    db: database.db,
    registry,
    people: people as unknown as RecordService,
    matching,
  });

  const store = new BlobStore(path.join(options.dataDir, 'attachments'));
  const attachments = new AttachmentService({ db: database.db, store, sources });
  const imports = new ImportService({
    db: database.db,
    registry,
    duplicates: duplicatesFromMatcher(matching),
  });

  return {
    database,
    registry,
    writeGeneration,
    listPages,
    audit,
    search,
    auth,
    organizations,
    places,
    people,
    custody,
    allegations,
    proceedings,
    proceedingEvents,
    vocabularies,
    incidents,
    testimonies,
    statements,
    claims,
    sources,
    citations,
    attachments,
    personFacts,
    matching,
    merges,
    store,
    imports,
  };
}

export type Services = ReturnType<typeof createServices>;
