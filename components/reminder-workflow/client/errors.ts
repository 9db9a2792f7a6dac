/** Typed errors of the reminder client: callers branch on the class, never on message text. */

/** Base class of every error the reminder client throws on purpose. */
export class ReminderError extends Error {
    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = new.target.name;
    }
}

/** Redis could not be reached, refused the credentials, or did not answer in time. */
export class ReminderRedisError extends ReminderError {
    /** `host:port` of the Redis endpoint that failed. */
    public readonly endpoint: string;

    constructor(endpoint: string, message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.endpoint = endpoint;
    }
}

/** A Step Functions call failed; `awsErrorName` is the SDK's error name (`ThrottlingException`). */
export class ReminderStepFunctionsError extends ReminderError {
    public readonly awsErrorName: string;

    constructor(awsErrorName: string, message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.awsErrorName = awsErrorName;
    }
}

/**
 * The deterministic execution for (userId, kind, at) has already finished (sent, cancelled or
 * failed) and Step Functions keeps its name for 90 days, so the same reminder cannot be started
 * again. Schedule it for a different time.
 */
export class ReminderExecutionClosedError extends ReminderError {
    public readonly executionArn: string;
    /** The closed execution's status: `SUCCEEDED`, `ABORTED`, `FAILED`, `TIMED_OUT`. */
    public readonly status: string;

    constructor(executionArn: string, status: string) {
        super(
            `reminder: execution ${executionArn} already finished with status ${status}; ` +
                `its name cannot be reused, schedule the reminder for a different time`,
        );
        this.executionArn = executionArn;
        this.status = status;
    }
}
