/**
 * The renderer's Content Security Policy, in one place: Electron's main
 * process sends it as a response header, and the renderer's index.html can
 * carry a policy in a <meta> tag too, because Chromium has not always
 * applied header-delivered policies to file:// documents. `frame-ancestors`
 * lives only here, in the header: Chromium ignores it in a <meta> tag and
 * logs a console error on every load. Everything the
 * wizard needs ships inside the app, so only the app's own files may load:
 * no inline script or style, no eval, no remote origin, no network at all
 * (the renderer reaches the back end through window.winjoin, never fetch).
 */

/**
 * The sha256 of the empty string, as a style-src source. Fluent UI's styles
 * (Griffel) go into <style> elements created empty and filled with CSSOM
 * insertRule, which CSP does not govern; Chromium still checks each element's
 * (empty) text against style-src and logs a violation. This hash admits an
 * empty <style> element and nothing else: inline CSS text and style
 * attributes stay refused.
 */
export const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

export const CSP_DIRECTIVES = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", EMPTY_STYLE_HASH],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'none'"],
  'media-src': ["'none'"],
  'object-src': ["'none'"],
  'worker-src': ["'none'"],
  'frame-src': ["'none'"],
  'child-src': ["'none'"],
  'manifest-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');
