/**
 * The Slack alert forwarder: subscribed to the alarm topic, it posts every notification to the
 * team's channel.
 *
 * Delivery semantics, and why:
 * - SNS invokes the function asynchronously, one record per invocation. When the post fails
 *   (Slack down or refusing, the secret unreadable), the handler throws: Lambda retries the event
 *   (the component sets two retries), then sends it to the function's on-failure SQS queue, where
 *   an alarm (e-mailed, if Slack is what broke) says it is waiting. An alarm is never dropped.
 * - At most once per state change from this function: a post whose request went out and got no
 *   answer (Slack slow) may have been delivered, so it is logged as such and NOT failed (a Lambda
 *   retry would post it again). Only a post that certainly failed fails the event. SNS's own
 *   rare duplicate deliveries are not deduplicated (that would need a table of message ids).
 * - A message that is not a readable CloudWatch alarm is still posted, as a fallback with its raw
 *   subject and body; an event that is not from SNS at all is refused (EventSourceError), so
 *   it lands in the on-failure queue instead of being posted as content-less fallbacks.
 * - Slack retries (429/5xx, `Retry-After`) stay inside the invocation's remaining time.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Context, SNSEvent } from "aws-lambda";
import {
    isWebhookRejected,
    postSlackMessage,
    SlackDeliveryError,
    type SlackRetryPolicy,
} from "../../../lib/runtime/slack";
import { cachedWebhookUrl } from "../../../lib/runtime/webhook-secret";
import {
    boundedRequestHandler,
    DEFAULT_AWS_REQUEST_TIMEOUT_MS,
    withinDeadline,
} from "../../../lib/runtime/deadline";
import { assertRecordsFrom } from "../../../lib/runtime/event-source";
import { messageFor } from "./alarm";
import { loadForwarderConfig } from "./config";

/** The Lambda handler's type. */
export type ForwarderHandler = (event: SNSEvent, context: Context) => Promise<ForwarderResult>;

/** What an invocation did (returned for tests and logs; SNS ignores it). */
export interface ForwarderResult {
    readonly posted: number;
    readonly fallbacks: number;
    /** Posts whose request was sent and got no answer: maybe delivered, never sent again. */
    readonly maybePosted?: number;
}

/** What {@link createHandler} is built from. Only `env` is needed in production. */
export interface ForwarderDeps {
    /** The function's environment; validated here, at cold start. */
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly logger?: Logger;
    readonly secretsManager?: SecretsManagerClient;
    readonly fetch?: typeof fetch;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly now?: () => number;
    readonly random?: () => number;
    readonly retry?: Partial<SlackRetryPolicy>;
    /**
     * TEST SEAM. Origins the webhook URL may have; default only `https://hooks.slack.com`.
     * Deliberately not an environment variable: no deploy-time setting can send alarms, or the
     * URL's token, anywhere but Slack.
     */
    readonly allowedWebhookOrigins?: readonly string[];
    /** Time kept free at the end of an invocation for the reply (ms). Default 1000. */
    readonly safetyMarginMs?: number;
    /** Bound of one Secrets Manager call once sent (ms). Default 5000. */
    readonly awsRequestTimeoutMs?: number;
}

/** Some notifications of an event were not delivered; the event is failed so Lambda retries it. */
export class ForwardingError extends Error {
    constructor(
        message: string,
        readonly failures: readonly { messageId: string; reason: string }[],
    ) {
        super(message);
        this.name = "ForwardingError";
    }
}

/**
 * Builds the handler. Throws `ForwarderConfigError` naming the variable when the environment is
 * invalid, which, called at module scope, fails the cold start.
 */
export function createHandler(deps: ForwarderDeps): ForwarderHandler {
    const config = loadForwarderConfig(deps.env);
    const logger = deps.logger ?? new Logger({ serviceName: "slack-forwarder" });
    const now = deps.now ?? Date.now;
    const safetyMarginMs = deps.safetyMarginMs ?? 1000;
    const awsTimeoutMs = deps.awsRequestTimeoutMs ?? DEFAULT_AWS_REQUEST_TIMEOUT_MS;
    const webhook = cachedWebhookUrl({
        client:
            deps.secretsManager ??
            new SecretsManagerClient({ requestHandler: boundedRequestHandler(awsTimeoutMs) }),
        secretId: config.webhookSecretArn,
        ttlMs: config.webhookCacheTtlMs,
        allowedOrigins: deps.allowedWebhookOrigins,
        now,
    });

    return async (event, context) => {
        logger.addContext(context);
        // Not from SNS: fail it, so it shows in the on-failure queue rather than vanish.
        assertRecordsFrom("slack-forwarder", event, "aws:sns", "Sns");
        const records = event.Records;
        const deadline = now() + context.getRemainingTimeInMillis() - safetyMarginMs;
        const failures: { messageId: string; reason: string }[] = [];
        let posted = 0;
        let fallbacks = 0;
        let maybePosted = 0;
        // One after another: Slack webhooks take about one message a second.
        for (const record of records) {
            const sns = record?.Sns ?? {};
            const messageId = typeof sns.MessageId === "string" ? sns.MessageId : "(none)";
            const { message, alarm, problem } = messageFor(sns);
            const log = {
                messageId,
                alarmName: alarm?.alarmName,
                state: alarm?.newState,
            };
            if (problem !== undefined) {
                fallbacks++;
                logger.warn("not a readable CloudWatch alarm; posting the fallback", {
                    ...log,
                    problem,
                });
            }
            try {
                const url = await withinDeadline(
                    "Secrets Manager GetSecretValue (webhook URL)",
                    Math.max(1, Math.min(awsTimeoutMs, deadline - now())),
                    () => webhook.get(),
                );
                const { attempts } = await postSlackMessage(url, message, {
                    deadline,
                    retry: deps.retry,
                    fetch: deps.fetch,
                    sleep: deps.sleep,
                    now,
                    random: deps.random,
                    onRetry: (info) =>
                        logger.warn("Slack did not take the message; retrying", {
                            ...log,
                            ...info,
                        }),
                });
                posted++;
                logger.info("alarm posted to Slack", { ...log, attempts });
            } catch (err) {
                if (err instanceof SlackDeliveryError && err.maybeDelivered) {
                    maybePosted++;
                    logger.warn(
                        "Slack may have posted the alarm; not failed, so not posted again",
                        {
                            ...log,
                            reason: err.message,
                        },
                    );
                    continue;
                }
                // A revoked or rotated webhook: read the secret again on the retry.
                if (err instanceof SlackDeliveryError && isWebhookRejected(err.status)) {
                    webhook.invalidate();
                }
                logger.error("alarm not delivered to Slack", { ...log, error: err as Error });
                failures.push({ messageId, reason: (err as Error).message });
            }
        }
        if (failures.length > 0) {
            throw new ForwardingError(
                `${failures.length} of ${records.length} notifications not delivered to Slack: ${failures
                    .map((f) => `${f.messageId}: ${f.reason}`)
                    .join("; ")}`,
                failures,
            );
        }
        return maybePosted > 0 ? { posted, fallbacks, maybePosted } : { posted, fallbacks };
    };
}
