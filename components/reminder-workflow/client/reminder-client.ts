/**
 * Schedule and cancel reminders: a Step Functions execution per reminder, its handle in Redis.
 *
 * The handle in Redis is the single source of truth for "this reminder is pending": the sender
 * Lambda sends only while the handle points at its own execution. An execution without a handle
 * (orphaned by a crash between StartExecution and the Redis write, or by a lost race) wakes up,
 * finds no handle and sends nothing. That is why schedule starts first and stores second.
 *
 * A handle is only trusted while its execution runs: Redis and Step Functions cannot change
 * together, so a handle can outlive its execution (a schedule's write landing after a cancel
 * stopped the same execution, a cancel whose delete failed after the stop, a sender that could
 * not clear). schedule() checks a stored handle with DescribeExecution, removes a dead one
 * atomically (only if it still names that execution) and schedules anew; after storing its own
 * handle it checks the execution again, so a handle written after a concurrent stop is replaced
 * at once. cancel() always stops before it deletes, so a retried cancel converges.
 */
import {
    DescribeExecutionCommand,
    SFNClient,
    StartExecutionCommand,
    StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import {
    boundedRequestHandler,
    DEFAULT_AWS_REQUEST_TIMEOUT_MS,
    withinDeadline,
} from "../../lib/runtime/deadline";
import { ReminderError, ReminderExecutionClosedError, ReminderStepFunctionsError } from "./errors";
import {
    MAX_EXECUTION_GENERATION,
    TRANSITION_SCRIPT,
    type ReminderHandle,
    decodeHandle,
    encodeHandle,
    executionArnFor,
    executionName,
    handleKey,
    transitionArgs,
    transitionOutcome,
    validateUserAndKind,
    wakeUpTimestamp,
} from "./keys";
import { RedisConnection, type RedisEndpoint } from "./redis";

/** Options for {@link ReminderClient}. */
export interface ReminderClientOptions {
    /** ARN of the ReminderWorkflow state machine (a STANDARD one). */
    readonly stateMachineArn: string;
    /** The ReminderWorkflow's Redis endpoint and auth token. */
    readonly redis: RedisEndpoint;
    /**
     * Step Functions client; default an `SFNClient` (region from the environment) whose requests
     * time out after `stepFunctionsTimeoutMs`.
     */
    readonly sfn?: SFNClient;
    /** Bound of one Step Functions call, once sent, in ms. Default 5000. */
    readonly stepFunctionsTimeoutMs?: number;
    /**
     * How long a handle outlives its wake-up time, in seconds, so that sender retries still find
     * it; after that Redis drops it even if nobody cleared it. Default 14400 (4 h): the Send
     * state's retries (definition.ts SEND_RETRY) can run close to 3 h 40 min in the worst case,
     * and a handle that expired meanwhile would make the sender skip the reminder.
     */
    readonly handleGraceSeconds?: number;
    /** Clock, for tests. Default `Date.now`. */
    readonly now?: () => number;
}

/** The input every execution starts with; the state machine's Wait reads `at`. */
export interface ReminderExecutionInput {
    readonly userId: string;
    readonly kind: string;
    /** Wake-up time, ISO 8601 in whole seconds. */
    readonly at: string;
}

/** What {@link ReminderClient.schedule} returns. */
export interface ScheduledReminder extends ReminderHandle {
    /** True when this call stored the handle; false when one was already pending. */
    readonly created: boolean;
}

/** What {@link ReminderClient.cancel} did. */
export interface CancelResult {
    /**
     * `cancelled`: the pending handle was removed and the reminder will not be sent.
     * `not-pending`: there was nothing to cancel (never scheduled, already sent, already cancelled).
     * `sending`: the sender had already claimed the reminder; it is being sent.
     */
    readonly outcome: "cancelled" | "not-pending" | "sending";
    /** The execution the handle pointed at, when there was one. */
    readonly executionArn?: string;
}

/** Step Functions keeps a STANDARD execution at most one year; leave a day of margin. */
export const MAX_SCHEDULE_AHEAD_SECONDS = 364 * 24 * 3600;

/** Rounds of read, check and store one schedule() or cancel() makes under contention. */
export const MAX_ROUNDS = 8;

/** Default for {@link ReminderClientOptions.handleGraceSeconds}. */
export const DEFAULT_HANDLE_GRACE_SECONDS = 4 * 3600;

/** Schedules, cancels and looks up reminders. One instance per process; call close() at exit. */
export class ReminderClient {
    readonly #stateMachineArn: string;
    readonly #sfn: SFNClient;
    readonly #redis: RedisConnection;
    readonly #graceMs: number;
    readonly #now: () => number;
    readonly #sfnTimeoutMs: number;

    constructor(options: ReminderClientOptions) {
        executionArnFor(options.stateMachineArn, "probe"); // validates the ARN's shape
        const grace = options.handleGraceSeconds ?? DEFAULT_HANDLE_GRACE_SECONDS;
        if (!Number.isInteger(grace) || grace < 60) {
            throw new TypeError(
                `reminder: handleGraceSeconds must be an integer >= 60, got ${grace}`,
            );
        }
        this.#stateMachineArn = options.stateMachineArn;
        this.#sfnTimeoutMs = options.stepFunctionsTimeoutMs ?? DEFAULT_AWS_REQUEST_TIMEOUT_MS;
        this.#sfn =
            options.sfn ??
            new SFNClient({ requestHandler: boundedRequestHandler(this.#sfnTimeoutMs) });
        this.#redis = new RedisConnection(options.redis);
        this.#graceMs = grace * 1000;
        this.#now = options.now ?? Date.now;
    }

    /**
     * Schedules the reminder `kind` for `userId` at `at`, unless one is pending already (then
     * returns that one, whatever its time). A stored handle counts as pending only while its
     * execution runs; a dead one is replaced. Safe to retry: execution names derive from
     * (userId, kind, at) and a generation, and StartExecution with a running execution's name
     * and input returns that execution instead of starting another.
     */
    async schedule(userId: string, kind: string, at: Date): Promise<ScheduledReminder> {
        validateUserAndKind(userId, kind);
        const atMs = at instanceof Date ? at.getTime() : NaN;
        if (!Number.isFinite(atMs)) {
            throw new TypeError(`reminder: at must be a valid Date, got ${String(at)}`);
        }
        const nowMs = this.#now();
        if (atMs - nowMs > MAX_SCHEDULE_AHEAD_SECONDS * 1000) {
            throw new RangeError(
                `reminder: at must be at most ${MAX_SCHEDULE_AHEAD_SECONDS} s ahead, got ${at.toISOString()}`,
            );
        }
        const key = handleKey(userId, kind);
        const input: ReminderExecutionInput = { userId, kind, at: wakeUpTimestamp(at) };
        const ttlMs = Math.max(atMs - nowMs, 0) + this.#graceMs;

        for (let round = 1; round <= MAX_ROUNDS; round++) {
            // A Redis health check before anything is started, and the fast path.
            const existing = await this.#read(key, "schedule (read handle)");
            if (existing) {
                if (await this.#running(existing.executionArn)) {
                    return { ...existing, created: false };
                }
                await this.#removeDead(key, existing.executionArn, "schedule");
                continue;
            }

            const executionArn = await this.#start(userId, kind, at, input);
            const handle: ReminderHandle = { executionArn, at: input.at, state: "pending" };
            let previous: unknown;
            try {
                previous = await this.#redis.run("schedule (store handle)", (c) =>
                    c.set(key, encodeHandle(handle), {
                        condition: "NX",
                        GET: true,
                        expiration: { type: "PX", value: ttlMs },
                    }),
                );
            } catch (err) {
                await this.#afterFailedStore(key, executionArn);
                throw err;
            }
            if (previous === null || previous === undefined) {
                // Stored. A cancel may have stopped this very execution after our read (a
                // concurrent schedule for the same time started it first): then the handle is
                // dead from birth. Checked after the write, so a stop that comes later finds
                // the handle and deletes it itself.
                if (await this.#running(executionArn)) {
                    return { ...handle, created: true };
                }
                await this.#removeDead(key, executionArn, "schedule");
                continue;
            }
            const winner = decodeHandle(String(previous));
            if (winner.executionArn !== executionArn) {
                // A concurrent schedule for another time stored its handle first: ours would
                // wake up to a handle that is not its own and send nothing; stop it to keep
                // things tidy, then check the winner like any stored handle.
                await this.#stop(executionArn);
            }
        }
        throw new ReminderError(
            // The kind only: keys hold user ids, which stay out of errors and logs.
            `reminder: schedule of a ${kind} reminder did not settle in ${MAX_ROUNDS} rounds of concurrent changes; try again`,
        );
    }

    /**
     * Cancels the pending reminder for (userId, kind): stops its execution (already finished
     * or gone is fine) and then deletes the handle, only if it is still that execution's and
     * still pending. Quiet when there is nothing to cancel. "cancelled" means the execution it
     * names was stopped. Safe to retry: a handle left by a cancel whose delete failed is stopped
     * (again, harmlessly) and deleted.
     */
    async cancel(userId: string, kind: string): Promise<CancelResult> {
        const key = handleKey(userId, kind);
        const handle = await this.#read(key, "cancel (read handle)");
        if (!handle) {
            return { outcome: "not-pending" };
        }
        const { executionArn } = handle;
        if (handle.state === "sending") {
            if (await this.#running(executionArn)) {
                return { outcome: "sending", executionArn };
            }
            // The run is over (sent, or failed) and left its claimed handle behind.
            await this.#removeDead(key, executionArn, "cancel");
            return { outcome: "not-pending", executionArn };
        }
        await this.#stop(executionArn);
        const reply = await this.#redis.run("cancel (delete handle)", (c) =>
            c.eval(TRANSITION_SCRIPT, transitionArgs(key, executionArn, ["pending"], undefined)),
        );
        switch (transitionOutcome(reply)) {
            case "done":
                return { outcome: "cancelled", executionArn };
            case "state-mismatch":
                // The sender claimed it between our read and our stop.
                return { outcome: "sending", executionArn };
            default:
                // Someone else (another cancel, the sender finishing) removed it meanwhile.
                return { outcome: "not-pending", executionArn };
        }
    }

    /**
     * The handle of the pending reminder for (userId, kind), or undefined when there is none or
     * its execution is no longer running (a dead handle is not a pending reminder).
     */
    async pending(userId: string, kind: string): Promise<ReminderHandle | undefined> {
        const handle = await this.#read(handleKey(userId, kind), "pending (read handle)");
        return handle && (await this.#running(handle.executionArn)) ? handle : undefined;
    }

    /** Closes the Redis connection. The SFN client is the caller's when it was passed in. */
    async close(): Promise<void> {
        await this.#redis.close();
    }

    async #read(key: string, what: string): Promise<ReminderHandle | undefined> {
        const raw = await this.#redis.run(what, (c) => c.get(key));
        return raw === null || raw === undefined ? undefined : decodeHandle(String(raw));
    }

    /**
     * Starts the first generation of (userId, kind, at) whose name is free, or adopts a running
     * one (the same reminder, started by an earlier attempt or a concurrent call). A closed
     * generation's name cannot be reused for 90 days: the next one is tried.
     */
    async #start(
        userId: string,
        kind: string,
        at: Date,
        input: ReminderExecutionInput,
    ): Promise<string> {
        let closed: { executionArn: string; status: string } | undefined;
        for (let generation = 0; generation <= MAX_EXECUTION_GENERATION; generation++) {
            const name = executionName(userId, kind, at, generation);
            let out;
            try {
                out = await this.#send("StartExecution", name, (abortSignal) =>
                    this.#sfn.send(
                        new StartExecutionCommand({
                            stateMachineArn: this.#stateMachineArn,
                            name,
                            input: JSON.stringify(input),
                        }),
                        { abortSignal },
                    ),
                );
            } catch (err) {
                if (
                    !(err instanceof ReminderStepFunctionsError) ||
                    !hasName(err.cause, "ExecutionAlreadyExists")
                ) {
                    throw err;
                }
                const executionArn = executionArnFor(this.#stateMachineArn, name);
                const status = await this.#status(executionArn);
                if (status === "RUNNING") {
                    return executionArn;
                }
                closed = { executionArn, status: status ?? "UNKNOWN" };
                continue;
            }
            if (!out.executionArn) {
                throw new ReminderStepFunctionsError(
                    "MissingExecutionArn",
                    `reminder: StartExecution ${name} returned no executionArn`,
                );
            }
            return out.executionArn;
        }
        throw new ReminderExecutionClosedError(closed!.executionArn, closed!.status);
    }

    /** The execution's status (`RUNNING`, `ABORTED`, ...), or undefined when it does not exist. */
    async #status(executionArn: string): Promise<string | undefined> {
        try {
            const out = await this.#send("DescribeExecution", executionArn, (abortSignal) =>
                this.#sfn.send(new DescribeExecutionCommand({ executionArn }), { abortSignal }),
            );
            return out.status;
        } catch (err) {
            if (
                err instanceof ReminderStepFunctionsError &&
                hasName(err.cause, "ExecutionDoesNotExist")
            ) {
                return undefined;
            }
            throw err;
        }
    }

    /**
     * The handle write failed, or its reply was lost. When Redis answers a read now and no
     * handle names the execution just started, nothing ever will (a concurrent schedule that
     * stores it later finds it stopped and replaces it): stop it rather than leave it orphaned.
     * When Redis still fails, the execution is left to a retry of schedule, which adopts it.
     */
    async #afterFailedStore(key: string, executionArn: string): Promise<void> {
        try {
            const now = await this.#read(key, "schedule (check handle after a failed write)");
            if (now?.executionArn !== executionArn) {
                await this.#stop(executionArn);
            }
        } catch {
            // Redis or Step Functions still failing: the caller sees the write's own error.
        }
    }

    /** Whether the execution a handle names can still send: it is RUNNING. */
    async #running(executionArn: string): Promise<boolean> {
        return (await this.#status(executionArn)) === "RUNNING";
    }

    /**
     * Deletes the handle at `key` if, and only if, it still names `executionArn` (whose run is
     * over): a handle stored meanwhile for another execution is left alone.
     */
    async #removeDead(key: string, executionArn: string, caller: string): Promise<void> {
        await this.#redis.run(`${caller} (remove dead handle)`, (c) =>
            c.eval(
                TRANSITION_SCRIPT,
                transitionArgs(key, executionArn, ["pending", "sending"], undefined),
            ),
        );
    }

    /** One Step Functions call within its deadline; failures become ReminderStepFunctionsError. */
    async #send<T>(
        operation: string,
        target: string,
        call: (abortSignal: AbortSignal) => Promise<T>,
    ): Promise<T> {
        try {
            return await withinDeadline(`Step Functions ${operation}`, this.#sfnTimeoutMs, call);
        } catch (err) {
            throw sfnError(operation, target, err);
        }
    }

    /**
     * StopExecution without error or cause, so no KMS permission is needed for an encrypted
     * execution. A finished execution is left as it is (the call succeeds); one that no longer
     * exists (past retention) answers ExecutionDoesNotExist: both are fine here.
     */
    async #stop(executionArn: string): Promise<void> {
        try {
            await this.#send("StopExecution", executionArn, (abortSignal) =>
                this.#sfn.send(new StopExecutionCommand({ executionArn }), { abortSignal }),
            );
        } catch (err) {
            if (
                err instanceof ReminderStepFunctionsError &&
                hasName(err.cause, "ExecutionDoesNotExist")
            ) {
                return;
            }
            throw err;
        }
    }
}

/** By name, not instanceof: a bundle may hold two copies of the SDK's error classes. */
function hasName(err: unknown, name: string): boolean {
    return err instanceof Error && err.name === name;
}

function sfnError(operation: string, target: string, err: unknown): ReminderStepFunctionsError {
    if (err instanceof ReminderStepFunctionsError) {
        return err;
    }
    const name = err instanceof Error ? err.name : "UnknownError";
    const message = err instanceof Error ? err.message : String(err);
    return new ReminderStepFunctionsError(
        name,
        `reminder: Step Functions ${operation} failed for ${target}: ${name}: ${message}`,
        { cause: err },
    );
}
