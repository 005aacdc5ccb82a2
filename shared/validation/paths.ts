/**
 * Path validators. Windows paths must be absolute drive paths (C:\k); the
 * scripts put them on PATH and in service command lines, so characters that
 * Windows forbids in file names are refused up front.
 */
const WINDOWS_FORBIDDEN = /[<>"|?*]/;

/** Control characters (U+0000 to U+001F) are never valid in a Windows file name. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

export function isAbsoluteWindowsPath(text: string): boolean {
  if (typeof text !== 'string' || text.length < 3 || text.length > 240) return false;
  if (!/^[A-Za-z]:\\/.test(text)) return false;
  const rest = text.slice(2);
  return !WINDOWS_FORBIDDEN.test(rest) && !hasControlCharacter(rest) && !rest.includes(':') && !/\\\.\.(\\|$)/.test(rest);
}

/** An absolute path on either platform: the wizard runs on Windows, rehearsals on Linux. */
export function isAbsoluteAnyPath(text: string): boolean {
  if (typeof text !== 'string' || text.length === 0 || hasControlCharacter(text)) return false;
  return isAbsoluteWindowsPath(text) || (text.startsWith('/') && !/(^|\/)\.\.(\/|$)/.test(text));
}
