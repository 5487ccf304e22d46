// Aligned blocks ("prefixes") of a fixed-width number space: IP prefixes (32/128 bits) and kuid's ID
// prefixes (`65000/29` in the 32-bit AS space). The backends choose free space exactly as upstream's
// libraries do, because which address or ID a dynamic claim gets is visible in every derived object:
// a range of numbers is split into blocks like go4.org/netipx's IPRange.Prefixes, and a free block is
// chosen like netipx's IPSet.RemoveFreePrefix ("best fit": the smallest free block that can hold the
// requested size, the first of those in number order), which kuid's IPAM and ID trees both use.

/** An aligned block: `addr` with its lowest `width - bits` bits zero. */
export interface Block {
  addr: bigint;
  bits: number;
}

/** An inclusive interval of numbers. */
export interface Interval {
  start: bigint;
  end: bigint;
}

export function blockSize(width: number, bits: number): bigint {
  return 1n << BigInt(width - bits);
}

export function blockEnd(b: Block, width: number): bigint {
  return b.addr + blockSize(width, b.bits) - 1n;
}

export function blockInterval(b: Block, width: number): Interval {
  return { start: b.addr, end: blockEnd(b, width) };
}

/** The number of trailing zero bits of v, capped at width (v = 0 has `width`). */
function trailingZeros(v: bigint, width: number): number {
  if (v === 0n) return width;
  let n = 0;
  while ((v & 1n) === 0n && n < width) {
    v >>= 1n;
    n++;
  }
  return n;
}

/** The largest aligned blocks that cover [start, end] exactly, in ascending order (netipx IPRange.Prefixes). */
export function intervalBlocks(iv: Interval, width: number): Block[] {
  const out: Block[] = [];
  let from = iv.start;
  while (from <= iv.end) {
    // the largest block aligned at `from` that does not pass `end`
    let host = trailingZeros(from, width);
    while (host > 0 && from + (1n << BigInt(host)) - 1n > iv.end) host--;
    out.push({ addr: from, bits: width - host });
    const next = from + (1n << BigInt(host));
    if (next <= from) break; // the top of the space
    from = next;
  }
  return out;
}

/** What is left of `base` without `used` (any order, may overlap), as sorted disjoint intervals. */
export function freeIntervals(base: Interval, used: Interval[]): Interval[] {
  const sorted = used.filter((u) => u.end >= base.start && u.start <= base.end).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Interval[] = [];
  let cursor = base.start;
  for (const u of sorted) {
    if (u.start > cursor) out.push({ start: cursor, end: u.start - 1n });
    if (u.end + 1n > cursor) cursor = u.end + 1n;
    if (cursor > base.end) return out;
  }
  if (cursor <= base.end) out.push({ start: cursor, end: base.end });
  return out;
}

/**
 * The block of `bits` that netipx's RemoveFreePrefix takes from a free set: among the free set's blocks
 * that can hold it, the smallest one (the first of equal size), and in it the first block of `bits`.
 */
export function bestFitBlock(free: Interval[], bits: number, width: number): Block | undefined {
  let best: Block | undefined;
  for (const iv of free) {
    for (const b of intervalBlocks(iv, width)) {
      if (b.bits > bits) continue;
      if (!best || b.bits > best.bits) {
        best = b;
        if (best.bits === bits) break;
      }
    }
  }
  return best && { addr: best.addr, bits };
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start <= b.end && b.start <= a.end;
}
