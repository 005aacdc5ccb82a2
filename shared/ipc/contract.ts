/**
 * The one IPC contract. Channel name -> request and response schemas. The
 * preload bridge, the main-process handlers, the preview bridge and the
 * renderer's calls are all typed from this map; main validates every request
 * payload against it. Channel names are `domain:action` and never renamed.
 */
import { z } from 'zod';
import { AnswersSchema, ProxySchema, RECIPES } from '../answers.js';
import { CLUSTER_CHECK_IDS } from '../cluster-checks.js';
import { ERROR_CODES } from '../errors.js';
import { JournalEventSchema } from '../events.js';
import { PlanSchema, StepIdSchema } from '../plan.js';
import { SECRET_FIELDS } from '../secret-refs.js';
import { JoinStateSchema } from '../state.js';
import { JournalBatchSchema } from './journal-batch.js';

const Empty = z.object({}).strict();

const FieldErrorSchema = z.object({ field: z.string(), key: z.string(), params: z.record(z.string(), z.string()) });

/** A WinJoinError as it crosses the wire: a stable code, its message and values. */
const ErrorShapeSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string(), params: z.record(z.string(), z.string()).optional() });

/** What main did with the restart question: resume at logon arranged, restarting now, a rehearsal, the scheduled time. */
const RestartAnswerSchema = z.object({
  scheduled: z.boolean(),
  restarting: z.boolean(),
  simulated: z.boolean(),
  restartAt: z.string().nullable(),
});

export const AppInfoSchema = z.object({
  version: z.string(),
  shell: z.enum(['electron', 'preview']),
  platform: z.string(),
  /** The OS display languages, most preferred first (Electron: app.getPreferredSystemLanguages); empty in the preview. */
  systemLanguages: z.array(z.string()).default([]),
  stateDir: z.string(),
  rehearsal: z.object({
    enabled: z.boolean(),
    scenario: z.string().nullable(),
    scenarios: z.array(z.string()),
    /** The simulated cluster's kubeconfig, offered on the Cluster access page of a rehearsal. */
    kubeconfigPath: z.string().nullable(),
  }),
});

/** The window's accent colour as the renderer gets it: `#rrggbb`, or null (none known: Fluent's own brand colours). */
export const AccentSchema = z.object({
  accent: z
    .string()
    .regex(/^#[0-9a-f]{6}$/)
    .nullable(),
});

export const CheckResultSchema = z.object({
  id: z.string(),
  status: z.enum(['pass', 'warn', 'fail']),
  detail: z.string().optional(),
  fixKey: z.string().optional(),
  detailKey: z.string().optional(),
  detailParams: z.record(z.string(), z.string()).optional(),
  /** A fix WinJoin can apply itself (e.g. "install-docker"), if any. */
  fixAction: z.string().optional(),
});

export const KubeconfigFindingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  params: z.record(z.string(), z.string()).default({}),
  line: z.number().int().optional(),
});

export const KubeconfigInspectionSchema = z.object({
  path: z.string(),
  usable: z.boolean(),
  contexts: z.array(z.object({ name: z.string(), cluster: z.string(), user: z.string() })),
  currentContext: z.string().nullable(),
  server: z.string().nullable(),
  findings: z.array(KubeconfigFindingSchema),
});

export const ClusterProbeSchema = z.object({
  ok: z.boolean(),
  server: z.string().nullable(),
  serverVersion: z.string().nullable(),
  nodes: z.array(z.object({ name: z.string(), os: z.string().nullable(), podCidr: z.string().nullable(), ready: z.boolean() })),
  podCidrsAllocated: z.boolean().nullable(),
  dnsServiceIp: z.string().nullable(),
  /** kubeadm-config's networking, when the cluster was set up with kubeadm and the kubeconfig may read it. */
  kubeadmNetworking: z.object({ podSubnet: z.string().nullable(), serviceSubnet: z.string().nullable() }).nullable().default(null),
  /** The node version the skew policy recommends for this server ("match-cluster"). */
  recommendedVersion: z.string().nullable(),
  /** The recipe WinJoin proposes for this server (recipe-policy.ts), and which ones can work and why not. */
  proposedRecipe: z.enum(RECIPES).nullable().default(null),
  recipes: z
    .array(
      z.object({ id: z.enum(RECIPES), works: z.boolean(), reasonKey: z.string().nullable(), params: z.record(z.string(), z.string()) }),
    )
    .default([]),
  error: ErrorShapeSchema.nullable(),
});

/** Cluster readiness of a containerd-kubeadm join (electron/service/cluster-readiness.ts). */
export const ClusterReadinessSchema = z.object({
  checks: z.array(
    z.object({
      id: z.enum(CLUSTER_CHECK_IDS),
      status: z.enum(['pass', 'warn', 'fail']),
      detailKey: z.string(),
      params: z.record(z.string(), z.string()),
      fixable: z.boolean(),
    }),
  ),
  /** The exact requests Apply sends, per check; shown before the click. */
  changes: z.array(
    z.object({
      checkId: z.enum(CLUSTER_CHECK_IDS),
      method: z.enum(['POST', 'PUT']),
      path: z.string(),
      body: z.record(z.string(), z.unknown()),
    }),
  ),
  applied: z.array(z.enum(CLUSTER_CHECK_IDS)),
  /** Never the token: its id once pasted, null while WinJoin is still to create one when the join starts. */
  credentials: z
    .object({
      tokenId: z.string().nullable(),
      caCertHash: z.string(),
      endpoint: z.string(),
      tokenCreated: z.boolean(),
      tokenExpires: z.string().nullable(),
      caCertHashSource: z.enum(['answers', 'kubeconfig']),
    })
    .nullable(),
  error: ErrorShapeSchema.nullable(),
  knownProblems: z.array(z.string()),
  serverVersion: z.string().nullable(),
});

export const calls = {
  /** Which shell we run in, the state directory, and whether this is a rehearsal. */
  'app:info': { request: Empty, response: AppInfoSchema },
  /**
   * The system accent colour the window wears (Electron: systemPreferences.getAccentColor on Windows and
   * macOS); null where none is known, as in the browser preview. Changes follow as the app:accent event.
   */
  'app:accent': { request: Empty, response: AccentSchema },
  /** A complete valid answer file, as `winjoin answers example` prints. */
  'answers:example': { request: Empty, response: AnswersSchema },
  /** Validates answers; errors name the field and an i18n key for the fix. */
  'answers:validate': {
    request: z.object({ answers: z.unknown() }).strict(),
    response: z.object({ ok: z.boolean(), errors: z.array(FieldErrorSchema) }),
  },
  /**
   * Saves the answers as a file the unattended mode can read. Secrets (proxy
   * passwords, a join token) become { fromEnv } references named in
   * `references`, unless includeSecrets: then the file the user picks holds
   * them. The state directory's copy never does (the preview has only that one).
   */
  'answers:save': {
    request: z.object({ answers: AnswersSchema, includeSecrets: z.boolean().default(false) }).strict(),
    response: z.object({
      path: z.string().nullable(),
      content: z.string(),
      references: z.array(z.object({ field: z.enum(SECRET_FIELDS), fromEnv: z.string() })),
      secretsIncluded: z.boolean(),
    }),
  },
  /** The plan the answers would run, with every script and its parameters (secrets masked). */
  'plan:preview': { request: z.object({ answers: AnswersSchema }).strict(), response: PlanSchema },
  /** Runs the prerequisite checks on their own, for the Prerequisites page. */
  'preflight:run': {
    request: z.object({ answers: AnswersSchema.optional() }).strict(),
    response: z.object({ checks: z.array(CheckResultSchema), error: z.string().nullable() }),
  },
  /** Starts a join. Refused while another join is running on this state directory. */
  'join:start': {
    request: z.object({ answers: AnswersSchema }).strict(),
    response: z.object({ runId: z.string() }),
  },
  /**
   * Continues an interrupted or restart-pending join at its first unfinished step.
   * entered: secrets typed in the wizard that this process no longer has (after a
   * restart), typed again by the admin; main checks each against the saved join
   * and keeps them in memory only.
   */
  'join:resume': {
    request: z
      .object({
        entered: z
          .array(z.object({ field: z.enum(SECRET_FIELDS), value: z.string().min(1).max(4096) }).strict())
          .max(SECRET_FIELDS.length)
          .optional(),
      })
      .strict(),
    response: z.object({ runId: z.string() }),
  },
  'join:cancel': { request: Empty, response: Empty },
  /** Runs a failed step again (after the user applied the fix), then the rest. */
  'join:retry': { request: z.object({ stepId: StepIdSchema }).strict(), response: Empty },
  /**
   * Undoes the join this machine holds (winjoin reset): the node drained and
   * deleted, each step's undo in the recipe's reset order. runId: the reset's,
   * whose journal events (reset.started ... reset.finished) follow on
   * journal:events; null when this state directory holds no join.
   */
  'join:reset': { request: Empty, response: z.object({ runId: z.string().nullable() }) },
  /** The current state, or null when no join has started in this state directory. */
  'join:state': { request: Empty, response: JoinStateSchema.nullable() },
  /** Journal events after a sequence number, for a view that (re)connects mid-run. */
  'journal:read': {
    request: z.object({ afterSeq: z.number().int().nonnegative(), limit: z.number().int().positive().max(50_000) }).strict(),
    response: z.object({ events: z.array(JournalEventSchema), lastSeq: z.number().int().nonnegative() }),
  },
  /** Native file picker (Electron only); the preview uses a file input and kubeconfig:import. */
  'kubeconfig:pick': { request: Empty, response: z.object({ path: z.string() }).nullable() },
  /** Stores a kubeconfig the user dropped or chose in a browser, returns where it was kept. */
  'kubeconfig:import': {
    request: z.object({ fileName: z.string().max(255), content: z.string().max(1_000_000) }).strict(),
    response: z.object({ path: z.string() }),
  },
  /** Parses a kubeconfig: contexts, server, and what kubelet on Windows cannot use. */
  'kubeconfig:inspect': {
    request: z.object({ path: z.string(), context: z.string().optional() }).strict(),
    response: KubeconfigInspectionSchema,
  },
  /** Connects to the cluster the kubeconfig names (through the proxy rules) and reads what the join needs. */
  'cluster:probe': {
    request: z.object({ kubeconfigPath: z.string(), context: z.string().optional(), proxy: ProxySchema.nullable().optional() }).strict(),
    response: ClusterProbeSchema,
  },
  /**
   * containerd-kubeadm: the control-plane checks and the join credentials, as the
   * join's gate will check them, changing nothing and creating no token; `apply`
   * names the checks the user clicked Apply on, fixed through the API first.
   */
  'cluster:readiness': {
    request: z
      .object({ answers: AnswersSchema, apply: z.array(z.enum(CLUSTER_CHECK_IDS)).max(CLUSTER_CHECK_IDS.length).default([]) })
      .strict(),
    response: ClusterReadinessSchema,
  },
  /** The ticket summary as it stands, without writing a bundle (Copy works before Export). */
  'bundle:summary': { request: Empty, response: z.object({ ticketSummary: z.string() }) },
  /** Writes the redacted support bundle; the desktop app asks where, the preview keeps it in the state directory. */
  'bundle:export': {
    request: Empty,
    response: z.object({ path: z.string().nullable(), bytes: z.number(), knownProblems: z.array(z.string()), ticketSummary: z.string() }),
  },
  /** Where the logs are; the desktop app also opens the folder. */
  'logs:openFolder': { request: Empty, response: z.object({ path: z.string() }) },
  /**
   * After a step asked for a restart: arrange for WinJoin to resume at the next
   * logon, and restart now, at a chosen time (`at`, with its UTC offset; main
   * checks it is ahead and within MAX_SCHEDULE_DAYS, shared/restart-schedule.ts),
   * or leave it to the administrator. A rehearsal restarts its simulated machine
   * instead. `scheduled` says the resume at logon is arranged; `restartAt` when
   * Windows restarts by itself, if it was scheduled.
   */
  'system:restart': {
    request: z.discriminatedUnion('when', [
      z.object({ when: z.literal('now') }).strict(),
      z.object({ when: z.literal('later') }).strict(),
      z.object({ when: z.literal('scheduled'), at: z.iso.datetime({ offset: true }) }).strict(),
    ]),
    response: RestartAnswerSchema,
  },
  /** Cancels a scheduled restart (shutdown /a); the resume at the next logon stays arranged. */
  'system:cancelRestart': { request: Empty, response: RestartAnswerSchema },
  /** Whether a restart is scheduled (the card shows it again after WinJoin reopened) and whether a rehearsal's happened. */
  'system:restartStatus': {
    request: Empty,
    response: z.object({ restartAt: z.string().nullable(), simulated: z.boolean(), simulatedRestarted: z.boolean() }),
  },
} as const;

export const events = {
  /** Journal events in batches, in seq order, after they reached the disk; output lines packed into runs (journal-batch.ts). */
  'journal:events': JournalBatchSchema,
  /** The join state after every step transition. */
  'join:state': JoinStateSchema,
  /** The user chose another accent colour in the system settings (desktop app only). */
  'app:accent': AccentSchema,
} as const;

export type CallName = keyof typeof calls;
export type EventName = keyof typeof events;
export type CallRequest<K extends CallName> = z.input<(typeof calls)[K]['request']>;
export type CallResponse<K extends CallName> = z.output<(typeof calls)[K]['response']>;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** What crosses the wire for a call: a result, or an error with a stable code. */
export type Envelope<T> =
  { ok: true; result: T } | { ok: false; error: { code: string; message: string; params?: Record<string, string> } };

/**
 * The raw bridge: what the preload exposes as window.winjoin and what the
 * preview bridge implements over loopback HTTP. The renderer never uses it
 * directly; shared/ipc/client.ts wraps it in typed calls.
 */
export interface RawBridge {
  invoke(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** The handlers main and the preview bridge register: one per call, typed from the contract. */
export type Handlers = { [K in CallName]: (request: z.output<(typeof calls)[K]['request']>) => Promise<CallResponse<K>> };

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(calls, value);
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}
