/**
 * The Redis layout that the client library and the sender Lambda share: one key per pending
 * reminder, holding its handle as JSON, and the Lua scripts that change a handle atomically.
 * Both sides import this module, so the layout has exactly one definition.
 */
import { createHash } from "node:crypto";

/** Where a handle is in its life: waiting for its execution, or claimed by the sender. */
export type HandleState = "pending" | "sending";

/** What Redis holds for one (userId, kind) while its reminder is outstanding. */
export interface ReminderHandle {
    /** The Step Functions execution that will send the reminder. */
    readonly executionArn: string;
    /** The wake-up time, ISO 8601 in whole seconds (`2026-12-01T09:00:00Z`). */
    readonly at: string;
    /** `pending` until the sender claims it; `sending` while the sender publishes. */
    readonly state: HandleState;
}

/** Version segment of every key: a layout change gets a new one, never a reinterpretation. */
export const KEY_PREFIX = "reminder:v1:";

/** Reminder kinds are short slugs: they appear in keys and in execution names. */
export const KIND_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/** Longest accepted user id, in UTF-16 code units. */
export const MAX_USER_ID_LENGTH = 256;

/** Step Functions execution names: 1..80 characters; these are also safe in CloudWatch Logs. */
export const EXECUTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

/** Throws with the argument's name when userId or kind cannot be used in a key. */
export function validateUserAndKind(userId: string, kind: string): void {
    if (typeof userId !== "string" || userId.length === 0 || userId.length > MAX_USER_ID_LENGTH) {
        throw new TypeError(
            `reminder: userId must be a string of 1..${MAX_USER_ID_LENGTH} characters, got ${describe(userId)}`,
        );
    }
    if (typeof kind !== "string" || !KIND_PATTERN.test(kind)) {
        throw new TypeError(
            `reminder: kind must match ${KIND_PATTERN.source}, got ${describe(kind)}`,
        );
    }
}

/**
 * The key of the handle for (userId, kind): `reminder:v1:<encodeURIComponent(userId)>:<kind>`.
 * Encoding the user id keeps a `:` inside it from colliding with another user's key.
 */
export function handleKey(userId: string, kind: string): string {
    validateUserAndKind(userId, kind);
    return `${KEY_PREFIX}${encodeURIComponent(userId)}:${kind}`;
}

/** Serialises a handle the way the Lua scripts read it. */
export function encodeHandle(handle: ReminderHandle): string {
    return JSON.stringify({
        executionArn: handle.executionArn,
        at: handle.at,
        state: handle.state,
    });
}

/** Parses a stored handle; throws on anything that is not one (a foreign or corrupt value). */
export function decodeHandle(raw: string): ReminderHandle {
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        throw new Error(`reminder: stored handle is not JSON: ${raw.slice(0, 80)}`);
    }
    const h = parsed as Partial<Record<keyof ReminderHandle, unknown>>;
    if (
        typeof h !== "object" ||
        h === null ||
        typeof h.executionArn !== "string" ||
        typeof h.at !== "string" ||
        (h.state !== "pending" && h.state !== "sending")
    ) {
        throw new Error(`reminder: stored handle has an unexpected shape: ${raw.slice(0, 80)}`);
    }
    return { executionArn: h.executionArn, at: h.at, state: h.state };
}

/**
 * The wake-up time as Step Functions' Wait state reads it: ISO 8601, UTC, whole seconds, rounded
 * up so a reminder never fires before the time asked for.
 */
export function wakeUpTimestamp(at: Date): string {
    const seconds = Math.ceil(at.getTime() / 1000);
    return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/** Generations of one (userId, kind, at) reminder: the name's suffix is `-1` .. `-99`. */
export const MAX_EXECUTION_GENERATION = 99;

/**
 * The deterministic execution name for (userId, kind, at) and a generation:
 * `<kind>-<epoch seconds>-<hash>`, then `-<generation>` from generation 1 on; at most
 * 40 + 1 + 11 + 1 + 24 + 3 = 80 characters. The user id only enters through the hash, so it
 * never shows in execution ARNs, logs or the console. Step Functions keeps a closed execution's
 * name for 90 days; a reminder scheduled again after a cancel takes the next generation.
 */
export function executionName(userId: string, kind: string, at: Date, generation = 0): string {
    validateUserAndKind(userId, kind);
    if (!Number.isInteger(generation) || generation < 0 || generation > MAX_EXECUTION_GENERATION) {
        throw new RangeError(
            `reminder: generation must be an integer 0..${MAX_EXECUTION_GENERATION}, got ${generation}`,
        );
    }
    const seconds = Math.ceil(at.getTime() / 1000);
    const digest = createHash("sha256")
        .update(JSON.stringify([userId, kind, seconds]))
        .digest("hex")
        .slice(0, 24);
    return `${kind}-${seconds}-${digest}${generation > 0 ? `-${generation}` : ""}`;
}

/**
 * `arn:aws:states:<region>:<account>:stateMachine:<machine>` plus an execution name gives
 * `arn:aws:states:<region>:<account>:execution:<machine>:<name>`, the ARN Step Functions
 * assigns to that execution.
 */
export function executionArnFor(stateMachineArn: string, name: string): string {
    const m = /^(arn:[^:]+:states:[^:]+:[^:]+):stateMachine:([^:]+)$/.exec(stateMachineArn);
    if (!m) {
        throw new TypeError(
            `reminder: stateMachineArn must be arn:<partition>:states:<region>:<account>:stateMachine:<name>, got ${describe(stateMachineArn)}`,
        );
    }
    return `${m[1]}:execution:${m[2]}:${name}`;
}

/**
 * Moves the handle at KEYS[1] from one state to another, or deletes it, but only if it still
 * belongs to the execution ARGV[1] and its state is one of ARGV[2] (space-separated). ARGV[3] is
 * the new state, or "" to delete. Returns 1 when done, 0 when there is no handle, -1 when the
 * handle belongs to another execution (or is not a handle), -2 when its state did not match.
 * KEEPTTL: a claimed handle expires when the pending one would have.
 */
export const TRANSITION_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local ok, h = pcall(cjson.decode, raw)
if not ok or type(h) ~= 'table' or h.executionArn ~= ARGV[1] then return -1 end
if not string.find(' ' .. ARGV[2] .. ' ', ' ' .. tostring(h.state) .. ' ', 1, true) then return -2 end
if ARGV[3] == '' then
  redis.call('DEL', KEYS[1])
else
  h.state = ARGV[3]
  redis.call('SET', KEYS[1], cjson.encode(h), 'KEEPTTL')
end
return 1
`;

/** What {@link TRANSITION_SCRIPT} found. */
export type TransitionOutcome = "done" | "gone" | "other-execution" | "state-mismatch";

/** Maps the script's integer reply to a {@link TransitionOutcome}. */
export function transitionOutcome(reply: unknown): TransitionOutcome {
    switch (Number(reply)) {
        case 1:
            return "done";
        case 0:
            return "gone";
        case -1:
            return "other-execution";
        case -2:
            return "state-mismatch";
        default:
            throw new Error(`reminder: unexpected transition script reply ${String(reply)}`);
    }
}

/** The arguments of {@link TRANSITION_SCRIPT} for a move from `from` to `to` (undefined: delete). */
export function transitionArgs(
    key: string,
    executionArn: string,
    from: readonly HandleState[],
    to: HandleState | undefined,
): { keys: string[]; arguments: string[] } {
    return { keys: [key], arguments: [executionArn, from.join(" "), to ?? ""] };
}

function describe(value: unknown): string {
    return typeof value === "string" ? JSON.stringify(value.slice(0, 80)) : String(value);
}
