import { z } from 'zod';
import { parseAllowHosts } from './images/address-policy.ts';
import { parseTrustedProxies } from './protection/client-address.ts';
import { parseCorsOrigins } from './protection/cors.ts';
import { DEFAULT_COLD_THRESHOLD, DEFAULT_NEW_ITEM_SLOTS, DEFAULT_NEW_ITEM_WITHIN } from './defaults.ts';

export { DEFAULT_COLD_THRESHOLD, DEFAULT_NEW_ITEM_SLOTS, DEFAULT_NEW_ITEM_WITHIN };

/** The api's configuration: the only file that reads process.env (style.md, guideline 2). */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  /** PostgreSQL; unset → the embedded PGlite database under FEWSHOT_DATA_DIR. */
  DATABASE_URL: z.string().optional(),
  FEWSHOT_DATA_DIR: z.string().optional(),
  REDIS_URL: z.string().optional(),
  /** `off` skips importing the bundled demo catalog into an empty database. */
  FEWSHOT_DEMO_CATALOG: z.enum(['on', 'off']).default('on'),
  /** Folder of posters named `<movieId>.jpg` to reference from the demo catalog, when present. */
  FEWSHOT_DEMO_IMAGES: z.string().optional(),
  /** Largest request body accepted, in bytes. */
  FEWSHOT_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_000_000),
  /** Origins allowed to call the api from a browser (CORS), comma-separated, `*` for any; unset: same-origin only. */
  FEWSHOT_CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value, context) => {
      const { origins, problems } = parseCorsOrigins(value);
      for (const message of problems) context.addIssue({ code: 'custom', message });
      return origins;
    }),
  /**
   * Hosts (`host` or `host:port`, comma-separated) an item's imageUrl may reach although they resolve to loopback,
   * private or link-local addresses, which are otherwise refused (SSRF protection); e.g. an internal image store.
   */
  FEWSHOT_IMAGE_FETCH_ALLOW_HOSTS: z
    .string()
    .optional()
    .transform((value, context) => {
      const { hosts, problems } = parseAllowHosts(value);
      for (const message of problems) context.addIssue({ code: 'custom', message });
      return hosts;
    }),
  /**
   * The bearer token Prometheus scrapes `GET /metrics` with (`Authorization: Bearer <token>`); unset: no metrics.
   * A secret of its own, because the api faces browsers.
   */
  FEWSHOT_METRICS_TOKEN: z.string().trim().min(16, 'at least 16 characters (e.g. `openssl rand -hex 24`)').optional(),
  /**
   * Requests a minute each caller may make to /graphql (0: no limit), counted in Redis across replicas when REDIS_URL
   * is set (protection/rate-limits.ts); a key's own limit (`fewshot keys limit`) overrides its role's. A frontend key
   * ships in pages, so it is counted per key and client address; merchandiser and admin keys per key (the console's
   * key is an admin's); requests without a valid key per address. Over it: HTTP 429 RATE_LIMITED with Retry-After.
   */
  FEWSHOT_RATE_LIMIT_FRONTEND: z.coerce.number().int().min(0).max(1_000_000).default(600),
  FEWSHOT_RATE_LIMIT_MERCHANDISER: z.coerce.number().int().min(0).max(1_000_000).default(1_200),
  FEWSHOT_RATE_LIMIT_ADMIN: z.coerce.number().int().min(0).max(1_000_000).default(0),
  FEWSHOT_RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(0).max(1_000_000).default(120),
  /**
   * Item images (`/images/items/<id>`) a client address may fetch a minute without an API key (0: no limit): a page's
   * <img> tags send none, and one page shows many (a list of 20, revalidated on each view). With a valid key an image
   * counts as that key's other requests.
   */
  FEWSHOT_RATE_LIMIT_IMAGES: z.coerce.number().int().min(0).max(1_000_000).default(1_200),
  /**
   * Proxies in front of the api whose `X-Forwarded-For` entries tell the client's address for per-address limits: a
   * count (a load balancer: 1), or their addresses and CIDR ranges (`10.0.0.0/8,loopback`). 0: the connection's own
   * peer, and the header is ignored (a client could forge it).
   */
  FEWSHOT_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, context) => {
      const { trusted, problems } = parseTrustedProxies(value);
      for (const message of problems) context.addIssue({ code: 'custom', message });
      return trusted;
    }),
  /** Set by `npm start`: an ADMIN API key for the console is kept in this file (mode 0600), made when missing or revoked. */
  FEWSHOT_CONSOLE_KEY_FILE: z.string().optional(),
  /** onnxruntime execution providers to try in order (`cuda,webgpu,cpu`); cpu is always the fallback. */
  FEWSHOT_EXECUTION_PROVIDERS: z.string().default('cpu'),
  /** Users with fewer events than this are cold: their recommendations adapt to their few events first. */
  FEWSHOT_COLD_THRESHOLD: z.coerce.number().int().min(0).max(10_000).default(DEFAULT_COLD_THRESHOLD),
  /**
   * Slots of each model-served list kept for items the version was not trained on (recommendations' `newItems` when a
   * request leaves it out): new items then get shown, and the events a next version learns them from. 0: none.
   */
  FEWSHOT_NEW_ITEM_SLOTS: z.coerce.number().int().min(0).max(100).default(DEFAULT_NEW_ITEM_SLOTS),
  /**
   * Fill a new-item slot only with a new item the user's scores rank within the top this-many of all (recommendations'
   * `newItemsWithin` when a request leaves it out): a slot is then spent only where a new item is near the list.
   * 0 (or `any`): any new item, however far down.
   */
  FEWSHOT_NEW_ITEM_WITHIN: z
    .string()
    .optional()
    .transform((value, context) => {
      const text = value?.trim().toLowerCase() ?? '';
      if (text === '') return DEFAULT_NEW_ITEM_WITHIN;
      if (text === 'any' || text === '0') return undefined;
      const within = Number(text);
      if (Number.isInteger(within) && within >= 1 && within <= 1_000_000) return within;
      context.addIssue({ code: 'custom', message: `FEWSHOT_NEW_ITEM_WITHIN: expected a whole number from 1 to 1,000,000 (how near the top a new item must rank to fill a slot), or 0 for any; got "${value}"` });
      return undefined;
    }),
  /** Cold users whose adapted modules are kept in memory (about 1.2 MB each). */
  FEWSHOT_ADAPTATION_CACHE: z.coerce.number().int().min(0).max(100_000).default(256),
  /**
   * Recommendation lists kept in memory until the user's events, an item or the model change (0: off). Kept only
   * while the database's change notifications arrive, so every replica forgets what another replica's write changed.
   */
  FEWSHOT_RESULT_CACHE: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  /** Item rows kept in memory for the lists' items until the item changes (0: off); same rule as the lists. */
  FEWSHOT_ITEM_CACHE: z.coerce.number().int().min(0).max(10_000_000).default(50_000),
  /**
   * Share of the lists answered to known users' frontends that are recorded for recommendationOutcomes (0 to 1; 0:
   * none). Each is one row of about 100 bytes, written in batches off the request.
   */
  FEWSHOT_SERVED_LIST_SAMPLE: z.coerce.number().min(0).max(1).default(1),
  /** Days a recorded list is kept (its outcome can be asked for that long). */
  FEWSHOT_SERVED_LIST_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  /** Worker threads that adapt cold users off the request thread; 0 adapts in it. Default: cores − 1, at least 1. */
  FEWSHOT_ADAPTATION_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  /** How often each replica asks the database which model version is active, in milliseconds. */
  FEWSHOT_MODEL_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(3_000),
  /**
   * How often each replica checks the running trial's guardrails, in milliseconds (0: never). Each check reads the
   * trial's lists since it started; acting takes the lifecycle lock, so replicas never act twice.
   */
  FEWSHOT_TRIAL_CHECK_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
  /** BullMQ's key prefix in Redis: deployments (or tests) sharing one Redis keep apart by prefix. */
  FEWSHOT_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only').default('fewshot'),
  /**
   * `embedded`: the api process also runs the job workers (the default on the embedded PGlite database, which one
   * process owns); `off`: only separate worker processes (`npm run worker`) run jobs (the default on PostgreSQL).
   */
  FEWSHOT_WORKERS: z.enum(['embedded', 'off']).optional(),
  /** Jobs one worker process runs at once, per queue: training apart, so it never starves item warm-ups. */
  FEWSHOT_TRAIN_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  FEWSHOT_FEATURES_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  FEWSHOT_WARMUP_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * A job's lock in milliseconds: a worker that died is noticed (and its job retried) after about this long. At least
   * 5 s: trainings run in a thread of their own, but a feature batch or a database read can still hold a worker's
   * event loop for a second or so on a busy machine, and a lock that lapses meanwhile makes a live job look stalled.
   */
  FEWSHOT_JOB_LOCK_MS: z.coerce.number().int().min(5_000).max(600_000).default(30_000),
  /** How long an item write waits for its features and warm-up before answering with the job to follow. */
  FEWSHOT_ONBOARDING_WAIT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** `off`: on a first start with the demo catalog, queue neither its features nor a first training. */
  FEWSHOT_FIRST_TRAINING: z.enum(['on', 'off']).default('on'),
});

export type Env = z.infer<typeof schema>;

/** What the `fewshot` command reads besides its options; nothing here can be invalid, so a CLI error never hides. */
const cliSchema = z.object({
  /** Set: print stack traces of CLI errors. */
  FEWSHOT_DEBUG: z.string().optional(),
  /** A Python with torch for `bench train-step`'s PyTorch baseline; unset: /usr/bin/python3, then python3. */
  FEWSHOT_PYTHON: z.string().optional(),
});

export type CliEnv = z.infer<typeof cliSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

export function readCliEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  return cliSchema.parse(source);
}
