/**
 * Wire details of the Electron bridge that the renderer never sees: the
 * preload tells main which contract events it listens to, so main holds
 * events back (queued) until a listener exists instead of sending them into
 * a page that is still loading. Not a contract channel: the renderer cannot
 * invoke it, and its name can never collide with one (a test checks).
 */
export const BRIDGE_SUBSCRIBE = 'bridge:subscribe';
