export interface ExtractOptions {
  /** Entries to extract: exact archive paths, or folders ending in "/". Default: all. */
  include?: readonly string[];
  /** Leading path components to drop (as tar --strip-components). */
  strip?: number;
}

export interface ExtractResult {
  /** Files written, relative to the target folder, "/"-separated. */
  files: string[];
  /** Exact names from `include` that the archive does not hold. */
  missing: string[];
  /** Entries selected but not written (symlinks in a zip), with why. */
  skipped: { entry: string; reason: string }[];
}

export function stripName(name: string, strip: number | undefined): string {
  return strip ? name.split('/').slice(strip).join('/') : name;
}

export function missingFrom(include: readonly string[] | undefined, seen: Set<string>): string[] {
  return (include ?? []).filter((want) => !want.endsWith('/') && !seen.has(want.replace(/\\/g, '/').replace(/^\.\//, '')));
}
