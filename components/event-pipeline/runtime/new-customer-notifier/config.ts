/**
 * The notifier's environment, read and checked once at cold start. A bad value fails the init
 * with every problem listed and each variable named, instead of failing one record at a time.
 */

/** Validated settings of the new-customer notifier. */
export interface NotifierConfig {
    /** Physical name of the customers table: only its change events are considered. */
    readonly customersTable: string;
    /** A customer with at least this many employees is announced. */
    readonly minEmployees: number;
    /** ARN of the Secrets Manager secret whose SecretString is the Slack webhook URL. */
    readonly webhookSecretArn: string;
    /** How long the webhook URL is reused before it is read again (ms). */
    readonly webhookCacheTtlMs: number;
    /** DynamoDB table of the announcement records (kept for ever: a customer is announced once). */
    readonly idempotencyTable: string;
}

/** The environment variables the notifier reads, with their meaning; the JSDoc of the contract. */
export const NOTIFIER_ENV = {
    CUSTOMERS_TABLE: "physical name of the customers table (required)",
    MIN_EMPLOYEES: "announce customers with at least this many employees, integer >= 1 (required)",
    SLACK_WEBHOOK_SECRET_ARN: "ARN of the secret holding the Slack webhook URL (required)",
    SLACK_WEBHOOK_CACHE_TTL_SECONDS: "seconds the webhook URL is cached, 0..3600 (default 300)",
    IDEMPOTENCY_TABLE:
        "DynamoDB table for the announcement records, key `id` (S); they never expire (required)",
} as const;

/** A configuration problem; the message names every offending variable. */
export class ConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`new-customer-notifier: invalid environment: ${problems.join("; ")}`);
        this.name = "ConfigError";
    }
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;
// DynamoDB table names: 3-255 of [a-zA-Z0-9_.-].
const TABLE_NAME = /^[\w.-]{3,255}$/;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the notifier's settings from `env`; throws {@link ConfigError}. */
export function loadConfig(env: Env): NotifierConfig {
    const problems: string[] = [];

    const required = (name: keyof typeof NOTIFIER_ENV): string => {
        const value = env[name]?.trim();
        if (!value) problems.push(`${name} is required (${NOTIFIER_ENV[name]})`);
        return value ?? "";
    };
    const integer = (
        name: keyof typeof NOTIFIER_ENV,
        min: number,
        max: number,
        fallback?: number,
    ): number => {
        const raw = env[name]?.trim();
        if (!raw) {
            if (fallback !== undefined) return fallback;
            problems.push(`${name} is required (${NOTIFIER_ENV[name]})`);
            return NaN;
        }
        const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
        if (!Number.isSafeInteger(n) || n < min || n > max) {
            problems.push(`${name} must be an integer ${min}..${max}, got ${JSON.stringify(raw)}`);
        }
        return n;
    };
    const tableName = (name: "CUSTOMERS_TABLE" | "IDEMPOTENCY_TABLE"): string => {
        const value = required(name);
        if (value && !TABLE_NAME.test(value)) {
            problems.push(`${name} must be a DynamoDB table name, got ${JSON.stringify(value)}`);
        }
        return value;
    };

    const customersTable = tableName("CUSTOMERS_TABLE");
    const minEmployees = integer("MIN_EMPLOYEES", 1, 10_000_000);
    const webhookSecretArn = required("SLACK_WEBHOOK_SECRET_ARN");
    if (webhookSecretArn && !SECRET_ARN.test(webhookSecretArn)) {
        problems.push(
            `SLACK_WEBHOOK_SECRET_ARN must be a Secrets Manager secret ARN, got ${JSON.stringify(webhookSecretArn)}`,
        );
    }
    const webhookCacheTtlSeconds = integer("SLACK_WEBHOOK_CACHE_TTL_SECONDS", 0, 3600, 300);
    const idempotencyTable = tableName("IDEMPOTENCY_TABLE");

    if (problems.length > 0) throw new ConfigError(problems);
    return {
        customersTable,
        minEmployees,
        webhookSecretArn,
        webhookCacheTtlMs: webhookCacheTtlSeconds * 1000,
        idempotencyTable,
    };
}
