/**
 * The Slack webhook URL, read from Secrets Manager and kept for a TTL across invocations of a warm
 * function, so a busy stream costs one GetSecretValue per TTL, not one per message, and a rotated
 * secret is picked up within the TTL (or at once when Slack rejects the old URL).
 */
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { parseSlackWebhookUrl } from "../../../lib/runtime/slack";

/** Where the webhook URL comes from. */
export interface WebhookUrlSource {
    /** The URL, from the cache when fresh. Rejects without echoing the secret. */
    get(): Promise<URL>;
    /** Forgets the cached URL: the next {@link get} reads the secret again. */
    invalidate(): void;
}

/** Options of {@link cachedWebhookUrl}. */
export interface CachedWebhookUrlOptions {
    readonly client: SecretsManagerClient;
    /** ARN of the secret; its SecretString is the webhook URL as plain text. */
    readonly secretId: string;
    /** How long a read value is reused (ms); 0 reads on every call. */
    readonly ttlMs: number;
    /** Origins the URL may have; see `parseSlackWebhookUrl`. */
    readonly allowedOrigins?: readonly string[];
    readonly now?: () => number;
}

/** A {@link WebhookUrlSource} over Secrets Manager with a TTL cache; concurrent reads share one call. */
export function cachedWebhookUrl(options: CachedWebhookUrlOptions): WebhookUrlSource {
    const now = options.now ?? Date.now;
    let cached: { url: URL; fetchedAt: number } | undefined;
    let inFlight: Promise<URL> | undefined;

    const read = async (): Promise<URL> => {
        const out = await options.client.send(
            new GetSecretValueCommand({ SecretId: options.secretId }),
        );
        const value = out.SecretString?.trim();
        if (!value) {
            throw new Error(`secret ${options.secretId} has no SecretString (the webhook URL)`);
        }
        if (value.startsWith("{")) {
            throw new Error(
                `secret ${options.secretId} must hold the webhook URL as plain text, not JSON`,
            );
        }
        try {
            return parseSlackWebhookUrl(value, options.allowedOrigins);
        } catch (err) {
            throw new Error(`secret ${options.secretId}: ${(err as Error).message}`);
        }
    };

    return {
        async get() {
            if (cached && now() - cached.fetchedAt < options.ttlMs) return cached.url;
            inFlight ??= read()
                .then((url) => {
                    cached = { url, fetchedAt: now() };
                    return url;
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
