/**
 * How the preview page presents its session token: read from the query
 * parameter of the URL the preview printed, sent back in a header on every
 * call and on the event stream. Both sides use these names.
 */
export const PREVIEW_TOKEN_PARAM = 'token';
export const PREVIEW_TOKEN_HEADER = 'x-winjoin-token';
