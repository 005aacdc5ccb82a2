/** The Review page's settings summary: what the join will use, one row per setting, secrets masked. */
import { CREATED_TOKEN_TTL_MS, type Answers } from '../../../shared/answers.js';

const TTL = { hours: String(CREATED_TOKEN_TTL_MS / 3_600_000) };

export interface SettingRow {
  /** i18n key of the label. */
  labelKey: string;
  value: string;
  /** i18n key of a value in words ("none", "the host name") instead of `value`. */
  valueKey?: string;
  /** Values valueKey interpolates. */
  params?: Record<string, string>;
}

/** user:password@ in a proxy URL becomes ***@ : the summary is read aloud and screenshotted. */
function maskUrl(url: string): string {
  return url.replace(/^(https?:\/\/)[^/@\s]*@/i, '$1***@');
}

export function settingsSummary(answers: Answers): SettingRow[] {
  const words = (labelKey: string, value: string | null | undefined, noneKey: string): SettingRow =>
    value ? { labelKey, value } : { labelKey, value: '', valueKey: noneKey };
  const net = answers.network;
  const modern = answers.recipe === 'containerd-kubeadm';
  return [
    { labelKey: 'pages.review.summary.recipe', value: '', valueKey: `recipes.${answers.recipe}.label` },
    ...(modern ? credentialRows(answers) : [{ labelKey: 'pages.network.fields.masterIp.label', value: net.masterIp ?? '' }]),
    { labelKey: 'pages.network.topology', value: '', valueKey: `pages.network.topologies.${net.topology}.label` },
    { labelKey: 'pages.network.fields.clusterCidr.label', value: net.clusterCidr },
    { labelKey: 'pages.network.fields.serviceCidr.label', value: net.serviceCidr },
    { labelKey: 'pages.network.fields.dnsServiceIp.label', value: net.dnsServiceIp },
    { labelKey: 'pages.network.fields.interfaceAlias.label', value: net.interfaceAlias },
    words('pages.review.summary.proxy', answers.proxy ? maskUrl(answers.proxy.http) : null, 'pages.review.summary.noProxy'),
    { labelKey: 'pages.review.summary.kubeconfig', value: answers.cluster.kubeconfigPath },
    words('pages.network.advanced.nodeName.label', answers.nodeName, 'pages.review.summary.hostName'),
    { labelKey: 'pages.network.advanced.installDir.label', value: answers.installDir },
    answers.kubernetesVersion === 'match-cluster'
      ? { labelKey: 'pages.network.advanced.kubernetesVersion.label', value: '', valueKey: 'pages.review.summary.matchCluster' }
      : { labelKey: 'pages.network.advanced.kubernetesVersion.label', value: answers.kubernetesVersion },
    ...(modern ? [] : [words('pages.network.advanced.baseImageTag.label', answers.baseImageTag, 'pages.review.summary.tagForBuild')]),
    words('pages.network.advanced.offlineSource.label', answers.downloads.offlineSource, 'pages.review.summary.internet'),
  ];
}

/**
 * The join credentials and what the join changes in the cluster: the token's
 * id at most (never the token), or that WinJoin creates one.
 */
function credentialRows(answers: Answers): SettingRow[] {
  const join = answers.join;
  const token = join.token ? join.token.split('.')[0]! : null;
  return [
    token
      ? { labelKey: 'pages.cluster.join.fields.token', value: '', valueKey: 'pages.review.summary.tokenPasted', params: { id: token } }
      : { labelKey: 'pages.cluster.join.fields.token', value: '', valueKey: 'pages.review.summary.tokenCreated', params: TTL },
    join.caCertHash
      ? { labelKey: 'pages.cluster.join.fields.caCertHash', value: join.caCertHash }
      : { labelKey: 'pages.cluster.join.fields.caCertHash', value: '', valueKey: 'pages.review.summary.pinFromKubeconfig' },
    join.apiServerEndpoint
      ? { labelKey: 'pages.cluster.join.fields.apiServerEndpoint', value: join.apiServerEndpoint }
      : { labelKey: 'pages.cluster.join.fields.apiServerEndpoint', value: '', valueKey: 'pages.review.summary.endpointFromKubeconfig' },
    {
      labelKey: 'pages.review.summary.clusterChanges',
      value: '',
      valueKey: token ? 'pages.review.summary.clusterChangesNode' : 'pages.review.summary.clusterChangesTokenAndNode',
      params: TTL,
    },
  ];
}

/** The steps that can ask for a restart (they install the Containers feature); Review warns whenever the plan has one. */
const RESTARTING_STEPS = ['docker', 'windows-features'] as const;

export function planMayRestart(stepIds: readonly string[]): boolean {
  return restartingStep(stepIds) !== null;
}

/** The step that may ask for the restart, for the warning to name it. */
export function restartingStep(stepIds: readonly string[]): (typeof RESTARTING_STEPS)[number] | null {
  return RESTARTING_STEPS.find((id) => stepIds.includes(id)) ?? null;
}
