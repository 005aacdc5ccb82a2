/**
 * Path validators. Windows paths must be absolute drive paths (C:\k); the
 * scripts put them on PATH and in service command lines, so characters that
 * Windows forbids in file names are refused up front.
 */
const WINDOWS_FORBIDDEN = /[<>"|?*\u0000-\u001f]/;

export function isAbsoluteWindowsPath(text: string): boolean {
  if (typeof text !== 'string' || text.length < 3 || text.length > 240) return false;
  if (!/^[A-Za-z]:\\/.test(text)) return false;
  const rest = text.slice(2);
  return !WINDOWS_FORBIDDEN.test(rest) && !rest.includes(':') && !/\\\.\.(\\|$)/.test(rest);
}

/** An absolute path on either platform: the wizard runs on Windows, rehearsals on Linux. */
export function isAbsoluteAnyPath(text: string): boolean {
  if (typeof text !== 'string' || text.length === 0 || text.includes('\u0000')) return false;
  return isAbsoluteWindowsPath(text) || (text.startsWith('/') && !/(^|\/)\.\.(\/|$)/.test(text));
}
