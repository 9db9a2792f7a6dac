/**
 * The new-customer notifier: reads DynamoDB change events from a Kinesis batch, and posts one
 * friendly message to marketing's Slack channel for every customer when it first reaches
 * `MIN_EMPLOYEES` (created at or above it, or corrected up to it later).
 *
 * Delivery semantics, and why:
 * - Records are processed one after another (a shard is ordered, and Slack webhooks are rate
 *   limited to about one message a second). A record that fails (unreadable, or Slack would not
 *   take it in time) is reported as a batch item failure; the others still go through.
 * - With `ReportBatchItemFailures`, Lambda redelivers a Kinesis shard from the EARLIEST failed
 *   sequence number, so records after it come again. Kinesis and DynamoDB's streaming destination
 *   are at-least-once besides. So every announcement is decided by the customer's announcement
 *   record (./announcements): a conditional write per CUSTOMER, before posting. A customer is
 *   announced at most once, whichever change or redelivery brings it (a delete and re-create
 *   included).
 * - At most once also when Slack is slow: a post whose request went out and got no answer may
 *   have been delivered, so it is recorded as `MAYBE_POSTED` and never retried. Only a post
 *   that certainly failed (Slack refused it, or it never left) gives its claim back, so that the
 *   redelivery tries again.
 * - Every call (Secrets Manager, DynamoDB, Slack) is bounded by the invocation's remaining time
 *   less a safety margin: records that could not be finished in time are reported rather than
 *   the function timing out, which would fail the whole batch.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type {
    Context,
    KinesisStreamBatchResponse,
    KinesisStreamEvent,
    KinesisStreamRecord,
} from "aws-lambda";
import {
    boundedRequestHandler,
    DEFAULT_AWS_REQUEST_TIMEOUT_MS,
} from "../../../lib/runtime/deadline";
import { assertRecordsFrom } from "../../../lib/runtime/event-source";
import {
    isWebhookRejected,
    postSlackMessage,
    SlackDeliveryError,
    type SlackRetryPolicy,
} from "../../../lib/runtime/slack";
import { type DeliveryStore, dynamoDbAnnouncementStore } from "./announcements";
import {
    type Customer,
    decodeChangeEvent,
    type ItemImage,
    MalformedRecordError,
    parseCustomer,
} from "./change-event";
import { loadConfig } from "./config";
import { newCustomerMessage } from "./message";
import { cachedWebhookUrl } from "./webhook-secret";

/** The Lambda handler's type. */
export type NotifierHandler = (
    event: KinesisStreamEvent,
    context: Context,
) => Promise<KinesisStreamBatchResponse>;

/** What {@link createHandler} is built from. Only `env` is needed in production. */
export interface NotifierDeps {
    /** The function's environment; validated here, at cold start. */
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly logger?: Logger;
    readonly secretsManager?: SecretsManagerClient;
    /** Announcement records. Default: DynamoDB, on `IDEMPOTENCY_TABLE`. */
    readonly announcements?: DeliveryStore;
    readonly fetch?: typeof fetch;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly now?: () => number;
    readonly random?: () => number;
    readonly retry?: Partial<SlackRetryPolicy>;
    /**
     * TEST SEAM. Origins the webhook URL may have; default only `https://hooks.slack.com`.
     * Deliberately not an environment variable: no deploy-time setting can send the message, or
     * the URL's token, anywhere but Slack.
     */
    readonly allowedWebhookOrigins?: readonly string[];
    /** Time kept free at the end of an invocation for the reply (ms). Default 1000. */
    readonly safetyMarginMs?: number;
    /** Bound of one DynamoDB or Secrets Manager call once sent (ms). Default 5000. */
    readonly awsRequestTimeoutMs?: number;
}

/** The invocation's time ran out before a record could be finished. */
export class OutOfTimeError extends Error {
    constructor(what: string) {
        super(`no time left for ${what} before the invocation's deadline`);
        this.name = "OutOfTimeError";
    }
}

/** Employees in an item image, or undefined when it does not say (or is not a customer). */
function employeesOf(image: ItemImage | undefined): number | undefined {
    const raw = image?.employees?.N;
    return typeof raw === "string" && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * Builds the handler. Throws `ConfigError` naming the variable when the environment is invalid,
 * which, called at module scope, fails the cold start rather than every record.
 */
export function createHandler(deps: NotifierDeps): NotifierHandler {
    const config = loadConfig(deps.env);
    const logger = deps.logger ?? new Logger({ serviceName: "new-customer-notifier" });
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
    const announcements =
        deps.announcements ??
        dynamoDbAnnouncementStore({
            client: new DynamoDBClient({ requestHandler: boundedRequestHandler(awsTimeoutMs) }),
            tableName: config.idempotencyTable,
            now,
        });

    /** The bound of the next call: its own timeout, or what is left of the invocation. */
    const bound = (deadline: number, what: string): number => {
        const left = deadline - now();
        if (left <= 0) throw new OutOfTimeError(what);
        return Math.min(awsTimeoutMs, left);
    };

    const announce = async (
        customer: Customer,
        eventId: string,
        deadline: number,
        log: Record<string, unknown>,
    ): Promise<void> => {
        // The URL first: a failure here has claimed nothing. The cache bounds (and aborts) the
        // read itself, so a read that gave up is not waited on again by the next record.
        const url = await webhook.get(bound(deadline, "reading the webhook URL"));
        const claim = await announcements.claim(
            customer.customerId,
            { eventId },
            bound(deadline, "claiming the announcement"),
        );
        if (!claim.claimed) {
            logger.info("customer was already announced; not posted again", log);
            return;
        }
        const finish = async (status: "POSTED" | "MAYBE_POSTED") => {
            try {
                await announcements.finish(
                    customer.customerId,
                    claim.token,
                    status,
                    Math.max(1, Math.min(awsTimeoutMs, deadline + safetyMarginMs / 2 - now())),
                );
            } catch (err) {
                // The claim stays POSTING, which blocks a second post just the same.
                logger.error("announcement record not updated; it stays claimed", {
                    ...log,
                    status,
                    error: err as Error,
                });
            }
        };
        let attempts: number;
        try {
            ({ attempts } = await postSlackMessage(url, newCustomerMessage(customer), {
                deadline,
                retry: deps.retry,
                fetch: deps.fetch,
                sleep: deps.sleep,
                now,
                random: deps.random,
                onRetry: (info) =>
                    logger.warn("Slack did not take the message; retrying", { ...log, ...info }),
            }));
        } catch (err) {
            if (err instanceof SlackDeliveryError && err.maybeDelivered) {
                await finish("MAYBE_POSTED");
                logger.warn(
                    "Slack may have posted the announcement; recorded, and never posted again",
                    { ...log, reason: err.message },
                );
                return;
            }
            // A revoked or rotated webhook: read the secret again next time.
            if (err instanceof SlackDeliveryError && isWebhookRejected(err.status)) {
                webhook.invalidate();
            }
            // Nothing was posted: give the claim back, so the redelivery announces.
            try {
                await announcements.release(
                    customer.customerId,
                    claim.token,
                    Math.max(1, Math.min(awsTimeoutMs, deadline + safetyMarginMs / 2 - now())),
                );
            } catch (releaseErr) {
                logger.error(
                    "announcement claim not given back; the customer will not be announced",
                    { ...log, error: releaseErr as Error },
                );
            }
            throw err;
        }
        await finish("POSTED");
        logger.info("new customer announced on Slack", { ...log, attempts });
    };

    const processRecord = async (record: KinesisStreamRecord, deadline: number): Promise<void> => {
        const sequenceNumber = record.kinesis.sequenceNumber;
        let eventId: string | undefined;
        try {
            if (deadline - now() <= 0) throw new OutOfTimeError("this record");
            const change = decodeChangeEvent(record.kinesis.data);
            eventId = change.eventID;
            if (change.tableName !== config.customersTable || change.eventName === "REMOVE") {
                logger.debug("not a customer's creation or update; skipped", {
                    sequenceNumber,
                    eventId,
                    tableName: change.tableName,
                    eventName: change.eventName,
                });
                return;
            }
            const customer = parseCustomer(change.dynamodb.NewImage);
            const log = { sequenceNumber, eventId, customerId: customer.customerId };
            if (customer.employees < config.minEmployees) {
                logger.info("customer below the size threshold; not announced", {
                    ...log,
                    employees: customer.employees,
                    minEmployees: config.minEmployees,
                });
                return;
            }
            const before = employeesOf(change.dynamodb.OldImage);
            if (change.eventName === "MODIFY" && before !== undefined) {
                if (before >= config.minEmployees) {
                    logger.debug("customer was at the threshold before this change; skipped", log);
                    return;
                }
            }
            await announce(customer, eventId, deadline, log);
        } catch (err) {
            if (err instanceof MalformedRecordError) {
                logger.error("malformed record; reported as a batch item failure", {
                    sequenceNumber,
                    eventId,
                    reason: err.message,
                });
            } else {
                logger.error("record not delivered; reported as a batch item failure", {
                    sequenceNumber,
                    eventId,
                    error: err as Error,
                });
            }
            throw err;
        }
    };

    return async (event, context) => {
        logger.addContext(context);
        // A queue, topic, table stream or rule wired here by mistake fails loudly.
        assertRecordsFrom("new-customer-notifier", event, "aws:kinesis", "kinesis");
        const deadline = now() + context.getRemainingTimeInMillis() - safetyMarginMs;
        // Sequential: shard order, and one message at a time to Slack.
        const batchItemFailures: { itemIdentifier: string }[] = [];
        for (const record of event.Records) {
            try {
                await processRecord(record, deadline);
            } catch {
                batchItemFailures.push({ itemIdentifier: record.kinesis.sequenceNumber });
            }
        }
        const response: KinesisStreamBatchResponse = { batchItemFailures };
        logger.info("batch processed", {
            records: event.Records.length,
            failed: response.batchItemFailures.length,
        });
        return response;
    };
}
