/**
 * The Slack alert forwarder: subscribed to the alarm topic, it posts every notification to the
 * team's channel.
 *
 * Delivery semantics, and why:
 * - SNS invokes the function asynchronously, one record per invocation. When the post fails
 *   (Slack down or refusing, the secret unreadable), the handler throws: Lambda retries the event
 *   (the component sets two retries), then sends it to the function's on-failure SQS queue, where
 *   an alarm (e-mailed, if Slack is what broke) says it is waiting. An alarm is never dropped.
 * - At most once per alarm state change: before posting, the forwarder claims the change's
 *   delivery record (DynamoDB, conditional write; `DELIVERY_TABLE`), keyed by the alarm, the
 *   time of the change and the new state (by the SNS message id for what is not an alarm), so
 *   SNS's duplicate deliveries and Lambda's retries find it claimed and post nothing. A post whose
 *   request went out and got no answer (Slack slow) may have been delivered: it is recorded as
 *   such and NOT failed (a Lambda retry would post it again). Only a post that certainly failed
 *   gives its claim back and fails the event.
 * - A message that is not a readable CloudWatch alarm is still posted, as a fallback with its raw
 *   subject and body; an event that is not from SNS at all is refused (EventSourceError), so
 *   it lands in the on-failure queue instead of being posted as content-less fallbacks.
 * - Slack retries (429/5xx, `Retry-After`) stay inside the invocation's remaining time.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createHash } from "node:crypto";
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
} from "../../../lib/runtime/deadline";
import { assertRecordsFrom } from "../../../lib/runtime/event-source";
import { type DeliveryStore, dynamoDbDeliveryStore } from "../../../lib/runtime/delivery-record";
import { type AlarmNotification, messageFor } from "./alarm";
import { loadForwarderConfig } from "./config";

/** The Lambda handler's type. */
export type ForwarderHandler = (event: SNSEvent, context: Context) => Promise<ForwarderResult>;

/** What an invocation did (returned for tests and logs; SNS ignores it). */
export interface ForwarderResult {
    readonly posted: number;
    readonly fallbacks: number;
    /** Notifications whose delivery record was claimed before: not posted again. */
    readonly duplicates?: number;
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
    /** Bound of one Secrets Manager or DynamoDB call once sent (ms). Default 5000. */
    readonly awsRequestTimeoutMs?: number;
    /** Delivery records. Default: DynamoDB on `DELIVERY_TABLE` when set, else none. */
    readonly deliveries?: DeliveryStore;
}

/** Prefix of delivery keys: fixed, so a replaced (renamed) function still knows them. */
export const DELIVERY_KEY_PREFIX = "slack-forwarder#";

/** Days a delivery record is kept: longer than SNS and Lambda retry anything. */
export const DELIVERY_RECORD_DAYS = 7;

/**
 * The key of one state change: a hash of the alarm (ARN, else name), the time of the change and
 * the new state; for a notification that is not a readable alarm, of its SNS message id.
 */
export function deliveryKey(
    alarm: AlarmNotification | undefined,
    raw: unknown,
    messageId: string,
): string {
    const body = (typeof raw === "string" ? safeJson(raw) : undefined) as
        { AlarmArn?: unknown } | undefined;
    const parts =
        alarm !== undefined && alarm.stateChangeTime !== undefined
            ? [
                  "alarm",
                  typeof body?.AlarmArn === "string" ? body.AlarmArn : alarm.alarmName,
                  alarm.stateChangeTime,
                  alarm.newState,
              ]
            : ["sns", messageId];
    return createHash("sha256").update(JSON.stringify(parts)).digest("base64url");
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
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
        requestTimeoutMs: awsTimeoutMs,
        now,
    });
    const deliveries =
        deps.deliveries ??
        (config.deliveryTable !== undefined
            ? dynamoDbDeliveryStore({
                  client: new DynamoDBClient({
                      requestHandler: boundedRequestHandler(awsTimeoutMs),
                  }),
                  tableName: config.deliveryTable,
                  keyPrefix: DELIVERY_KEY_PREFIX,
                  expiresAfterSeconds: DELIVERY_RECORD_DAYS * 86_400,
                  now,
              })
            : undefined);
    const bound = (deadline: number) => Math.max(1, Math.min(awsTimeoutMs, deadline - now()));
    const finishClaim = async (
        claim: { key: string; token: string } | undefined,
        status: "POSTED" | "MAYBE_POSTED",
        deadline: number,
        log: Record<string, unknown>,
    ): Promise<void> => {
        if (claim === undefined || deliveries === undefined) return;
        try {
            await deliveries.finish(
                claim.key,
                claim.token,
                status,
                bound(deadline + safetyMarginMs / 2),
            );
        } catch (err) {
            // The claim stays POSTING, which blocks a second post just the same.
            logger.error("delivery record not updated; it stays claimed", {
                ...log,
                status,
                error: err as Error,
            });
        }
    };

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
        let duplicates = 0;
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
            let claim: { key: string; token: string } | undefined;
            try {
                // The cache bounds (and aborts) the read itself: one that gave up is forgotten.
                const url = await webhook.get(bound(deadline));
                if (deliveries !== undefined) {
                    const key = deliveryKey(alarm, sns.Message, messageId);
                    const claimed = await deliveries.claim(
                        key,
                        { messageId, ...(alarm && { alarmName: alarm.alarmName }) },
                        bound(deadline),
                    );
                    if (!claimed.claimed) {
                        duplicates++;
                        logger.info("alarm state change was posted before; not posted again", log);
                        continue;
                    }
                    claim = { key, token: claimed.token };
                }
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
                await finishClaim(claim, "POSTED", deadline, log);
            } catch (err) {
                if (err instanceof SlackDeliveryError && err.maybeDelivered) {
                    maybePosted++;
                    await finishClaim(claim, "MAYBE_POSTED", deadline, log);
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
                // Nothing was posted: give the claim back, so Lambda's retry posts it.
                if (claim !== undefined && deliveries !== undefined) {
                    await deliveries
                        .release(claim.key, claim.token, bound(deadline + safetyMarginMs / 2))
                        .catch((releaseErr: unknown) =>
                            logger.error(
                                "delivery claim not given back; the alarm stays unposted",
                                {
                                    ...log,
                                    error: releaseErr as Error,
                                },
                            ),
                        );
                }
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
        return {
            posted,
            fallbacks,
            ...(maybePosted > 0 && { maybePosted }),
            ...(duplicates > 0 && { duplicates }),
        };
    };
}
