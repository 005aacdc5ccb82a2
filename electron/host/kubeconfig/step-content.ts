/**
 * The kubeconfig step gets the kubeconfig as inspected, never the file the
 * user named: the recipe plans `sourcePath` (and the context chosen in the
 * wizard); right before the script runs, that becomes `content`, the
 * minimal self-contained kubeconfig for that context (one cluster, one user,
 * referenced files inlined after the inspection allowed them). A kubeconfig
 * the inspection refuses (an exec plugin or auth-provider user, a file on a
 * share, ...) fails here, before any script sees it. The content is a
 * credential: it exists only in the parameters handed to the script, never
 * in the plan, the journal or the state.
 */
import { selfContainedKubeconfig } from './self-contained.js';

export function inlineKubeconfigParams(stepId: string, params: Record<string, unknown>): Record<string, unknown> {
  if (stepId !== 'kubeconfig' || typeof params.sourcePath !== 'string' || params.sourcePath === '') return params;
  const { sourcePath, context, ...rest } = params;
  const chosen = typeof context === 'string' && context !== '' ? context : undefined;
  return { ...rest, content: selfContainedKubeconfig(sourcePath as string, { context: chosen }) };
}
