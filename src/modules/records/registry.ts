import type { CitationLinks, RecordService } from './service.js';

/**
 * The services of every record type, by type name, so that generic checks (does the record a
 * reference points at exist, may this caller see it) can reach any type. Filled explicitly when
 * the services are built; nothing registers itself on import.
 */
export class RecordRegistry {
  private readonly byType = new Map<string, RecordService>();
  /** set once the citations module is built */
  citationLinks?: CitationLinks;

  add(service: RecordService): void {
    if (this.byType.has(service.def.type)) {
      throw new Error(`record type ${service.def.type} registered twice`);
    }
    this.byType.set(service.def.type, service);
  }

  get(type: string): RecordService | undefined {
    return this.byType.get(type);
  }

  all(): RecordService[] {
    return [...this.byType.values()];
  }
}
