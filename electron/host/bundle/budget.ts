/**
 * The size cap. Budgets count uncompressed bytes and leave room for zip
 * headers and deflate's worst case, so the zip can never exceed maxBytes
 * whatever the data (text usually compresses ten-fold, so real bundles are
 * far smaller than the cap). Entries are served in priority order; the
 * journal, which repeats every transcript, comes last and keeps its tail.
 */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const MIN_MAX_BYTES = 256 * 1024;
export const SUMMARY_RESERVE = 192 * 1024;

/** Local header, data descriptor, central directory record and ZIP64 extras of one entry. */
function entryOverhead(name: string): number {
  return 30 + 24 + 46 + 32 + 2 * Buffer.byteLength(name);
}
/** End of central directory, with ZIP64 records. */
const ARCHIVE_OVERHEAD = 22 + 56 + 20 + 64;

/** zlib's deflateBound: stored blocks cost 5 bytes per 16 KiB plus a small constant. */
export function deflateBound(n: number): number {
  return n + (n >> 12) + (n >> 14) + (n >> 25) + 13;
}

export interface Streamed {
  name: string;
  size: number;
}

/** Budgets (bytes of content) for streamed entries, in the order given, after the fixed entries and the summary reserve. */
export function allocate(
  maxBytes: number,
  fixed: { name: string; size: number }[],
  streamed: Streamed[],
  summaryName: string,
): Map<string, number> {
  const names = [...fixed.map((f) => f.name), ...streamed.map((s) => s.name), summaryName];
  let available = maxBytes - ARCHIVE_OVERHEAD - names.reduce((n, name) => n + entryOverhead(name), 0);
  for (const f of fixed) available -= deflateBound(f.size);
  available -= deflateBound(SUMMARY_RESERVE);
  const budgets = new Map<string, number>();
  for (const s of streamed) {
    // The inverse of deflateBound, rounded down: content whose worst case fits what is left.
    const room = Math.max(0, Math.floor(((available - 13) * 16384) / 16390) - 1);
    const given = Math.min(s.size, room);
    budgets.set(s.name, given);
    available -= given > 0 ? deflateBound(given) : 0;
  }
  return budgets;
}
