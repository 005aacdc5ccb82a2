// Types for scripts/shipped-node.mjs, so its tests are typed.
export interface RuntimeFacts {
  electronVersion: string;
  embeddedMajor: number;
  binary: string;
}
export function runtimeFacts(from?: string): RuntimeFacts;
export function runOnShippedNode(script: string): RuntimeFacts;
