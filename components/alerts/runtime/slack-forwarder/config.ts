/**
 * The forwarder's environment, read and checked once at cold start: a misconfigured function
 * fails its init with the variable named, and every alarm it was sent lands in the on-failure
 * queue instead of vanishing.
 */

/** Validated settings of the Slack alert forwarder. */
export interface ForwarderConfig {
    /** ARN of the Secrets Manager secret whose SecretString is the Slack webhook URL. */
    readonly webhookSecretArn: string;
    /** How long the webhook URL is reused before it is read again (ms). */
    readonly webhookCacheTtlMs: number;
    /**
     * DynamoDB table of delivery records (one per alarm state change, so each is posted at most
     * once); undefined: no records, only this invocation's own at-most-once.
     */
    readonly deliveryTable?: string;
}

/** The environment variables the forwarder reads, with their meaning. */
export const FORWARDER_ENV = {
    SLACK_WEBHOOK_SECRET_ARN: "ARN of the secret holding the Slack webhook URL (required)",
    SLACK_WEBHOOK_CACHE_TTL_SECONDS: "seconds the webhook URL is cached, 0..3600 (default 300)",
    DELIVERY_TABLE:
        "DynamoDB table of delivery records, key `id` (S), TTL `expiration` (optional; the component sets it)",
} as const;

/** A configuration problem; the message names every offending variable. */
export class ForwarderConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`slack-forwarder: invalid environment: ${problems.join("; ")}`);
        this.name = "ForwarderConfigError";
    }
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;

/** Reads and validates the forwarder's settings; throws {@link ForwarderConfigError}. */
export function loadForwarderConfig(
    env: Readonly<Record<string, string | undefined>>,
): ForwarderConfig {
    const problems: string[] = [];
    const webhookSecretArn = env.SLACK_WEBHOOK_SECRET_ARN?.trim() ?? "";
    if (!webhookSecretArn) {
        problems.push(
            `SLACK_WEBHOOK_SECRET_ARN is required (${FORWARDER_ENV.SLACK_WEBHOOK_SECRET_ARN})`,
        );
    } else if (!SECRET_ARN.test(webhookSecretArn)) {
        problems.push(
            `SLACK_WEBHOOK_SECRET_ARN must be a Secrets Manager secret ARN, got ${JSON.stringify(webhookSecretArn)}`,
        );
    }
    let ttlSeconds = 300;
    const rawTtl = env.SLACK_WEBHOOK_CACHE_TTL_SECONDS?.trim();
    if (rawTtl) {
        ttlSeconds = /^\d+$/.test(rawTtl) ? Number(rawTtl) : NaN;
        if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds > 3600) {
            problems.push(
                `SLACK_WEBHOOK_CACHE_TTL_SECONDS must be an integer 0..3600, got ${JSON.stringify(rawTtl)}`,
            );
        }
    }
    const deliveryTable = env.DELIVERY_TABLE?.trim() || undefined;
    if (deliveryTable !== undefined && !/^[\w.-]{3,255}$/.test(deliveryTable)) {
        problems.push(
            `DELIVERY_TABLE must be a DynamoDB table name, got ${JSON.stringify(deliveryTable)}`,
        );
    }
    if (problems.length > 0) throw new ForwarderConfigError(problems);
    return {
        webhookSecretArn,
        webhookCacheTtlMs: ttlSeconds * 1000,
        ...(deliveryTable !== undefined && { deliveryTable }),
    };
}
