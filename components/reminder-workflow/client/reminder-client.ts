/**
 * Schedule and cancel reminders: a Step Functions execution per reminder, its handle in Redis.
 *
 * The handle in Redis is the single source of truth for "this reminder is pending": the sender
 * Lambda sends only while the handle points at its own execution. An execution without a handle
 * (orphaned by a crash between StartExecution and the Redis write, or by a lost race) wakes up,
 * finds no handle and sends nothing. That is why schedule starts first and stores second.
 */
import {
    DescribeExecutionCommand,
    SFNClient,
    StartExecutionCommand,
    StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { ReminderExecutionClosedError, ReminderStepFunctionsError } from "./errors";
import {
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
    /** Step Functions client; default `new SFNClient({})` (region from the environment). */
    readonly sfn?: SFNClient;
    /**
     * How long a handle outlives its wake-up time, in seconds, so that sender retries still find
     * it; after that Redis drops it even if nobody cleared it. Default 3600.
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

/** Default for {@link ReminderClientOptions.handleGraceSeconds}. */
export const DEFAULT_HANDLE_GRACE_SECONDS = 3600;

/** Schedules, cancels and looks up reminders. One instance per process; call close() at exit. */
export class ReminderClient {
    readonly #stateMachineArn: string;
    readonly #sfn: SFNClient;
    readonly #redis: RedisConnection;
    readonly #graceMs: number;
    readonly #now: () => number;

    constructor(options: ReminderClientOptions) {
        executionArnFor(options.stateMachineArn, "probe"); // validates the ARN's shape
        const grace = options.handleGraceSeconds ?? DEFAULT_HANDLE_GRACE_SECONDS;
        if (!Number.isInteger(grace) || grace < 60) {
            throw new TypeError(
                `reminder: handleGraceSeconds must be an integer >= 60, got ${grace}`,
            );
        }
        this.#stateMachineArn = options.stateMachineArn;
        this.#sfn = options.sfn ?? new SFNClient({});
        this.#redis = new RedisConnection(options.redis);
        this.#graceMs = grace * 1000;
        this.#now = options.now ?? Date.now;
    }

    /**
     * Schedules the reminder `kind` for `userId` at `at`, unless one is pending already (then
     * returns that one, whatever its time). Safe to retry: the execution name derives from
     * (userId, kind, at), and StartExecution with a running execution's name and input returns
     * that execution instead of starting another.
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

        // Fast path, and a Redis health check before anything is started.
        const existing = await this.#read(key, "schedule (read handle)");
        if (existing) {
            return { ...existing, created: false };
        }

        const name = executionName(userId, kind, at);
        const input: ReminderExecutionInput = { userId, kind, at: wakeUpTimestamp(at) };
        const executionArn = await this.#start(name, input);

        const handle: ReminderHandle = { executionArn, at: input.at, state: "pending" };
        const ttlMs = Math.max(atMs - nowMs, 0) + this.#graceMs;
        const previous = await this.#redis.run("schedule (store handle)", (c) =>
            c.set(key, encodeHandle(handle), {
                condition: "NX",
                GET: true,
                expiration: { type: "PX", value: ttlMs },
            }),
        );
        if (previous === null || previous === undefined) {
            return { ...handle, created: true };
        }
        const winner = decodeHandle(String(previous));
        if (winner.executionArn !== executionArn) {
            // A concurrent schedule for another time stored its handle first: ours would wake up
            // to a handle that is not its own and send nothing, but stop it to keep things tidy.
            await this.#stop(executionArn);
        }
        return { ...winner, created: false };
    }

    /**
     * Cancels the pending reminder for (userId, kind): stops its execution (already finished
     * or gone is fine) and then deletes the handle, only if it is still that execution's and
     * still pending. Quiet when there is nothing to cancel.
     */
    async cancel(userId: string, kind: string): Promise<CancelResult> {
        const key = handleKey(userId, kind);
        const handle = await this.#read(key, "cancel (read handle)");
        if (!handle) {
            return { outcome: "not-pending" };
        }
        const { executionArn } = handle;
        if (handle.state === "sending") {
            return { outcome: "sending", executionArn };
        }
        await this.#stop(executionArn);
        const reply = await this.#redis.run("cancel (delete handle)", (c) =>
            c.eval(TRANSITION_SCRIPT, transitionArgs(key, executionArn, ["pending"], undefined)),
        );
        switch (transitionOutcome(reply)) {
            case "done":
                return { outcome: "cancelled", executionArn };
            case "state-mismatch":
                // The sender claimed it between our read and our delete.
                return { outcome: "sending", executionArn };
            default:
                // Someone else (another cancel, the sender finishing) removed it meanwhile.
                return { outcome: "not-pending", executionArn };
        }
    }

    /** The handle of the pending reminder for (userId, kind), or undefined when there is none. */
    async pending(userId: string, kind: string): Promise<ReminderHandle | undefined> {
        return this.#read(handleKey(userId, kind), "pending (read handle)");
    }

    /** Closes the Redis connection. The SFN client is the caller's when it was passed in. */
    async close(): Promise<void> {
        await this.#redis.close();
    }

    async #read(key: string, what: string): Promise<ReminderHandle | undefined> {
        const raw = await this.#redis.run(what, (c) => c.get(key));
        return raw === null || raw === undefined ? undefined : decodeHandle(String(raw));
    }

    async #start(name: string, input: ReminderExecutionInput): Promise<string> {
        try {
            const out = await this.#sfn.send(
                new StartExecutionCommand({
                    stateMachineArn: this.#stateMachineArn,
                    name,
                    input: JSON.stringify(input),
                }),
            );
            if (!out.executionArn) {
                throw new ReminderStepFunctionsError(
                    "MissingExecutionArn",
                    `reminder: StartExecution ${name} returned no executionArn`,
                );
            }
            return out.executionArn;
        } catch (err) {
            if (hasName(err, "ExecutionAlreadyExists")) {
                return this.#adopt(executionArnFor(this.#stateMachineArn, name));
            }
            throw sfnError("StartExecution", name, err);
        }
    }

    /**
     * StartExecution said the name is taken with a different input, or by a closed execution.
     * A running one is ours to adopt (the same reminder, started by an earlier attempt); a closed
     * one cannot be restarted under this name.
     */
    async #adopt(executionArn: string): Promise<string> {
        let status: string | undefined;
        try {
            const out = await this.#sfn.send(new DescribeExecutionCommand({ executionArn }));
            status = out.status;
        } catch (err) {
            throw sfnError("DescribeExecution", executionArn, err);
        }
        if (status === "RUNNING") {
            return executionArn;
        }
        throw new ReminderExecutionClosedError(executionArn, status ?? "UNKNOWN");
    }

    /**
     * StopExecution without error or cause, so no KMS permission is needed for an encrypted
     * execution. A finished execution is left as it is (the call succeeds); one that no longer
     * exists (past retention) answers ExecutionDoesNotExist: both are fine here.
     */
    async #stop(executionArn: string): Promise<void> {
        try {
            await this.#sfn.send(new StopExecutionCommand({ executionArn }));
        } catch (err) {
            if (hasName(err, "ExecutionDoesNotExist")) {
                return;
            }
            throw sfnError("StopExecution", executionArn, err);
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
