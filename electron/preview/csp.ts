/**
 * The Content Security Policy of the browser preview, sent as a header on
 * every response. renderer/index.html carries the same policy in a <meta>
 * tag (a test keeps the two equal) minus `frame-ancestors`: Chromium ignores
 * that directive in a <meta> tag and logs a console error on every load, so
 * it travels only in headers, here and in the Electron shell (shared/csp.ts,
 * which says why style-src admits the empty string's hash).
 * connect-src is 'self' here, not 'none' as in Electron, because the preview
 * bridge reaches the back end with fetch on the same origin.
 */
export const META_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

/** Directives a <meta> policy cannot carry (CSP Level 3, "meta element"); they go in the header only. */
export const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox'] as const;

export const PREVIEW_CSP = `${META_CSP}; frame-ancestors 'none'`;
