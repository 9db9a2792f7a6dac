/**
 * The ReminderWorkflow sender: invoked by the state machine when a reminder wakes up. It sends
 * only if the reminder is still pending for this very execution, and makes that check and the
 * cancel path mutually exclusive: it claims the handle (pending -> sending) with one atomic Lua
 * script, and cancel deletes only a pending handle, so exactly one of them wins.
 *
 * Environment:
 *   REDIS_HOST                      primary endpoint host (required)
 *   REDIS_PORT                      default 6379
 *   REDIS_TLS                       "true" (default) or "false" (local tests only)
 *   REDIS_AUTH_SECRET_ARN           Secrets Manager secret whose SecretString is the auth token
 *   USER_NOTIFICATIONS_TOPIC_ARN    SNS topic the reminder is published to
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { Context } from "aws-lambda";
import { SENDER_RETRYABLE_ERROR } from "../../definition";
import {
    TRANSITION_SCRIPT,
    handleKey,
    transitionArgs,
    transitionOutcome,
    validateUserAndKind,
} from "../../client/keys";
import { RedisConnection, type RedisEndpoint } from "../../client/redis";
import {
    boundedRequestHandler,
    DEFAULT_AWS_REQUEST_TIMEOUT_MS,
    withinDeadline,
} from "../../../lib/runtime/deadline";

/** What the state machine's Task passes (its Payload). */
export interface SenderEvent {
    readonly userId: string;
    readonly kind: string;
    /** `$$.Execution.Id`: the ARN of the execution that invoked the sender. */
    readonly executionArn: string;
}

/** What the sender returns to the state machine. */
export type SenderResult =
    | { readonly sent: true; readonly executionArn: string; readonly messageId: string }
    | {
          readonly sent: false;
          readonly executionArn: string;
          /** `not-pending`: no handle (cancelled, or expired); `other-execution`: superseded. */
          readonly reason: "not-pending" | "other-execution";
      };

/** The sender's settings, read from the environment once per container. */
export interface SenderConfig {
    readonly redisHost: string;
    readonly redisPort: number;
    readonly redisTls: boolean;
    readonly authSecretArn: string;
    readonly topicArn: string;
}

/** What {@link createSenderHandler} can be given instead of its defaults (tests do). */
export interface SenderDependencies {
    readonly env?: NodeJS.ProcessEnv;
    readonly sns?: SNSClient;
    readonly secrets?: SecretsManagerClient;
    readonly logger?: Logger;
    /** Redis deadlines; default the client library's REDIS_DEFAULTS (tests shorten them). */
    readonly redisTimeouts?: Pick<RedisEndpoint, "connectTimeoutMs" | "commandTimeoutMs">;
    /** Bound of one SNS or Secrets Manager call once sent (ms). Default 5000. */
    readonly awsRequestTimeoutMs?: number;
}

/** A handler plus a way to close its Redis connection (tests; Lambda never calls it). */
export interface SenderHandler {
    (event: SenderEvent, context?: Context): Promise<SenderResult>;
    close(): Promise<void>;
}

/**
 * Thrown for failures worth retrying (Redis or SNS unavailable). Its name is the error the
 * state machine's Retry matches, so it must stay {@link SENDER_RETRYABLE_ERROR}.
 */
export class SenderRetryableError extends Error {
    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = SENDER_RETRYABLE_ERROR;
    }
}

/** Reads and checks the environment; the message names the variable at fault. */
export function readSenderConfig(env: NodeJS.ProcessEnv): SenderConfig {
    const required = (name: string): string => {
        const value = env[name];
        if (!value) {
            throw new Error(`reminder sender: environment variable ${name} is required`);
        }
        return value;
    };
    const port = Number(env.REDIS_PORT ?? "6379");
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new Error(`reminder sender: REDIS_PORT must be 1..65535, got ${env.REDIS_PORT}`);
    }
    const tls = env.REDIS_TLS ?? "true";
    if (tls !== "true" && tls !== "false") {
        throw new Error(`reminder sender: REDIS_TLS must be "true" or "false", got ${tls}`);
    }
    return {
        redisHost: required("REDIS_HOST"),
        redisPort: port,
        redisTls: tls === "true",
        authSecretArn: required("REDIS_AUTH_SECRET_ARN"),
        topicArn: required("USER_NOTIFICATIONS_TOPIC_ARN"),
    };
}

/**
 * Builds a sender. Everything expensive (config, clients, the Redis connection and the auth
 * token it was opened with) lives in the closure and is reused across invocations.
 */
export function createSenderHandler(deps: SenderDependencies = {}): SenderHandler {
    const config = readSenderConfig(deps.env ?? process.env);
    const logger = deps.logger ?? new Logger({ serviceName: "reminder-sender" });
    const awsTimeoutMs = deps.awsRequestTimeoutMs ?? DEFAULT_AWS_REQUEST_TIMEOUT_MS;
    const sns = deps.sns ?? new SNSClient({ requestHandler: boundedRequestHandler(awsTimeoutMs) });
    const secrets =
        deps.secrets ??
        new SecretsManagerClient({ requestHandler: boundedRequestHandler(awsTimeoutMs) });
    // The token is read for each new connection only, so a rotated token is picked up on the
    // next reconnect and a warm container makes no Secrets Manager call at all.
    const redis = new RedisConnection({
        host: config.redisHost,
        port: config.redisPort,
        tls: config.redisTls,
        ...deps.redisTimeouts,
        password: async () => {
            const out = await withinDeadline(
                "Secrets Manager GetSecretValue",
                awsTimeoutMs,
                (abortSignal) =>
                    secrets.send(new GetSecretValueCommand({ SecretId: config.authSecretArn }), {
                        abortSignal,
                    }),
            );
            if (!out.SecretString) {
                throw new Error(`secret ${config.authSecretArn} has no SecretString`);
            }
            return out.SecretString;
        },
    });

    const transition = async (
        what: string,
        key: string,
        executionArn: string,
        from: ("pending" | "sending")[],
        to: "pending" | "sending" | undefined,
    ) => {
        try {
            const reply = await redis.run(what, (c) =>
                c.eval(TRANSITION_SCRIPT, transitionArgs(key, executionArn, from, to)),
            );
            return transitionOutcome(reply);
        } catch (err) {
            throw new SenderRetryableError((err as Error).message, { cause: err });
        }
    };

    const handler = async (event: SenderEvent, context?: Context): Promise<SenderResult> => {
        if (context) {
            logger.addContext(context);
        }
        const { userId, kind, executionArn } = checkEvent(event);
        const key = handleKey(userId, kind);
        const log = { kind, executionArn };

        // A retry after a failed publish finds the handle in "sending" and may go on.
        const claim = await transition(
            "claim",
            key,
            executionArn,
            ["pending", "sending"],
            "sending",
        );
        if (claim === "gone" || claim === "other-execution") {
            const reason = claim === "gone" ? "not-pending" : "other-execution";
            logger.info("reminder skipped", { ...log, reason });
            return { sent: false, executionArn, reason };
        }

        let messageId: string;
        try {
            const out = await withinDeadline("SNS Publish", awsTimeoutMs, (abortSignal) =>
                sns.send(
                    new PublishCommand({
                        TopicArn: config.topicArn,
                        Message: JSON.stringify({ type: "reminder", userId, kind, executionArn }),
                        MessageAttributes: { kind: { DataType: "String", StringValue: kind } },
                    }),
                    { abortSignal },
                ),
            );
            messageId = out.MessageId ?? "";
        } catch (err) {
            // Hand the reminder back so a cancel during the retry back-off still wins.
            await transition("release claim", key, executionArn, ["sending"], "pending").catch(
                (releaseErr: unknown) =>
                    logger.error("could not release the claim", { ...log, error: releaseErr }),
            );
            throw new SenderRetryableError(
                `reminder sender: SNS Publish failed: ${(err as Error).message}`,
                { cause: err },
            );
        }

        // Sent. A failure to clear now must not make the state machine retry (that would send
        // twice): the handle stays "sending" until its TTL, which only blocks a re-schedule.
        try {
            const cleared = await transition("clear", key, executionArn, ["sending"], undefined);
            if (cleared !== "done") {
                logger.warn("handle changed while sending", { ...log, cleared });
            }
        } catch (err) {
            logger.error("reminder sent but its handle was not cleared", { ...log, error: err });
        }
        logger.info("reminder sent", { ...log, messageId });
        return { sent: true, executionArn, messageId };
    };

    return Object.assign(handler, { close: () => redis.close() });
}

/** Throws a non-retryable error for an event the state machine should never send. */
function checkEvent(event: SenderEvent): SenderEvent {
    if (typeof event !== "object" || event === null) {
        throw new TypeError("reminder sender: event must be an object");
    }
    validateUserAndKind(event.userId, event.kind);
    if (typeof event.executionArn !== "string" || !/^arn:[^:]+:states:/.test(event.executionArn)) {
        throw new TypeError(
            `reminder sender: executionArn must be a Step Functions execution ARN, got ${String(event.executionArn)}`,
        );
    }
    return event;
}

let defaultHandler: SenderHandler | undefined;

/** The Lambda entry point: one sender per container, built on the first invocation. */
export const handler = (event: SenderEvent, context: Context): Promise<SenderResult> => {
    defaultHandler ??= createSenderHandler();
    return defaultHandler(event, context);
};
