/**
 * Copies text for the clipboard where the shell allows it. The Electron
 * shell denies the clipboard permission, so the fallback selects the text in
 * a visible textarea and tries the old copy command; if that fails too the
 * text stays selected for Ctrl+C.
 */
export async function copyText(text: string, textarea: HTMLTextAreaElement | null): Promise<'copied' | 'selected'> {
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    if (!textarea) return 'selected';
    textarea.focus();
    textarea.select();
    try {
      // Deprecated, but the one synchronous copy that needs no permission.
      return document.execCommand('copy') ? 'copied' : 'selected';
    } catch {
      return 'selected';
    }
  }
}
