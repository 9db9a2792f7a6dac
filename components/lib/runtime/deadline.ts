/**
 * Deadlines that hold once a request is on the wire, for every AWS SDK call the Lambda runtimes
 * make. Two layers, because either alone has a gap:
 * - {@link boundedRequestHandler}: the SDK's HTTP handler options. `@smithy/node-http-handler`
 *   only warns when `requestTimeout` passes unless `throwOnRequestTimeout` is set, so a server
 *   that accepts a request and never answers would otherwise hold the call until the socket's
 *   own (absent) timeout.
 * - {@link withinDeadline}: a timer raced against the call, which also aborts it (the SDK
 *   destroys the request on abort). It bounds what the handler options do not see: credential
 *   resolution, retries inside the SDK, and test doubles.
 */

/** Default bound of one AWS request once sent (ms). */
export const DEFAULT_AWS_REQUEST_TIMEOUT_MS = 5_000;

/** Default bound of the TCP (and TLS) connect of an AWS request (ms). */
export const DEFAULT_AWS_CONNECT_TIMEOUT_MS = 1_000;

/** HTTP handler options for an SDK v3 client (`requestHandler`), with deadlines that throw. */
export function boundedRequestHandler(requestTimeoutMs = DEFAULT_AWS_REQUEST_TIMEOUT_MS): {
    readonly connectionTimeout: number;
    readonly requestTimeout: number;
    readonly throwOnRequestTimeout: true;
} {
    return {
        connectionTimeout: Math.min(DEFAULT_AWS_CONNECT_TIMEOUT_MS, requestTimeoutMs),
        requestTimeout: requestTimeoutMs,
        throwOnRequestTimeout: true,
    };
}

/** A call that did not finish within its bound; `operation` names it. */
export class DeadlineExceededError extends Error {
    constructor(
        /** What was being done (`DynamoDB PutItem`). */
        readonly operation: string,
        /** The bound that passed (ms). */
        readonly timeoutMs: number,
    ) {
        super(`${operation} did not finish within ${timeoutMs} ms`);
        this.name = "DeadlineExceededError";
    }
}

/**
 * Runs `call` with an AbortSignal and rejects with {@link DeadlineExceededError} after
 * `timeoutMs` (at least 1), aborting the call, whether or not the call honours the signal.
 */
export async function withinDeadline<T>(
    operation: string,
    timeoutMs: number,
    call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
    const ms = Math.max(1, Math.floor(timeoutMs));
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
            const err = new DeadlineExceededError(operation, ms);
            controller.abort(err);
            reject(err);
        }, ms);
    });
    // Called inside a promise chain, so a call that throws at once still clears the timer.
    const running = Promise.resolve().then(() => call(controller.signal));
    running.catch(() => undefined); // after the deadline nobody waits for it
    try {
        return await Promise.race([running, late]);
    } finally {
        clearTimeout(timer);
    }
}
