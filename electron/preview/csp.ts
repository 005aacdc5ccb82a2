/**
 * The Content Security Policy of the browser preview. It is the policy in
 * renderer/index.html's <meta> tag (a test keeps the two equal), sent again
 * as a header so it also covers responses the meta tag cannot (errors, the event stream).
 * connect-src is 'self' here, not 'none' as in Electron, because the preview
 * bridge reaches the back end with fetch on the same origin.
 */
export const PREVIEW_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
