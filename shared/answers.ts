/**
 * Answer file v1: the one shape the wizard fills and unattended runs read.
 * Field names are a public contract: add fields, never rename them.
 * Every refinement reports an i18n key (validation.*) as its message, so the
 * wizard and the CLI can both name the field and the fix in either language.
 */
import { z } from 'zod';
import { cidrContains, cidrsOverlap, isIpv4, isRfc1123NodeName, parseIpv4Cidr } from './validation/network.js';
import { hasControlCharacter, isAbsoluteAnyPath, isAbsoluteWindowsPath } from './validation/paths.js';
import { checkProxyUrl, isNoProxyEntry } from './validation/proxy-url.js';

export const TOPOLOGIES = ['host-gateway', 'tor', 'flannel'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

export const RECIPES = ['docker-sdn'] as const;

const cidr = z.string().refine((v) => parseIpv4Cidr(v) !== null, { message: 'validation.cidr.invalid' });
const ipv4 = z.string().refine(isIpv4, { message: 'validation.ipv4.invalid' });
const windowsPath = z.string().refine(isAbsoluteWindowsPath, { message: 'validation.path.windowsAbsolute' });
const anyPath = z.string().refine(isAbsoluteAnyPath, { message: 'validation.path.absolute' });

const proxyUrl = z.string().superRefine((value, ctx) => {
  const problem = checkProxyUrl(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const ProxySchema = z
  .object({
    http: proxyUrl,
    https: proxyUrl,
    noProxy: z.array(z.string().refine(isNoProxyEntry, { message: 'validation.noProxy.entry' })).default([]),
    /** Add the cluster CIDR, service CIDR and master address to NO_PROXY (the usual need). */
    addClusterRanges: z.boolean().default(true),
  })
  .strict();

export const AnswersSchema = z
  .object({
    version: z.literal(1),
    recipe: z.enum(RECIPES).default('docker-sdn'),
    installDir: windowsPath.default('C:\\k'),
    kubernetesVersion: z
      .string()
      .refine((v) => v === 'match-cluster' || /^v?\d+\.\d+\.\d+$/.test(v), { message: 'validation.kubernetesVersion' })
      .default('match-cluster'),
    cluster: z
      .object({
        kubeconfigPath: anyPath,
        context: z.string().min(1).max(253).optional(),
      })
      .strict(),
    proxy: ProxySchema.nullable().default(null),
    network: z
      .object({
        topology: z.enum(TOPOLOGIES).default('host-gateway'),
        clusterCidr: cidr.default('192.168.0.0/16'),
        serviceCidr: cidr.default('11.0.0.0/16'),
        dnsServiceIp: ipv4.default('11.0.0.10'),
        masterIp: ipv4,
        interfaceAlias: z
          .string()
          .min(1)
          .max(128)
          .refine((v) => !hasControlCharacter(v) && !v.includes('"'), { message: 'validation.interfaceAlias' })
          .default('Ethernet'),
      })
      .strict(),
    nodeName: z.string().refine(isRfc1123NodeName, { message: 'validation.nodeName' }).optional(),
    /**
     * The microsoft/windowsservercore (or nanoserver) tag the pause image is built from; unset: the tag
     * for this host's build. Set it when the registry's image for that tag targets another build (T8).
     */
    baseImageTag: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,128}$/, { message: 'validation.baseImageTag' })
      .optional(),
    services: z
      .object({
        /** kubelet and kube-proxy as Windows services (survive restarts) or the guide's console windows. */
        runAs: z.enum(['windows-service', 'console']).default('windows-service'),
      })
      .strict()
      .default({ runAs: 'windows-service' }),
    downloads: z
      .object({
        /** A local folder or zip holding the same files, for sites without internet. */
        offlineSource: anyPath.nullable().default(null),
        /** Extra CA certificates (PEM) for TLS-intercepting proxies. */
        extraCaFile: anyPath.nullable().default(null),
      })
      .strict()
      .default({ offlineSource: null, extraCaFile: null }),
    verify: z
      .object({
        sampleService: z.boolean().default(true),
        portMapping: z.boolean().default(true),
      })
      .strict()
      .default({ sampleService: true, portMapping: true }),
  })
  .strict()
  .superRefine((answers, ctx) => {
    const cluster = parseIpv4Cidr(answers.network.clusterCidr);
    const service = parseIpv4Cidr(answers.network.serviceCidr);
    if (cluster && service && cidrsOverlap(cluster, service)) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'serviceCidr'],
        message: 'validation.cidr.overlap',
        params: { other: 'network.clusterCidr', value: answers.network.serviceCidr, otherValue: answers.network.clusterCidr },
      });
    }
    if (service && isIpv4(answers.network.dnsServiceIp) && !cidrContains(service, answers.network.dnsServiceIp)) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'dnsServiceIp'],
        message: 'validation.dnsOutsideService',
        params: { value: answers.network.dnsServiceIp, serviceCidr: answers.network.serviceCidr },
      });
    }
    if (cluster && isIpv4(answers.network.masterIp) && cidrContains(cluster, answers.network.masterIp)) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'masterIp'],
        message: 'validation.masterInClusterCidr',
        params: { value: answers.network.masterIp, clusterCidr: answers.network.clusterCidr },
      });
    }
  });

/** Answers as written in a file (defaults optional). */
export type AnswersInput = z.input<typeof AnswersSchema>;
/** Answers after validation, with every default filled in. */
export type Answers = z.output<typeof AnswersSchema>;

/** A complete, valid example: what `winjoin answers example` prints. */
export function exampleAnswers(): Answers {
  return AnswersSchema.parse({
    version: 1,
    recipe: 'docker-sdn',
    installDir: 'C:\\k',
    kubernetesVersion: '1.9.1',
    cluster: { kubeconfigPath: 'C:\\Users\\Administrator\\Downloads\\admin.conf' },
    proxy: null,
    network: {
      topology: 'host-gateway',
      clusterCidr: '192.168.0.0/16',
      serviceCidr: '11.0.0.0/16',
      dnsServiceIp: '11.0.0.10',
      masterIp: '10.1.2.3',
      interfaceAlias: 'Ethernet',
    },
    verify: { sampleService: true, portMapping: true },
  });
}
