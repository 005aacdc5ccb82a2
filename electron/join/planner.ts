/**
 * answers -> plan. The recipe says which steps a join needs; the planner
 * checks that they form a DAG whose dependencies come earlier in guide order,
 * and stamps the plan with a hash of the answers so a resume with different
 * answers is refused instead of mixing two configurations on one machine.
 */
import { createHash } from 'node:crypto';
import type { Answers } from '../../shared/answers.js';
import { WinJoinError } from '../../shared/errors.js';
import { catalogues } from '../../shared/i18n/index.js';
import { decideVersions } from '../host/kubernetes/recipe-policy.js';
import type { DownloadSettings, Plan, PlannedStep } from '../../shared/plan.js';
import { maskProxyUrl } from '../../shared/validation/proxy-url.js';
import { withAnswerDigests } from './answer-digests.js';
import { assertOfflineDigests } from './offline-digests.js';
import { withStandInPins } from './stand-in-pins.js';
import type { Recipe, RecipeContext } from './types.js';

export function buildPlan(answers: Answers, recipe: Recipe, context: RecipeContext): Plan {
  assertVersionPolicy(answers, context);
  const steps = withAnswerDigests(answers, withStandInPins(recipe(answers, context), context.standInPins));
  assertDag(steps);
  assertOfflineDigests(answers, steps);
  return { recipe: answers.recipe, answersHash: hashAnswers(answers), downloadSettings: downloadSettingsOf(answers), steps };
}

/** The answers' proxy as downloads use it: NO_PROXY widened by the cluster ranges unless the user opted out. */
export function downloadSettingsOf(answers: Answers): DownloadSettings {
  const proxy = answers.proxy;
  const noProxy = proxy ? [...proxy.noProxy] : [];
  if (proxy?.addClusterRanges) {
    noProxy.push(answers.network.clusterCidr, answers.network.serviceCidr);
    if (answers.network.masterIp) noProxy.push(answers.network.masterIp);
  }
  return {
    proxy: proxy ? { http: proxy.http, https: proxy.https, noProxy: [...new Set(noProxy)] } : null,
    offlineSource: answers.downloads.offlineSource,
    extraCaFile: answers.downloads.extraCaFile,
  };
}

/**
 * The hash leaves the credentials out (proxy passwords, the token's secret
 * half): state.json keeps it, and a digest over a password would let whoever
 * reads the file test guesses offline. A rotated password is also no change of
 * configuration: a resume reads it again (secret-sources.ts).
 */
export function hashAnswers(answers: Answers): string {
  const token = answers.join.token;
  const withoutCredentials = {
    ...answers,
    proxy: answers.proxy && { ...answers.proxy, http: maskProxyUrl(answers.proxy.http), https: maskProxyUrl(answers.proxy.https) },
    join: { ...answers.join, token: token && token.replace(/\..*$/, '.***') },
  };
  return createHash('sha256').update(canonicalJson(withoutCredentials)).digest('hex');
}

/** JSON with object keys sorted, so equal answers hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Refuses, before any step is planned, a recipe or version the cluster or the machine cannot take. */
function assertVersionPolicy(answers: Answers, context: RecipeContext): void {
  const decision = decideVersions({
    recipe: answers.recipe,
    requested: answers.kubernetesVersion,
    serverGitVersion: context.cluster?.serverGitVersion,
    windowsBuild: context.cluster?.windowsBuild,
  });
  const refusal = decision.problems.find((p) => p.severity === 'error');
  if (refusal)
    throw new WinJoinError('E_INVALID_ANSWERS', englishText(refusal.key, refusal.params), { ...refusal.params, key: refusal.key });
}

/** The English text of an i18n key: the error's detail for logs and tickets (the CLI shows params.key in the user's language). */
function englishText(key: string, params: Record<string, string>): string {
  let node: unknown = catalogues.en;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const template = typeof node === 'string' ? node : key;
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => params[name] ?? '');
}

function assertDag(steps: PlannedStep[]): void {
  const seen = new Set<string>();
  for (const step of steps) {
    if (seen.has(step.id)) throw new Error(`recipe lists step ${step.id} twice`);
    for (const need of step.needs) {
      // Requiring dependencies to come first rules out cycles and keeps the plan readable in order.
      if (!seen.has(need)) throw new Error(`step ${step.id} needs ${need}, which is not an earlier step of the plan`);
    }
    seen.add(step.id);
  }
}
