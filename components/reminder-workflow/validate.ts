/**
 * Pure validation for ReminderWorkflow: runs before any resource is registered, and every message
 * names the component, its name and the argument at fault:
 * `ReminderWorkflow "reminders": replicas must be 0..5, got 6`.
 */
import { CLOUDWATCH_LOG_RETENTION_DAYS, isLogRetentionDays } from "../lib/log-retention";
import { validateSecureFunctionArgs } from "../lib/secure-function";
import { CACHE_ENGINES } from "./args";
import type { ReminderWorkflowArgs } from "./args";
import { MINIMUM_ENGINE_VERSION, withDefaults } from "./defaults";

/** Read replicas a replication group (cluster mode disabled) can have. */
export const REPLICAS_RANGE = { min: 0, max: 5 } as const;

/** Days ElastiCache can keep automatic snapshots; 0 turns them off. */
export const SNAPSHOT_RETENTION_DAYS_RANGE = { min: 0, max: 35 } as const;

/** ElastiCache node types: `cache.<family>.<size>`. */
export const NODE_TYPE_PATTERN = /^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** Engine versions as ElastiCache takes them from 7 on: `<major>.<minor>`. */
export const ENGINE_VERSION_PATTERN = /^(\d+)\.(\d+)$/;

/**
 * The component's own name: lowercase words joined by hyphens, at most 26 characters, since the
 * replication group's id (`<name>-cache-<7 random characters>`) may have at most 40.
 */
export const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const NAME_MAX = 26;

/** A value as a message shows it: strings quoted, arrays and objects as JSON, numbers as written. */
function show(value: unknown): string {
    if (value === undefined || typeof value === "number") return String(value);
    return JSON.stringify(value);
}

function inRange(n: unknown, min: number, max: number): boolean {
    return typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;
}

/** `[major, minor]` of a `<major>.<minor>` version. */
function versionParts(version: string): [number, number] {
    const m = ENGINE_VERSION_PATTERN.exec(version) as RegExpExecArray;
    return [Number(m[1]), Number(m[2])];
}

/**
 * Throws the first problem with a ReminderWorkflow's arguments, as
 * `ReminderWorkflow "<name>": <argument> must be ..., got ...`. Arguments left undefined are
 * checked at their defaults (a default never fails, but `engineVersion` depends on `engine`).
 */
export function validateReminderWorkflowArgs(name: string, args: ReminderWorkflowArgs): void {
    const fail = (message: string): never => {
        throw new Error(`ReminderWorkflow "${name}": ${message}`);
    };
    if (!NAME_PATTERN.test(name) || name.length > NAME_MAX) {
        fail(
            `name must be lowercase words joined by hyphens (${NAME_PATTERN.source}), at most ` +
                `${NAME_MAX} characters (the cache's id derives from it)`,
        );
    }
    for (const required of ["vpcId", "vpcCidr", "subnetIds", "alarmTopicArn"] as const) {
        const value = args[required];
        if (value === undefined || value === null || value === "") {
            fail(`${required} is required, got ${show(value)}`);
        }
    }
    const a = withDefaults(args);

    if (!CACHE_ENGINES.includes(a.engine)) {
        fail(`engine must be ${CACHE_ENGINES.map(show).join(" or ")}, got ${show(a.engine)}`);
    }
    const minimum = MINIMUM_ENGINE_VERSION[a.engine];
    if (typeof a.engineVersion !== "string" || !ENGINE_VERSION_PATTERN.test(a.engineVersion)) {
        fail(`engineVersion must be "<major>.<minor>", got ${show(a.engineVersion)}`);
    }
    const [major, minor] = versionParts(a.engineVersion);
    const [minMajor, minMinor] = versionParts(minimum);
    if (major < minMajor || (major === minMajor && minor < minMinor)) {
        fail(
            `engineVersion must be ${minimum} or newer for ${a.engine} (handles are set with ` +
                `SET NX GET), got ${show(a.engineVersion)}`,
        );
    }
    if (typeof a.nodeType !== "string" || !NODE_TYPE_PATTERN.test(a.nodeType)) {
        fail(
            `nodeType must be an ElastiCache node type (cache.t4g.small), got ${show(a.nodeType)}`,
        );
    }
    const { min: minReplicas, max: maxReplicas } = REPLICAS_RANGE;
    if (!inRange(a.replicas, minReplicas, maxReplicas)) {
        fail(`replicas must be ${minReplicas}..${maxReplicas}, got ${show(a.replicas)}`);
    }
    const { min: minDays, max: maxDays } = SNAPSHOT_RETENTION_DAYS_RANGE;
    if (!inRange(a.snapshotRetentionDays, minDays, maxDays)) {
        fail(
            `snapshotRetentionDays must be ${minDays}..${maxDays}, got ${show(a.snapshotRetentionDays)}`,
        );
    }
    if (!inRange(a.authTokenVersion, 1, Number.MAX_SAFE_INTEGER)) {
        fail(`authTokenVersion must be a positive integer, got ${show(a.authTokenVersion)}`);
    }
    if (!isLogRetentionDays(a.logRetentionDays)) {
        fail(
            `logRetentionDays must be one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}, ` +
                `got ${show(a.logRetentionDays)}`,
        );
    }
    if (typeof a.protect !== "boolean") {
        fail(`protect must be a plain boolean, got ${show(a.protect)}`);
    }
    if (typeof a.senderInternetEgress !== "boolean") {
        fail(`senderInternetEgress must be a plain boolean, got ${show(a.senderInternetEgress)}`);
    }
    try {
        // The sender's own rules (memory, timeout), checked before any resource exists.
        validateSecureFunctionArgs(`${name}-sender`, {
            entry: "",
            description: "",
            subnetIds: [],
            securityGroupIds: [],
            logKmsKeyArn: "",
            memoryMb: a.senderMemoryMb,
            timeoutSeconds: a.senderTimeoutSeconds,
            logRetentionDays: a.logRetentionDays,
        });
    } catch (err) {
        const message = (err as Error).message
            .replace(/^SecureFunction "[^"]*": /, "")
            .replace(/^memoryMb/, "senderMemoryMb")
            .replace(/^timeoutSeconds/, "senderTimeoutSeconds");
        fail(message);
    }
}
