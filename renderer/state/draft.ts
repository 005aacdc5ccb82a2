/**
 * What the user is typing, as strings, before it is an Answers object. The
 * wizard keeps this draft (not Answers) so a half-typed CIDR survives going
 * back and forth; toAnswers() turns it into answers the back end accepts.
 */
import { AnswersSchema, exampleAnswers, type Answers, type RecipeId, type Topology } from '../../shared/answers.js';
import type { KubeconfigInspectionSchema } from '../../shared/ipc/contract.js';
import { toFieldErrors, withValues, type FieldError } from '../../shared/validation/issues.js';
import type { z } from 'zod';

export type Inspection = z.output<typeof KubeconfigInspectionSchema>;

export interface ProxyDraft {
  mode: 'none' | 'manual';
  http: string;
  https: string;
  /** Comma- or line-separated, as people paste it. */
  noProxy: string;
  username: string;
  password: string;
  addClusterRanges: boolean;
}

/** The Advanced section (Network page): what fixes point at when the defaults do not fit this server. */
export interface AdvancedDraft {
  installDir: string;
  /** Empty: the tag for this host's build. */
  baseImageTag: string;
  /** Empty: download from the internet. */
  offlineSource: string;
  /** Empty: the host name, lower-cased. */
  nodeName: string;
  kubernetesVersion: string;
}

/** Answer fields the Advanced section edits, for its errors. */
export const ADVANCED_FIELDS = ['installDir', 'baseImageTag', 'downloads.offlineSource', 'nodeName', 'kubernetesVersion'] as const;

/**
 * How a containerd-kubeadm node proves itself: WinJoin creates a bootstrap
 * token when the join starts, or the admin pastes the control plane's join
 * command, which the page splits into these fields (the token is a secret,
 * shown masked and kept in memory only).
 */
export interface JoinDraft {
  mode: 'create' | 'paste';
  apiServerEndpoint: string;
  token: string;
  caCertHash: string;
}

export interface Draft {
  /** Proposed from the cluster's version by the connection test; the admin may change it only to one that can work. */
  recipe: RecipeId;
  join: JoinDraft;
  proxy: ProxyDraft;
  advanced: AdvancedDraft;
  cluster: { kubeconfigPath: string; context: string; inspection: Inspection | null };
  network: { topology: Topology; clusterCidr: string; serviceCidr: string; dnsServiceIp: string; masterIp: string; interfaceAlias: string };
}

/** The recipe's network defaults (as its example spells them); the master IP is the user's to give. */
export function networkDefaults(recipe: RecipeId): Draft['network'] {
  return { ...exampleAnswers().network, ...exampleAnswers(recipe).network, masterIp: '' } as Draft['network'];
}

export function initialDraft(): Draft {
  const defaults = networkDefaults('docker-sdn');
  return {
    recipe: 'docker-sdn',
    join: { mode: 'create', apiServerEndpoint: '', token: '', caCertHash: '' },
    proxy: { mode: 'none', http: '', https: '', noProxy: '', username: '', password: '', addClusterRanges: true },
    cluster: { kubeconfigPath: '', context: '', inspection: null },
    network: defaults,
    advanced: { installDir: 'C:\\k', baseImageTag: '', offlineSource: '', nodeName: '', kubernetesVersion: 'match-cluster' },
  };
}

/** Puts user name and password into a proxy URL, encoded, unless the URL already carries some. */
export function withCredentials(url: string, username: string, password: string): string {
  if (!username || !/^https?:\/\//i.test(url) || url.includes('@')) return url;
  const scheme = url.slice(0, url.indexOf('//') + 2);
  const credentials = encodeURIComponent(username) + (password ? `:${encodeURIComponent(password)}` : '');
  return `${scheme}${credentials}@${url.slice(scheme.length)}`;
}

export function splitList(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function proxyAnswers(proxy: ProxyDraft): Answers['proxy'] {
  if (proxy.mode === 'none') return null;
  const http = withCredentials(proxy.http.trim(), proxy.username, proxy.password);
  // An empty HTTPS proxy means "the same as HTTP", as most proxies serve both.
  const https = withCredentials(proxy.https.trim() || proxy.http.trim(), proxy.username, proxy.password);
  return { http, https, noProxy: splitList(proxy.noProxy), addClusterRanges: proxy.addClusterRanges };
}

/** The answers object the draft stands for, unvalidated (the schema decides). */
/** The join credentials as answers: null for what WinJoin is to create or compute; an empty pasted field stays empty, so the schema names it. */
function joinAnswers(join: JoinDraft): Answers['join'] {
  if (join.mode === 'create') return { token: null, caCertHash: null, apiServerEndpoint: null };
  return { token: join.token.trim(), caCertHash: join.caCertHash.trim(), apiServerEndpoint: join.apiServerEndpoint.trim() };
}

export function draftToInput(draft: Draft): unknown {
  const example = exampleAnswers(draft.recipe);
  const advanced = draft.advanced;
  const optional = (key: string, value: string) => (value.trim() ? { [key]: value.trim() } : {});
  const { masterIp, ...network } = draft.network;
  if (draft.recipe === 'containerd-kubeadm') {
    return {
      ...example,
      installDir: advanced.installDir.trim(),
      kubernetesVersion: advanced.kubernetesVersion.trim() || 'match-cluster',
      ...optional('nodeName', advanced.nodeName),
      downloads: { ...example.downloads, offlineSource: advanced.offlineSource.trim() || null },
      cluster: {
        ...example.cluster,
        kubeconfigPath: draft.cluster.kubeconfigPath,
        ...(draft.cluster.context ? { context: draft.cluster.context } : {}),
      },
      proxy: proxyAnswers(draft.proxy),
      // kubeadm finds the API server itself: no master address for this recipe.
      network,
      join: joinAnswers(draft.join),
    };
  }
  return {
    ...example,
    installDir: advanced.installDir.trim(),
    kubernetesVersion: advanced.kubernetesVersion.trim() || 'match-cluster',
    ...optional('nodeName', advanced.nodeName),
    ...optional('baseImageTag', advanced.baseImageTag),
    downloads: { ...example.downloads, offlineSource: advanced.offlineSource.trim() || null },
    cluster: { kubeconfigPath: draft.cluster.kubeconfigPath, ...(draft.cluster.context ? { context: draft.cluster.context } : {}) },
    proxy: proxyAnswers(draft.proxy),
    network: { ...network, masterIp: masterIp.trim() },
  };
}

export type ValidationResult = { ok: true; answers: Answers; errors: [] } | { ok: false; answers: null; errors: FieldError[] };

export function toAnswers(draft: Draft): ValidationResult {
  const input = draftToInput(draft);
  const result = AnswersSchema.safeParse(input);
  if (result.success) return { ok: true, answers: result.data, errors: [] };
  return { ok: false, answers: null, errors: withValues(toFieldErrors(result.error), maskSecrets(input)) };
}

export type Section = 'proxy' | 'cluster' | 'network' | 'join';

/**
 * Errors of one page's section. The other sections are swapped for the
 * example's valid values first, because the schema skips its cross-field
 * checks (CIDR overlap, DNS inside the service range) while any other field
 * is invalid, and a page must show its own errors whatever the others hold.
 */
export function sectionErrors(draft: Draft, section: Section): FieldError[] {
  const example = exampleAnswers(draft.recipe);
  const input = draftToInput(draft) as Record<string, unknown>;
  const isolated = { ...example, kubernetesVersion: 'match-cluster', [section]: input[section] };
  const result = AnswersSchema.safeParse(isolated);
  if (result.success) return [];
  return withValues(toFieldErrors(result.error), maskSecrets(isolated)).filter(
    (e) => e.field === section || e.field.startsWith(`${section}.`),
  );
}

/** Errors quote the value; a proxy password must never be quoted on screen. */
function maskSecrets<T>(input: T): T {
  return JSON.parse(JSON.stringify(input).replace(/(https?:\/\/)[^/@"\s]*@/gi, '$1***@')) as T;
}

/** Errors of the Advanced section's fields (they live at the answers' top level). */
export function advancedErrors(draft: Draft): FieldError[] {
  return toAnswers(draft).errors.filter((e) => (ADVANCED_FIELDS as readonly string[]).includes(e.field));
}
