/**
 * The pg-boss driver of a sharded daily run: one job per shard and date on a pg-boss queue, run by
 * as many worker processes as you start, each job `engine.runShard({ asOf: date, shard, shards })`.
 *
 * pg-boss is not imported here: you create, start and stop your `PgBoss` instance and hand it in
 * (only its type is named), so `rmr-billing/postgres` loads without it.
 */
import { createHash } from "node:crypto";
import type PgBoss from "pg-boss";
import { isCalendarDate, isValidTimeZone, toCalendarDate, type CalendarDate } from "../../calendar/index.js";
import { ErrorCodes, IssueCollector, ValidationError } from "../../errors/index.js";

/**
 * What the driver needs of the engine: `runShard`. A `BillingEngine` is one; so is anything with
 * the same method (a wrapper that logs, say).
 */
export interface ShardRunner {
  /** Runs the accounts of one shard up to `asOf` (see `BillingEngine.runShard`). */
  runShard(options: { readonly asOf: CalendarDate; readonly shard: number; readonly shards: number }): Promise<ShardRunReport>;
}

/** The part of the engine's run report a shard job keeps as its output. */
export interface ShardRunReport {
  /** Contracts looked at (of this shard). */
  readonly contracts: number;
  /** Invoices issued. */
  readonly invoicesIssued: number;
  /** Messages accepted by the notifier. */
  readonly messagesSent: number;
  /** Contracts the run could not handle (each raised an exception for a person). */
  readonly errors: readonly ShardRunError[];
}

/** A contract a shard's run could not handle. */
export interface ShardRunError {
  /** The contract. */
  readonly contractId: string;
  /** Why. */
  readonly message: string;
}

/** The pg-boss methods the driver calls: a started `PgBoss` has them all. */
export type ShardQueueBoss = Pick<PgBoss, "createQueue" | "send" | "work" | "offWork" | "getJobById" | "retry" | "resume" | "schedule" | "unschedule">;

/** Options of {@link createShardedRun}. */
export interface ShardedRunOptions {
  /** A started pg-boss (10.x) over the database the workers share (`await new PgBoss(url).start()`). */
  readonly boss: ShardQueueBoss;
  /** The engine each job runs a shard on. */
  readonly engine: ShardRunner;
  /** How many shards a day is split into; every process must use the same number. */
  readonly shards: number;
  /** The queue's name (default `"rmr-billing-shards"`); the daily schedule's queue is this with `-daily` after it. */
  readonly queue?: string;
  /**
   * Seconds a shard job may run before pg-boss takes its worker for dead and queues it again
   * (default 900). Keep it above your longest shard: a job that overruns is retried while the first
   * run may still be going (harmless — the engine does nothing twice — but work done twice).
   */
  readonly expireInSeconds?: number;
  /** How many times a failed or expired shard job is tried again (default 5). */
  readonly retryLimit?: number;
  /** Seconds between a failure and the next try (default 30). */
  readonly retryDelaySeconds?: number;
}

/** Options of {@link ShardedRun.work}. */
export interface ShardWorkOptions {
  /** Shard jobs this process runs at once (default 1). */
  readonly concurrency?: number;
  /** How often an idle worker asks for a job, in seconds (default 2; pg-boss's minimum is 0.5). */
  readonly pollingIntervalSeconds?: number;
}

/** What {@link ShardedRun.enqueue} did for each shard of the date. */
export interface EnqueueReport {
  /** The date. */
  readonly date: CalendarDate;
  /** Shards given a new job. */
  readonly queued: readonly number[];
  /** Shards whose job was already waiting or running: left alone. */
  readonly pending: readonly number[];
  /** Shards whose job had failed every try: tried again. */
  readonly retried: readonly number[];
  /** Shards already done for the date: left alone. */
  readonly completed: readonly number[];
}

/** The state of one date's run, from its shard jobs. */
export interface DateRunStatus {
  /** The date. */
  readonly date: CalendarDate;
  /** How many shards the date is split into. */
  readonly shards: number;
  /** Shards whose job completed. */
  readonly completed: readonly number[];
  /** Shards whose job waits to start or to be tried again. */
  readonly waiting: readonly number[];
  /** Shards whose job is running (or whose worker died and pg-boss has not noticed yet). */
  readonly active: readonly number[];
  /** Shards whose job failed every try (or was cancelled): `enqueue` the date again once the cause is fixed. */
  readonly failed: readonly number[];
  /** Shards with no job (never enqueued, or deleted by pg-boss's retention). */
  readonly missing: readonly number[];
  /** Every shard completed: the date's run is done. */
  readonly complete: boolean;
}

/** A sharded daily run on a pg-boss queue; see {@link createShardedRun}. */
export interface ShardedRun {
  /** The shard jobs' queue. */
  readonly queue: string;
  /** The daily schedule's queue. */
  readonly dailyQueue: string;
  /**
   * Queues one job per shard for the date (`asOf` the day; singleton key `"<date>:<shard>"` and
   * an id derived from queue, date, shards and shard), so however often it is called, by however
   * many processes, a date's shard has one job: a shard waiting, running or done is left alone, one
   * that failed every try is tried again.
   */
  enqueue(date: CalendarDate): Promise<EnqueueReport>;
  /** Starts this process's workers on the shard queue and the daily queue. */
  work(options?: ShardWorkOptions): Promise<void>;
  /** Stops this process's workers (a job running finishes first only if you stop pg-boss gracefully). */
  stopWork(): Promise<void>;
  /**
   * A daily schedule: at each `cron` time (5 fields, read in `timeZone`) pg-boss queues a job on the
   * daily queue, and a worker turns it into the shard jobs of that day — the date the schedule
   * fired on in `timeZone`. One schedule per queue: calling it again replaces it.
   */
  schedule(cron: string, timeZone: string): Promise<void>;
  /** Removes the daily schedule. */
  unschedule(): Promise<void>;
  /** Which of the date's shards are done, waiting, running, failed or missing. */
  status(date: CalendarDate): Promise<DateRunStatus>;
}

/** The data of a shard job. */
interface ShardJobData {
  readonly asOf: CalendarDate;
  readonly shard: number;
  readonly shards: number;
}

/** The data of a daily job. */
interface DailyJobData {
  readonly timeZone: string;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * A sharded daily run driven by [pg-boss](https://github.com/timgit/pg-boss) 10.x over the
 * PostgreSQL database the workers share: `enqueue(date)` queues one job per shard, every process
 * that calls `work()` takes jobs and runs `engine.runShard` for each, and `schedule(cron, tz)`
 * makes pg-boss enqueue each day by itself. A worker that dies (a deploy, an OOM kill) leaves its
 * job active until `expireInSeconds` pass; pg-boss then hands it to another worker, whose run
 * finishes the shard — the engine's idempotency keys make the second run skip what the first did.
 * `status(date)` says when every shard is done.
 *
 * @throws `ValidationError` listing every bad option (shards, queue name, seconds, limits)
 * @example
 * ```js
 * import PgBoss from "pg-boss";
 * import { createBillingEngine } from "rmr-billing";
 * import { createPostgresStore, createShardedRun } from "rmr-billing/postgres";
 *
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL });
 * await store.migrate();
 * const engine = createBillingEngine({ store, gateway, notifier, clock });
 * const boss = new PgBoss(process.env.DATABASE_URL);
 * await boss.start();
 *
 * const run = createShardedRun({ boss, engine, shards: 16 });
 * await run.work({ concurrency: 1 });                   // in every worker process
 * await run.schedule("0 6 * * *", "America/Chicago");   // once, anywhere: each day at 06:00
 * await run.enqueue("2027-01-01");                      // or queue a day yourself (again is harmless)
 * (await run.status("2027-01-01")).complete;            // true once all 16 shards are done
 * ```
 */
export function createShardedRun(options: ShardedRunOptions): ShardedRun {
  const issues = new IssueCollector();
  const { boss, engine, shards } = options;
  const queue = options.queue ?? "rmr-billing-shards";
  const expireInSeconds = options.expireInSeconds ?? 900;
  const retryLimit = options.retryLimit ?? 5;
  const retryDelay = options.retryDelaySeconds ?? 30;
  if (!Number.isSafeInteger(shards) || shards < 1) issues.add(["shards"], ErrorCodes.invalidValue, `expected a whole number of shards of at least 1, got ${JSON.stringify(shards)}`);
  if (typeof queue !== "string" || !QUEUE_NAME.test(`${queue}-daily`)) issues.add(["queue"], ErrorCodes.invalidValue, `expected a queue name of letters, digits, "_" and "-" (at most 94), got ${JSON.stringify(queue)}`);
  if (!Number.isSafeInteger(expireInSeconds) || expireInSeconds < 1) issues.add(["expireInSeconds"], ErrorCodes.invalidValue, `expected a whole number of seconds of at least 1, got ${JSON.stringify(expireInSeconds)}`);
  if (!Number.isSafeInteger(retryLimit) || retryLimit < 0) issues.add(["retryLimit"], ErrorCodes.invalidValue, `expected a whole number of retries of at least 0, got ${JSON.stringify(retryLimit)}`);
  if (!Number.isSafeInteger(retryDelay) || retryDelay < 0) issues.add(["retryDelaySeconds"], ErrorCodes.invalidValue, `expected a whole number of seconds of at least 0, got ${JSON.stringify(retryDelay)}`);
  if (typeof engine?.runShard !== "function") issues.add(["engine"], ErrorCodes.invalidValue, "expected an engine with runShard (a BillingEngine)");
  if (!issues.ok) throw new ValidationError(issues.issues);

  const dailyQueue = `${queue}-daily`;
  const jobOptions = { expireInSeconds, retryLimit, retryDelay };
  let ready: Promise<void> | undefined;
  // Created once per process (createQueue is itself a no-op for a queue that exists).
  const queues = (): Promise<void> =>
    (ready ??= (async () => {
      await boss.createQueue(queue, { name: queue, policy: "standard", ...jobOptions });
      await boss.createQueue(dailyQueue, { name: dailyQueue, policy: "standard", expireInSeconds: 300, retryLimit, retryDelay });
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
  const workers: string[] = [];

  const checkDate = (date: unknown): CalendarDate => {
    if (typeof date !== "string" || !isCalendarDate(date)) throw new ValidationError([{ path: ["date"], code: ErrorCodes.invalidDate, message: `expected a day "YYYY-MM-DD", got ${JSON.stringify(date)}` }]);
    return date;
  };

  const enqueue = async (date: CalendarDate): Promise<EnqueueReport> => {
    checkDate(date);
    await queues();
    const report = { date, queued: [] as number[], pending: [] as number[], retried: [] as number[], completed: [] as number[] };
    for (let shard = 0; shard < shards; shard++) {
      const id = shardJobId(queue, date, shard, shards);
      // A completed job may have been archived: look there too before queueing a new one.
      const known = await boss.getJobById(queue, id, { includeArchive: true });
      if (known?.state === "completed") {
        report.completed.push(shard);
        continue;
      }
      const data: ShardJobData = { asOf: date, shard, shards };
      if ((await boss.send(queue, data, { id, singletonKey: `${date}:${shard}`, ...jobOptions })) !== null) {
        report.queued.push(shard);
        continue;
      }
      // The id is taken in the live table: the job waits, runs, is done, or failed.
      const live = await boss.getJobById(queue, id);
      if (live?.state === "failed") {
        await boss.retry(queue, id);
        report.retried.push(shard);
      } else if (live?.state === "cancelled") {
        await boss.resume(queue, id);
        report.retried.push(shard);
      } else if (live?.state === "completed") report.completed.push(shard);
      else report.pending.push(shard);
    }
    return report;
  };

  const runJob = async (job: PgBoss.Job<unknown>): Promise<object> => {
    const data = readShardJob(job.data);
    if (data.shards !== shards) throw new Error(`shard job ${job.id} is of a day split into ${data.shards} shards; this worker splits into ${shards} (every process must use the same number)`);
    const report = await engine.runShard({ asOf: data.asOf, shard: data.shard, shards: data.shards });
    return {
      asOf: data.asOf,
      shard: data.shard,
      shards: data.shards,
      contracts: report.contracts,
      invoicesIssued: report.invoicesIssued,
      messagesSent: report.messagesSent,
      errors: report.errors.length,
      ...(report.errors[0] === undefined ? {} : { firstError: `${report.errors[0].contractId}: ${report.errors[0].message}` }),
    };
  };

  return {
    queue,
    dailyQueue,
    enqueue,

    async work(workOptions: ShardWorkOptions = {}) {
      const concurrency = workOptions.concurrency ?? 1;
      const pollingIntervalSeconds = workOptions.pollingIntervalSeconds ?? 2;
      const problems = new IssueCollector();
      if (!Number.isSafeInteger(concurrency) || concurrency < 1) problems.add(["concurrency"], ErrorCodes.invalidValue, `expected a whole number of at least 1, got ${JSON.stringify(concurrency)}`);
      if (typeof pollingIntervalSeconds !== "number" || !(pollingIntervalSeconds >= 0.5)) problems.add(["pollingIntervalSeconds"], ErrorCodes.invalidValue, `expected at least 0.5 seconds, got ${JSON.stringify(pollingIntervalSeconds)}`);
      if (!problems.ok) throw new ValidationError(problems.issues);
      await queues();
      for (let i = 0; i < concurrency; i++) {
        workers.push(
          await boss.work<unknown>(queue, { batchSize: 1, pollingIntervalSeconds }, async (jobs) => {
            const outputs: object[] = [];
            for (const job of jobs) outputs.push(await runJob(job));
            return outputs.length === 1 ? outputs[0] : outputs;
          }),
        );
      }
      workers.push(
        await boss.work<unknown>(dailyQueue, { batchSize: 1, pollingIntervalSeconds, includeMetadata: true }, async (jobs) => {
          const reports: EnqueueReport[] = [];
          for (const job of jobs) {
            const { timeZone } = readDailyJob(job.data);
            // The day the schedule fired on, on the company's clock — not the day a worker got to it.
            reports.push(await enqueue(toCalendarDate(new Date(job.createdOn).toISOString(), timeZone)));
          }
          return reports.length === 1 ? reports[0] : { reports };
        }),
      );
    },

    async stopWork() {
      for (const id of workers.splice(0)) await boss.offWork({ id });
    },

    async schedule(cron: string, timeZone: string) {
      const problems = new IssueCollector();
      if (typeof cron !== "string" || cron.trim().split(/\s+/).length !== 5) problems.add(["cron"], ErrorCodes.invalidValue, `expected a cron expression of 5 fields ("0 6 * * *": 06:00 every day), got ${JSON.stringify(cron)}`);
      if (!isValidTimeZone(timeZone)) problems.add(["timeZone"], ErrorCodes.unknownTimeZone, `expected an IANA time zone such as "America/Chicago", got ${JSON.stringify(timeZone)}`);
      if (!problems.ok) throw new ValidationError(problems.issues);
      await queues();
      const data: DailyJobData = { timeZone };
      await boss.schedule(dailyQueue, cron, data, { tz: timeZone });
    },

    async unschedule() {
      await boss.unschedule(dailyQueue);
    },

    async status(date: CalendarDate) {
      checkDate(date);
      await queues();
      const completed: number[] = [];
      const waiting: number[] = [];
      const active: number[] = [];
      const failed: number[] = [];
      const missing: number[] = [];
      for (let shard = 0; shard < shards; shard++) {
        const job = await boss.getJobById(queue, shardJobId(queue, date, shard, shards), { includeArchive: true });
        switch (job?.state) {
          case undefined:
            missing.push(shard);
            break;
          case "completed":
            completed.push(shard);
            break;
          case "created":
          case "retry":
            waiting.push(shard);
            break;
          case "active":
            active.push(shard);
            break;
          case "failed":
          case "cancelled":
            failed.push(shard);
            break;
        }
      }
      return { date, shards, completed, waiting, active, failed, missing, complete: completed.length === shards };
    },
  };
}

/**
 * The id of a date's shard job: a name-based UUID (SHA-1, version 5 layout) of queue, date, shards
 * and shard, the same in every process — so a second `send` of the same shard is refused by
 * pg-boss's primary key instead of queueing it twice.
 *
 * @example
 * ```ts
 * shardJobId("rmr-billing-shard", "2027-01-05", 0, 4); // → "7c4cee7e-f591-52d2-84f6-7af8a90206d7"
 * shardJobId("rmr-billing-shard", "2027-01-05", 0, 4) === shardJobId("rmr-billing-shard", "2027-01-05", 0, 4); // → true (in every process)
 * shardJobId("rmr-billing-shard", "2027-01-05", 1, 4) === shardJobId("rmr-billing-shard", "2027-01-05", 0, 4); // → false
 * ```
 */
export function shardJobId(queue: string, date: CalendarDate, shard: number, shards: number): string {
  const hex = createHash("sha1").update(`rmr-billing:${queue}:${date}:${shards}:${shard}`).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

function readShardJob(data: unknown): ShardJobData {
  const d = (data ?? {}) as Partial<Record<keyof ShardJobData, unknown>>;
  const { asOf, shard, shards } = d;
  if (typeof asOf !== "string" || !isCalendarDate(asOf) || typeof shards !== "number" || !Number.isSafeInteger(shards) || shards < 1 || typeof shard !== "number" || !Number.isSafeInteger(shard) || shard < 0 || shard >= shards) {
    throw new Error(`not a shard job of rmr-billing: ${JSON.stringify(data)}`);
  }
  return { asOf, shard, shards };
}

function readDailyJob(data: unknown): DailyJobData {
  const timeZone = (data as { timeZone?: unknown } | null)?.timeZone;
  if (!isValidTimeZone(timeZone)) throw new Error(`not a daily job of rmr-billing: ${JSON.stringify(data)}`);
  return { timeZone };
}
