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

export const TOPOLOGIES = ['host-gateway', 'tor', 'flannel', 'calico-vxlan'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

export const RECIPES = ['docker-sdn', 'containerd-kubeadm'] as const;
export type RecipeId = (typeof RECIPES)[number];

/** Which topologies each recipe can build: the 2018 scripts know no Calico, the modern join knows nothing else (reference H2, H3). */
export const RECIPE_TOPOLOGIES: Record<RecipeId, readonly Topology[]> = {
  'docker-sdn': ['host-gateway', 'tor', 'flannel'],
  'containerd-kubeadm': ['calico-vxlan'],
};

/**
 * The containerd release a containerd-kubeadm join installs unless the answers
 * say otherwise: 2.3 is an LTS branch (supported to 2028-04) and its default
 * sandbox image has a native ltsc2025 variant (reference §2.2, H7).
 */
export const DEFAULT_CONTAINERD_VERSION = '2.3.4';

/** kubeadm's bootstrap token shape (cluster-bootstrap BootstrapTokenPattern): a public id and a 16-character secret. */
export const BOOTSTRAP_TOKEN_PATTERN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
/** A discovery CA pin: sha256 of the CA's SubjectPublicKeyInfo; kubeadm accepts upper-case hex too. */
export const CA_CERT_HASH_PATTERN = /^sha256:[0-9a-fA-F]{64}$/;

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

/** host:port, a bracketed IPv6 address with a port, or an https:// URL with no path (what kubeadm join takes). */
function isApiServerEndpoint(value: string): boolean {
  const bare = value.replace(/^https:\/\//, '').replace(/\/$/, '');
  if (bare.includes('/') || hasControlCharacter(bare) || /\s|"/.test(bare)) return false;
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(bare);
  return m !== null && Number(m[2]) > 0 && Number(m[2]) < 65536;
}

/** How long a token WinJoin creates (join.token null) stays valid: long enough for a join that waits for a restart, far shorter than kubeadm's 24 h. */
export const CREATED_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

export const JoinSchema = z
  .object({
    /** "<id>.<secret>", or null: WinJoin creates a short-lived bootstrap token through the API with the kubeconfig. */
    token: z
      .string()
      .refine((v) => BOOTSTRAP_TOKEN_PATTERN.test(v), { message: 'validation.join.token' })
      .nullable()
      .default(null),
    /** "sha256:<64 hex>", or null: computed from the kubeconfig's CA and shown for confirmation. */
    caCertHash: z
      .string()
      .refine((v) => CA_CERT_HASH_PATTERN.test(v), { message: 'validation.join.caCertHash' })
      .nullable()
      .default(null),
    /** "host:port" kubeadm discovers the cluster at, or null: the kubeconfig's server. */
    apiServerEndpoint: z.string().refine(isApiServerEndpoint, { message: 'validation.join.apiServerEndpoint' }).nullable().default(null),
  })
  .strict();

/** What an unattended run does when a step needs Windows restarted (answers.restart.when). */
export const RESTART_CHOICES = ['later', 'now', 'scheduled'] as const;

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
        /**
         * Consent to change the cluster (containerd-kubeadm): create the
         * kube-proxy-windows DaemonSet and apply the Calico Windows settings
         * the prerequisite checks found missing. false: only report them.
         */
        applyPrerequisites: z.boolean().default(false),
      })
      .strict(),
    proxy: ProxySchema.nullable().default(null),
    network: z
      .object({
        topology: z.enum(TOPOLOGIES).default('host-gateway'),
        clusterCidr: cidr.default('192.168.0.0/16'),
        serviceCidr: cidr.default('11.0.0.0/16'),
        dnsServiceIp: ipv4.default('11.0.0.10'),
        /** Required by docker-sdn (its scripts route to it); containerd-kubeadm discovers the API server through kubeadm. */
        masterIp: ipv4.optional(),
        interfaceAlias: z
          .string()
          .min(1)
          .max(128)
          .refine((v) => !hasControlCharacter(v) && !v.includes('"'), { message: 'validation.interfaceAlias' })
          .default('Ethernet'),
      })
      .strict(),
    /** containerd-kubeadm: how the node proves itself to the cluster (kubeadm discovery). */
    join: JoinSchema.default({ token: null, caCertHash: null, apiServerEndpoint: null }),
    containerd: z
      .object({
        version: z
          .string()
          .refine((v) => /^\d+\.\d+\.\d+$/.test(v), { message: 'validation.containerdVersion' })
          .default(DEFAULT_CONTAINERD_VERSION),
      })
      .strict()
      .default({ version: DEFAULT_CONTAINERD_VERSION }),
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
        /**
         * The admin's own digests, by the file name `winjoin plan` prints: what vouches offline for a file
         * WinJoin pins no digest for (its digest is published only beside it, on the network), read on a
         * connected machine. Online they replace the published digest. electron/join/answer-digests.ts.
         */
        digests: z
          .record(
            z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}$/, { message: 'validation.downloadDigest.fileName' }),
            z.string().regex(/^(sha256:[0-9a-fA-F]{64}|sha512:[0-9a-fA-F]{128})$/, { message: 'validation.downloadDigest.value' }),
          )
          .default({}),
      })
      .strict()
      .default({ offlineSource: null, extraCaFile: null, digests: {} }),
    verify: z
      .object({
        sampleService: z.boolean().default(true),
        portMapping: z.boolean().default(true),
      })
      .strict()
      .default({ sampleService: true, portMapping: true }),
    /**
     * An unattended run's answer when a step needs Windows restarted: later (exit 3010, the fleet tool
     * restarts), now, or scheduled at `at` (24-hour HH:MM, this server's local time, its next occurrence);
     * now and scheduled arrange the resume at the next logon and exit 1641. Unset: later.
     */
    restart: z
      .object({
        when: z.enum(RESTART_CHOICES).default('later'),
        at: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.restartAt' })
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((answers, ctx) => {
    if (!RECIPE_TOPOLOGIES[answers.recipe].includes(answers.network.topology)) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'topology'],
        message: 'validation.topologyForRecipe',
        params: { value: answers.network.topology, recipe: answers.recipe, options: RECIPE_TOPOLOGIES[answers.recipe].join(', ') },
      });
    }
    if (answers.restart && (answers.restart.when === 'scheduled') !== (answers.restart.at !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['restart', 'at'],
        message: answers.restart.at === undefined ? 'validation.restartAtRequired' : 'validation.restartAtUnused',
        params: { when: answers.restart.when },
      });
    }
    if (answers.recipe === 'docker-sdn' && answers.network.masterIp === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'masterIp'],
        message: 'validation.masterIpRequired',
        params: { recipe: answers.recipe },
      });
    }
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
    if (
      cluster &&
      answers.network.masterIp !== undefined &&
      isIpv4(answers.network.masterIp) &&
      cidrContains(cluster, answers.network.masterIp)
    ) {
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

/** A complete, valid example: what `winjoin answers example [--recipe R]` prints. */
export function exampleAnswers(recipe: RecipeId = 'docker-sdn'): Answers {
  if (recipe === 'containerd-kubeadm') return exampleContainerdKubeadmAnswers();
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
    restart: { when: 'later' },
  });
}

/**
 * The modern join: versions follow the cluster, the token and CA pin are
 * created and computed through the API (null), and kubeadm's own defaults
 * for a Calico cluster (pods 192.168.0.0/16, services 10.96.0.0/12).
 */
function exampleContainerdKubeadmAnswers(): Answers {
  return AnswersSchema.parse({
    version: 1,
    recipe: 'containerd-kubeadm',
    installDir: 'C:\\k',
    kubernetesVersion: 'match-cluster',
    cluster: { kubeconfigPath: 'C:\\Users\\Administrator\\Downloads\\admin.conf', applyPrerequisites: false },
    proxy: null,
    network: {
      topology: 'calico-vxlan',
      clusterCidr: '192.168.0.0/16',
      serviceCidr: '10.96.0.0/12',
      dnsServiceIp: '10.96.0.10',
      interfaceAlias: 'Ethernet',
    },
    join: { token: null, caCertHash: null, apiServerEndpoint: null },
    containerd: { version: DEFAULT_CONTAINERD_VERSION },
    verify: { sampleService: true, portMapping: true },
    restart: { when: 'later' },
  });
}
