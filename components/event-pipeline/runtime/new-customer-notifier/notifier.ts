/**
 * The new-customer notifier: reads DynamoDB change events from a Kinesis batch, and for every new
 * customer at or above `MIN_EMPLOYEES` posts one friendly message to marketing's Slack channel.
 *
 * Delivery semantics, and why:
 * - Records are processed one after another (a shard is ordered, and Slack webhooks are rate
 *   limited to about one message a second). A record that fails (unreadable, or Slack would not
 *   take it in time) is reported as a batch item failure; the others still go through.
 * - With `ReportBatchItemFailures`, Lambda redelivers a Kinesis shard from the EARLIEST failed
 *   sequence number, so records after it come again. Kinesis and DynamoDB's streaming destination
 *   are at-least-once besides. An announcement is therefore idempotent on the change's `eventID`
 *   (Powertools idempotency): the same change posts once, however often it arrives.
 * - Slack retries (429/5xx, `Retry-After`) stay inside the invocation's remaining time: a record
 *   that cannot be delivered in time is reported rather than the function timing out, which
 *   would fail the whole batch.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import { Logger } from "@aws-lambda-powertools/logger";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type {
    Context,
    KinesisStreamBatchResponse,
    KinesisStreamEvent,
    KinesisStreamRecord,
} from "aws-lambda";
import {
    isWebhookRejected,
    postSlackMessage,
    SlackDeliveryError,
    type SlackRetryPolicy,
} from "../../../lib/runtime/slack";
import {
    decodeChangeEvent,
    MalformedRecordError,
    parseCustomer,
    type Customer,
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
    /** Idempotency store. Default: Powertools' DynamoDB layer on `IDEMPOTENCY_TABLE`. */
    readonly persistenceStore?: BasePersistenceLayer;
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
    /** Time kept free at the end of an invocation for the idempotency write and the reply (ms). Default 1000. */
    readonly safetyMarginMs?: number;
}

/** The payload made idempotent; `eventId` is the key. */
interface Announcement {
    readonly eventId: string;
    readonly customer: Customer;
}

/** Per-delivery context of an announcement; not part of the idempotency key (argument 0 is). */
interface DeliveryContext {
    /** Epoch ms by which Slack delivery must be over. */
    readonly deadline: number;
    readonly sequenceNumber: string;
}

/** What an announcement returns (and the idempotency store keeps). */
interface AnnouncementResult {
    readonly announcedAt: string;
    readonly attempts: number;
    /** Set when the event had been announced before and nothing was posted now. */
    readonly replayed?: boolean;
}

/** Prefix of idempotency keys: fixed, so a replaced (renamed) function still knows its events. */
export const IDEMPOTENCY_KEY_PREFIX = "new-customer-notifier";

/**
 * Builds the handler. Throws `ConfigError` naming the variable when the environment is invalid,
 * which, called at module scope, fails the cold start rather than every record.
 */
export function createHandler(deps: NotifierDeps): NotifierHandler {
    const config = loadConfig(deps.env);
    const logger = deps.logger ?? new Logger({ serviceName: "new-customer-notifier" });
    const now = deps.now ?? Date.now;
    const safetyMarginMs = deps.safetyMarginMs ?? 1000;

    const webhook = cachedWebhookUrl({
        client: deps.secretsManager ?? new SecretsManagerClient({}),
        secretId: config.webhookSecretArn,
        ttlMs: config.webhookCacheTtlMs,
        allowedOrigins: deps.allowedWebhookOrigins,
        now,
    });

    const idempotencyConfig = new IdempotencyConfig({
        eventKeyJmesPath: "eventId",
        throwOnNoIdempotencyKey: true,
        expiresAfterSeconds: config.idempotencyExpirySeconds,
        responseHook: (response) => ({ ...(response as object), replayed: true }),
    });

    const announce = makeIdempotent(
        async (
            announcement: Announcement,
            delivery: DeliveryContext,
        ): Promise<AnnouncementResult> => {
            const url = await webhook.get();
            try {
                const { attempts } = await postSlackMessage(
                    url,
                    newCustomerMessage(announcement.customer),
                    {
                        deadline: delivery.deadline,
                        retry: deps.retry,
                        fetch: deps.fetch,
                        sleep: deps.sleep,
                        now,
                        random: deps.random,
                        onRetry: (info) =>
                            logger.warn("Slack did not take the message; retrying", {
                                sequenceNumber: delivery.sequenceNumber,
                                eventId: announcement.eventId,
                                ...info,
                            }),
                    },
                );
                return { announcedAt: new Date(now()).toISOString(), attempts };
            } catch (err) {
                // A revoked or rotated webhook: read the secret again next time.
                if (err instanceof SlackDeliveryError && isWebhookRejected(err.status)) {
                    webhook.invalidate();
                }
                throw err;
            }
        },
        {
            persistenceStore:
                deps.persistenceStore ??
                new DynamoDBPersistenceLayer({ tableName: config.idempotencyTable }),
            config: idempotencyConfig,
            keyPrefix: IDEMPOTENCY_KEY_PREFIX,
            dataIndexArgument: 0,
        },
    );

    const processRecord = async (record: KinesisStreamRecord, deadline: number): Promise<void> => {
        const sequenceNumber = record.kinesis.sequenceNumber;
        let eventId: string | undefined;
        try {
            const change = decodeChangeEvent(record.kinesis.data);
            eventId = change.eventID;
            if (change.tableName !== config.customersTable || change.eventName !== "INSERT") {
                logger.debug("not a new customer; skipped", {
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
                logger.info("new customer below the size threshold; not announced", {
                    ...log,
                    employees: customer.employees,
                    minEmployees: config.minEmployees,
                });
                return;
            }
            const result = await announce({ eventId, customer }, { deadline, sequenceNumber });
            logger.info(
                result.replayed
                    ? "new customer was already announced; not posted again"
                    : "new customer announced on Slack",
                { ...log, announcedAt: result.announcedAt, attempts: result.attempts },
            );
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
        idempotencyConfig.registerLambdaContext(context);
        const deadline = now() + context.getRemainingTimeInMillis() - safetyMarginMs;
        const response = await processPartialResponse(
            event,
            (record: KinesisStreamRecord) => processRecord(record, deadline),
            new BatchProcessor(EventType.KinesisDataStreams),
            // Sequential: shard order, and one message at a time to Slack. No throw on a fully
            // failed batch: the item failures already make Lambda retry from the first of them.
            { context, processInParallel: false, throwOnFullBatchFailure: false },
        );
        logger.info("batch processed", {
            records: event.Records.length,
            failed: response.batchItemFailures.length,
        });
        return response;
    };
}
