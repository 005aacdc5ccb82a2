/** The Review page's settings summary: what the join will use, one row per setting, secrets masked. */
import type { Answers } from '../../../shared/answers.js';

export interface SettingRow {
  /** i18n key of the label. */
  labelKey: string;
  value: string;
  /** i18n key of a value in words ("none", "the host name") instead of `value`. */
  valueKey?: string;
}

/** user:password@ in a proxy URL becomes ***@ : the summary is read aloud and screenshotted. */
function maskUrl(url: string): string {
  return url.replace(/^(https?:\/\/)[^/@\s]*@/i, '$1***@');
}

export function settingsSummary(answers: Answers): SettingRow[] {
  const words = (labelKey: string, value: string | null | undefined, noneKey: string): SettingRow =>
    value ? { labelKey, value } : { labelKey, value: '', valueKey: noneKey };
  const net = answers.network;
  return [
    { labelKey: 'pages.network.fields.masterIp.label', value: net.masterIp ?? '' },
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
    words('pages.network.advanced.baseImageTag.label', answers.baseImageTag, 'pages.review.summary.tagForBuild'),
    words('pages.network.advanced.offlineSource.label', answers.downloads.offlineSource, 'pages.review.summary.internet'),
  ];
}

/** Only the docker step can ask for a restart (the Containers feature); Review warns whenever the plan has it. */
export function planMayRestart(stepIds: readonly string[]): boolean {
  return stepIds.includes('docker');
}
