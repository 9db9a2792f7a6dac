/**
 * Slack incoming webhooks for the Lambda runtimes: URL checks, mrkdwn escaping, and a delivery
 * loop that retries 429/5xx with backoff, honours `Retry-After`, and never outlives a deadline.
 *
 * Shared by every function that talks to Slack (the new-customer notifier, the alert forwarder).
 * Plain `fetch`, no SDK: an incoming webhook is one POST, and the retry policy is ours to test.
 *
 * The webhook URL is a credential (anyone holding it can post to the channel), so nothing here
 * puts it in an error message or a log field.
 */
import { exponentialBackoffMs } from "./backoff";

/** The only origin a production webhook may have. */
export const SLACK_WEBHOOK_ORIGIN = "https://hooks.slack.com";

/** A message for an incoming webhook: `text` is required, and is the fallback for `blocks`. */
export interface SlackMessage {
    readonly text: string;
    readonly blocks?: readonly unknown[];
    readonly unfurl_links?: boolean;
    readonly unfurl_media?: boolean;
}

/** How {@link postSlackMessage} retries. */
export interface SlackRetryPolicy {
    /** Attempts in all, the first included. Default 4. */
    readonly maxAttempts: number;
    /** Backoff before the second attempt (ms); doubles per attempt. Default 500. */
    readonly baseDelayMs: number;
    /** Ceiling of the exponential backoff (ms). Default 8000. Not applied to `Retry-After`. */
    readonly maxDelayMs: number;
    /** Fraction of a backoff delay randomly taken off (0..1) so shards don't retry in step. Default 0.2. */
    readonly jitter: number;
    /** Upper bound of one HTTP attempt (ms). Default 5000. */
    readonly requestTimeoutMs: number;
    /** No attempt starts with less time than this before the deadline (ms). Default 500. */
    readonly minAttemptMs: number;
}

/** The defaults of {@link SlackRetryPolicy}. */
export const DEFAULT_SLACK_RETRY_POLICY: SlackRetryPolicy = {
    maxAttempts: 4,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
    jitter: 0.2,
    requestTimeoutMs: 5_000,
    minAttemptMs: 500,
};

/** What one retry looked like, for the caller's log. */
export interface SlackRetryInfo {
    /** The attempt that failed (1-based). */
    readonly attempt: number;
    /** The wait before the next attempt (ms). */
    readonly delayMs: number;
    /** HTTP status of the failed attempt; undefined for a network error or timeout. */
    readonly status?: number;
    /** Whether `delayMs` came from the response's `Retry-After`. */
    readonly fromRetryAfter: boolean;
    readonly reason: string;
}

/** Options of {@link postSlackMessage}; every clock and I/O seam can be injected for tests. */
export interface PostSlackMessageOptions {
    /** Epoch ms by which the last attempt must have finished (the Lambda's end, less a margin). */
    readonly deadline?: number;
    readonly retry?: Partial<SlackRetryPolicy>;
    readonly fetch?: typeof fetch;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly now?: () => number;
    /** Uniform in [0, 1), for the jitter. */
    readonly random?: () => number;
    /** Called before each wait between attempts. */
    readonly onRetry?: (info: SlackRetryInfo) => void;
}

/** A delivery that did not succeed. The message never contains the webhook URL. */
export class SlackDeliveryError extends Error {
    constructor(
        message: string,
        /** HTTP status of the last attempt; undefined for a network error, timeout or no attempt. */
        readonly status: number | undefined,
        /** Whether trying again later may succeed (429, 5xx, network, out of time). */
        readonly retryable: boolean,
        /** Attempts made. */
        readonly attempts: number,
        /**
         * The last attempt's request was sent and no answer came (a timeout, a connection lost
         * mid-request): Slack may have posted it. Never retried blindly; the caller decides.
         */
        readonly maybeDelivered = false,
    ) {
        super(message);
        this.name = "SlackDeliveryError";
    }
}

/**
 * Connection errors that happen before a request is sent (nothing reached Slack), so a retry
 * cannot post twice. Anything else without an HTTP answer may have been delivered.
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "UND_ERR_CONNECT_TIMEOUT",
    "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/**
 * Whether a status says the webhook itself is gone or refused (revoked, rotated, channel
 * archived): a cached copy of the URL should be dropped and fetched again.
 */
export function isWebhookRejected(status: number | undefined): boolean {
    return status === 403 || status === 404 || status === 410;
}

/**
 * Parses a webhook URL and checks it is an incoming webhook on an allowed origin:
 * `https://hooks.slack.com/services/...` by default, no credentials, no other port.
 * `allowedOrigins` exists so tests can point the client at a local server; production callers
 * leave the default. Throws without echoing the URL (it is a secret).
 */
export function parseSlackWebhookUrl(
    raw: string,
    allowedOrigins: readonly string[] = [SLACK_WEBHOOK_ORIGIN],
): URL {
    let url: URL;
    try {
        url = new URL(raw.trim());
    } catch {
        throw new Error("Slack webhook URL is not a valid URL");
    }
    if (!allowedOrigins.includes(url.origin)) {
        // The origin holds no secret (the token is in the path), so it may be named.
        throw new Error(
            `Slack webhook URL must start with ${allowedOrigins.join(" or ")}, got origin ${url.origin}`,
        );
    }
    if (url.username !== "" || url.password !== "") {
        throw new Error("Slack webhook URL must not carry credentials");
    }
    if (!url.pathname.startsWith("/services/")) {
        throw new Error("Slack webhook URL must be an incoming webhook (/services/...)");
    }
    return url;
}

/**
 * Escapes the three characters Slack's mrkdwn gives control meaning (`&`, `<`, `>`), so text from
 * customers cannot form links or mentions (`<!channel>`); Slack's documented escaping, nothing
 * more.
 */
export function escapeMrkdwn(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Milliseconds a `Retry-After` header asks for: delta-seconds or an HTTP date (RFC 9110 10.2.3).
 * Undefined when absent or unreadable; a date in the past means 0.
 */
export function parseRetryAfterMs(
    value: string | null | undefined,
    nowMs: number,
): number | undefined {
    if (value === null || value === undefined) return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
    if (!/[a-z]/i.test(trimmed)) return undefined; // "1.5", "-3": not a date, not delta-seconds
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    return Math.max(0, at - nowMs);
}

/**
 * The exponential backoff after failed attempt `attempt` (1-based), before jitter:
 * `min(maxDelayMs, baseDelayMs * 2^(attempt-1))`, then `jitter * random()` of it taken off.
 */
export function backoffDelayMs(attempt: number, policy: SlackRetryPolicy, random: number): number {
    return exponentialBackoffMs(policy, attempt, random);
}

function isRetryableStatus(status: number): boolean {
    return status === 429 || status >= 500;
}

const defaultSleep = (ms: number): Promise<void> =>
    new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Posts `message` to an incoming webhook. Retries 429 and 5xx responses and connection errors
 * that happen before anything is sent, up to `maxAttempts`, waiting what `Retry-After` asks when the response says, else the
 * exponential backoff. Gives up early, without waiting, when the next attempt could not finish
 * before `deadline`. Redirects are refused: a webhook never redirects, and following one would
 * send the payload elsewhere. A timeout, or a connection lost, after the request was sent is
 * never retried: Slack may have posted it, so the error says `maybeDelivered` and the caller's
 * own record decides (at most once). Resolves with the number of attempts; rejects with
 * {@link SlackDeliveryError}.
 */
export async function postSlackMessage(
    webhookUrl: URL,
    message: SlackMessage,
    options: PostSlackMessageOptions = {},
): Promise<{ attempts: number }> {
    const policy: SlackRetryPolicy = { ...DEFAULT_SLACK_RETRY_POLICY, ...options.retry };
    const doFetch = options.fetch ?? fetch;
    const sleep = options.sleep ?? defaultSleep;
    const now = options.now ?? Date.now;
    const random = options.random ?? Math.random;
    const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    const body = JSON.stringify(message);

    for (let attempt = 1; ; attempt++) {
        const timeLeft = deadline - now();
        if (timeLeft < policy.minAttemptMs) {
            throw new SlackDeliveryError(
                `no time left for Slack attempt ${attempt} (${Math.max(0, timeLeft)} ms before the deadline)`,
                undefined,
                true,
                attempt - 1,
            );
        }
        let status: number | undefined;
        let retryAfterMs: number | undefined;
        let reason: string;
        try {
            const response = await doFetch(webhookUrl, {
                method: "POST",
                headers: { "content-type": "application/json; charset=utf-8" },
                body,
                redirect: "error",
                signal: AbortSignal.timeout(Math.min(policy.requestTimeoutMs, timeLeft)),
            });
            if (response.ok) {
                await response.body?.cancel();
                return { attempts: attempt };
            }
            status = response.status;
            // Slack answers errors with a short token (`invalid_payload`, `no_service`, ...).
            const text = (await response.text().catch(() => "")).slice(0, 100);
            reason = `HTTP ${status}${text ? ` ${JSON.stringify(text)}` : ""}`;
            if (!isRetryableStatus(status)) {
                throw new SlackDeliveryError(
                    `Slack rejected the message: ${reason}`,
                    status,
                    false,
                    attempt,
                );
            }
            retryAfterMs = parseRetryAfterMs(response.headers.get("retry-after"), now());
        } catch (err) {
            if (err instanceof SlackDeliveryError) throw err;
            // fetch's own messages can name the host; keep only the kind of failure.
            const e = err as { name?: string; cause?: { code?: string; message?: string } };
            const code = e.cause?.code;
            // A redirect is an answer: Slack did not take the message.
            const answered = /redirect/i.test(e.cause?.message ?? "");
            if (e.name === "TimeoutError" || (!answered && !NOT_SENT_CODES.has(code ?? ""))) {
                // The request may be on Slack's side already: a retry could post it twice.
                const what =
                    e.name === "TimeoutError"
                        ? `no answer within ${Math.min(policy.requestTimeoutMs, timeLeft)} ms`
                        : `connection lost (${code ?? e.name ?? "unknown"})`;
                throw new SlackDeliveryError(
                    `Slack may have posted the message: ${what} after sending it; not retried`,
                    undefined,
                    false,
                    attempt,
                    true,
                );
            }
            reason = `network error (${code ?? e.name ?? "unknown"})`;
        }

        if (attempt >= policy.maxAttempts) {
            throw new SlackDeliveryError(
                `Slack delivery failed after ${attempt} attempts: ${reason}`,
                status,
                true,
                attempt,
            );
        }
        const delayMs = retryAfterMs ?? backoffDelayMs(attempt, policy, random());
        if (now() + delayMs + policy.minAttemptMs > deadline) {
            throw new SlackDeliveryError(
                `Slack delivery failed: ${reason}; waiting ${delayMs} ms for attempt ${attempt + 1} would pass the deadline`,
                status,
                true,
                attempt,
            );
        }
        options.onRetry?.({
            attempt,
            delayMs,
            status,
            fromRetryAfter: retryAfterMs !== undefined,
            reason,
        });
        await sleep(delayMs);
    }
}
