/**
 * The blocks a write read (the people filed under each of its keys), ready to answer, person by
 * person, who shares most keys with them. A batch of 500 people reads blocks holding tens of
 * thousands of people, and each new person ranks about two thousand of them: so every person read
 * is numbered once, by id, and the ranking counts and sorts numbers, where it hashed and compared
 * ids (a tenth of a bulk import's time, profiled).
 */
export class SharedKeys {
  /** every person read, in id order: a person's number is their place here */
  private readonly ids: string[];
  private readonly numbers = new Map<string, number>();
  private readonly blocks = new Map<string, Int32Array>();
  /** keys shared with the person being ranked, by number; zero again after each ranking */
  private readonly counts: Int32Array;

  constructor(blocks: ReadonlyMap<string, readonly string[]>) {
    // Numbered as first met, then renumbered in id order: one look-up a member, one sort.
    const met: string[] = [];
    for (const [key, members] of blocks) {
      const block = new Int32Array(members.length);
      members.forEach((id, i) => {
        let n = this.numbers.get(id);
        if (n === undefined) {
          n = met.push(id) - 1;
          this.numbers.set(id, n);
        }
        block[i] = n;
      });
      this.blocks.set(key, block);
    }
    this.ids = met.slice().sort();
    const renumbered = new Int32Array(met.length);
    this.ids.forEach((id, n) => {
      renumbered[this.numbers.get(id) as number] = n;
      this.numbers.set(id, n);
    });
    for (const block of this.blocks.values()) {
      for (let i = 0; i < block.length; i++) block[i] = renumbered[block[i] as number] as number;
    }
    this.counts = new Int32Array(this.ids.length);
  }

  /**
   * The people sharing most of `keys` with `personId` (then by id), at most `limit`, counting
   * only the first `perKey` others of each block (blocks are read newest first).
   */
  mostInCommon(personId: string, keys: readonly string[], limit: number, perKey: number): string[] {
    const self = this.numbers.get(personId) ?? -1;
    const { counts } = this;
    const sharing: number[] = [];
    for (const key of new Set(keys)) {
      const block = this.blocks.get(key);
      if (!block) continue;
      let taken = 0;
      for (const n of block) {
        if (n === self) continue;
        if (taken++ === perKey) break;
        if (counts[n]++ === 0) sharing.push(n);
      }
    }
    // Most keys first, then the lowest number (id): one number each, sorted without a comparator.
    const order = new Float64Array(sharing.length);
    const span = this.ids.length;
    sharing.forEach((n, i) => {
      order[i] = -(counts[n] as number) * span + n;
      counts[n] = 0;
    });
    order.sort();
    const chosen: string[] = [];
    for (const value of order.subarray(0, limit)) {
      chosen.push(this.ids[((value % span) + span) % span] as string);
    }
    return chosen;
  }
}
