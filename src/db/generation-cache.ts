import type { WriteGeneration } from './write-generation.js';

interface Entry<T> {
  generation: string;
  value: T;
  size: number;
}

/**
 * Values derived from records, kept until any record write commits (the write generation moves
 * on), least recently used dropped first once they outgrow `maxSize` (in the units `sizeOf`
 * counts). Reading the generation is one small query, against the twenty a dossier takes to
 * gather.
 */
export class GenerationCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private size = 0;

  constructor(
    private readonly generation: WriteGeneration,
    private readonly options: { maxSize: number; sizeOf: (value: T) => number },
  ) {}

  /**
   * The value for `key` at the current generation: cached, or computed and kept. `readEarlier`
   * is a read of the generation started since the caller's request arrived, which serves as
   * well: whatever committed before the request is in it.
   */
  async get(
    key: string,
    compute: () => Promise<T>,
    readEarlier?: Promise<string>,
  ): Promise<{ value: T; cached: boolean }> {
    // Read before computing: a write committing meanwhile moves the generation past this one.
    const generation = await (readEarlier ?? this.generation.current());
    const entry = this.entries.get(key);
    if (entry && entry.generation === generation) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      return { value: entry.value, cached: true };
    }
    const value = await compute();
    this.drop(key);
    const size = this.options.sizeOf(value);
    if (size <= this.options.maxSize) {
      this.entries.set(key, { generation, value, size });
      this.size += size;
      for (const oldest of this.entries.keys()) {
        if (this.size <= this.options.maxSize) break;
        this.drop(oldest);
      }
    }
    return { value, cached: false };
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.size -= entry.size;
  }
}
