/**
 * Secrets Manager values cached across invocations of a warm function, and the Slack webhook URL
 * read that way: a busy function costs one GetSecretValue per TTL, not one per message, and a
 * rotated secret is picked up within the TTL (or at once, when the caller invalidates after the
 * old value was refused).
 *
 * Shared by the Lambda runtimes that post to Slack (the new-customer notifier, the alert
 * forwarder). `cachedWebhookUrl` behaves exactly as the notifier's own copy in
 * `components/event-pipeline/runtime/new-customer-notifier/webhook-secret.ts`, messages included,
 * so that file can become a re-export of this one.
 *
 * Errors name the secret's ARN, never its value.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { DEFAULT_AWS_REQUEST_TIMEOUT_MS, withinDeadline } from "./deadline";
import { parseSlackWebhookUrl } from "./slack";

/** A value read from a secret, cached. */
export interface CachedSecret<T> {
    /**
     * The value, from the cache when fresh. A read of the secret is aborted after `timeoutMs`
     * (default the options' `requestTimeoutMs`) and then forgotten, so the next call reads
     * again instead of waiting on a read that never ends. Rejects without echoing the secret.
     */
    get(timeoutMs?: number): Promise<T>;
    /** Forgets the cached value: the next {@link get} reads the secret again. */
    invalidate(): void;
}

/** Options of {@link cachedSecret}. */
export interface CachedSecretOptions<T> {
    readonly client: SecretsManagerClient;
    /** ARN (or name) of the secret. */
    readonly secretId: string;
    /** What the secret holds, for the message when it is empty: `the webhook URL`. */
    readonly holds: string;
    /** How long a read value is reused (ms); 0 reads on every call. */
    readonly ttlMs: number;
    /**
     * Turns the secret's SecretString (trimmed, non-empty) into the value, or throws an error
     * that names `secretId` and never contains the value.
     */
    readonly parse: (secretString: string, secretId: string) => T;
    /** Bound of one read when `get` names none (ms). Default 5000. */
    readonly requestTimeoutMs?: number;
    readonly now?: () => number;
}

/** A {@link CachedSecret} over Secrets Manager with a TTL; concurrent reads share one call. */
export function cachedSecret<T>(options: CachedSecretOptions<T>): CachedSecret<T> {
    const now = options.now ?? Date.now;
    let cached: { value: T; fetchedAt: number } | undefined;
    let inFlight: Promise<T> | undefined;

    const read = async (timeoutMs: number): Promise<T> => {
        // Bounded here, not only by the caller: the read is shared and cached in `inFlight`, and
        // one that never settled (an answer that stalls after its headers, which the SDK's
        // requestTimeout does not cover) would hold every later call of the warm container.
        const out = await withinDeadline(
            `Secrets Manager GetSecretValue (${options.holds})`,
            timeoutMs,
            (abortSignal) =>
                options.client.send(new GetSecretValueCommand({ SecretId: options.secretId }), {
                    abortSignal,
                }),
        );
        const text = out.SecretString?.trim();
        if (!text) {
            throw new Error(`secret ${options.secretId} has no SecretString (${options.holds})`);
        }
        return options.parse(text, options.secretId);
    };

    return {
        async get(timeoutMs = options.requestTimeoutMs ?? DEFAULT_AWS_REQUEST_TIMEOUT_MS) {
            if (cached && now() - cached.fetchedAt < options.ttlMs) return cached.value;
            inFlight ??= read(timeoutMs)
                .then((value) => {
                    cached = { value, fetchedAt: now() };
                    return value;
                })
                .finally(() => {
                    inFlight = undefined;
                });
            return inFlight;
        },
        invalidate() {
            cached = undefined;
        },
    };
}

/** Where a Slack webhook URL comes from. */
export type WebhookUrlSource = CachedSecret<URL>;

/** Options of {@link cachedWebhookUrl}. */
export interface CachedWebhookUrlOptions {
    readonly client: SecretsManagerClient;
    /** ARN of the secret; its SecretString is the webhook URL as plain text. */
    readonly secretId: string;
    /** How long a read value is reused (ms); 0 reads on every call. */
    readonly ttlMs: number;
    /** Origins the URL may have; see `parseSlackWebhookUrl`. Default only Slack's. */
    readonly allowedOrigins?: readonly string[];
    /** Bound of one read when `get` names none (ms). Default 5000. */
    readonly requestTimeoutMs?: number;
    readonly now?: () => number;
}

/**
 * The Slack incoming-webhook URL held, as plain text, in a secret: checked with
 * `parseSlackWebhookUrl` on every read, cached for `ttlMs`.
 */
export function cachedWebhookUrl(options: CachedWebhookUrlOptions): WebhookUrlSource {
    return cachedSecret({
        client: options.client,
        secretId: options.secretId,
        holds: "the webhook URL",
        ttlMs: options.ttlMs,
        requestTimeoutMs: options.requestTimeoutMs,
        now: options.now,
        parse: (text, secretId) => {
            if (text.startsWith("{")) {
                throw new Error(
                    `secret ${secretId} must hold the webhook URL as plain text, not JSON`,
                );
            }
            try {
                return parseSlackWebhookUrl(text, options.allowedOrigins);
            } catch (err) {
                throw new Error(`secret ${secretId}: ${(err as Error).message}`);
            }
        },
    });
}
