/**
 * The OpenSearch client both functions use: the domain endpoint checked, every request signed
 * with SigV4 for service `es` (the domain admits IAM principals only), and no retries of its own:
 * the callers retry with backoff inside their invocation's budget, and know which items to retry.
 */
import type { EnvReader } from "./env";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { Client, Connection } from "@opensearch-project/opensearch";
import { AwsSigv4Signer } from "@opensearch-project/opensearch/aws";
import type { AwsCredentialIdentity } from "@smithy/types";
import type * as http from "node:http";

/** The only protocol a production endpoint may use. */
export const OPENSEARCH_PROTOCOL = "https:";

/** Where credentials come from; default the SDK's Node chain (the function's role in Lambda). */
export type CredentialsProvider = () => Promise<AwsCredentialIdentity>;

/**
 * Parses the domain endpoint: `https://<host>[:port]`, nothing else (no credentials, path, query
 * or fragment). Returns the origin, or a problem naming `variable`.
 * `allowedProtocols` exists so tests can talk to a local plain-HTTP server; production callers
 * keep the default.
 */
export function parseEndpoint(
    variable: string,
    raw: string,
    allowedProtocols: readonly string[] = [OPENSEARCH_PROTOCOL],
): { origin: string } | { problem: string } {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        return {
            problem: `${variable} must be a URL such as https://vpc-search-abc123.eu-west-1.es.amazonaws.com, got ${JSON.stringify(raw)}`,
        };
    }
    if (!allowedProtocols.includes(url.protocol)) {
        return {
            problem: `${variable} must use ${allowedProtocols.join(" or ")}, got ${JSON.stringify(url.protocol)}`,
        };
    }
    if (url.username || url.password || (url.pathname !== "/" && url.pathname !== "")) {
        return {
            problem: `${variable} must be the domain's origin only, without credentials or a path`,
        };
    }
    if (url.search || url.hash) {
        return { problem: `${variable} must not have a query or fragment` };
    }
    return { origin: url.origin };
}

/**
 * Reads `OPENSEARCH_ENDPOINT` from a function's environment: the domain's origin, or "" with the
 * problem recorded on `reader`.
 */
export function readEndpoint(
    reader: EnvReader<"OPENSEARCH_ENDPOINT">,
    allowedProtocols: readonly string[] = [OPENSEARCH_PROTOCOL],
): string {
    const raw = reader.required("OPENSEARCH_ENDPOINT");
    if (!raw) return "";
    const parsed = parseEndpoint("OPENSEARCH_ENDPOINT", raw, allowedProtocols);
    if ("problem" in parsed) {
        reader.problem(parsed.problem);
        return "";
    }
    return parsed.origin;
}

/** What {@link createOpenSearchClient} needs. */
export interface OpenSearchClientOptions {
    /** The domain's origin, already checked by {@link parseEndpoint}. */
    readonly endpoint: string;
    /** The region in the SigV4 scope. */
    readonly region: string;
    readonly getCredentials?: CredentialsProvider;
    /** Default timeout of one request (ms); callers pass a tighter one per request. */
    readonly requestTimeoutMs?: number;
}

type RequestCallback = (err: Error | null, response: http.IncomingMessage | null) => void;

/**
 * `base` with every request's timeout (the client's `requestTimeout`, or the one a call passes)
 * made a deadline for the whole exchange: connect, send, headers and body. The client's own
 * timeout is Node's socket-idle timeout, dropped once the headers arrive, so a domain (or a
 * proxy) that sends its answer slowly, or never ends it, would otherwise hold the function
 * until Lambda kills it. Past the deadline the request is destroyed and the call fails with a
 * `ConnectionError` that says so.
 */
export function boundedConnection(base: typeof Connection): typeof Connection {
    return class BoundedConnection extends base {
        override request(
            params: Parameters<Connection["request"]>[0],
            callback: RequestCallback,
        ): http.ClientRequest {
            const timeoutMs = params.timeout;
            if (typeof timeoutMs !== "number" || !(timeoutMs > 0)) {
                return super.request(params, callback);
            }
            let response: http.IncomingMessage | undefined;
            const timer = setTimeout(() => {
                const err = new Error(`no complete answer within ${timeoutMs} ms`);
                if (response === undefined) {
                    request.destroy(err); // the connection reports it
                    return;
                }
                // The transport is reading the body: fail that read with this error (a
                // destroy would report only "aborted"), then drop the socket without an error
                // event, which the connection would print as "ignoring error after response".
                if (response.listenerCount("error") > 0) response.emit("error", err);
                response.destroy();
            }, timeoutMs);
            const request = super.request(params, (err, res) => {
                if (err !== null || res === null) {
                    clearTimeout(timer);
                } else {
                    response = res;
                    res.once("close", () => clearTimeout(timer));
                }
                callback(err, res);
            });
            return request;
        }
    };
}

/** A SigV4-signing client for one domain. */
export function createOpenSearchClient(options: OpenSearchClientOptions): Client {
    const signer = AwsSigv4Signer({
        region: options.region,
        service: "es",
        // The provider memoizes and refreshes the role's credentials before they expire.
        getCredentials: options.getCredentials ?? defaultProvider(),
    });
    return new Client({
        ...signer,
        Connection: boundedConnection(signer.Connection),
        node: options.endpoint,
        maxRetries: 0,
        requestTimeout: options.requestTimeoutMs ?? 10_000,
        // One node behind the domain endpoint: never ping `/` to "resurrect" it (that would need
        // es:ESHttpHead on the root path); the next request simply tries again.
        resurrectStrategy: "none",
    });
}

/**
 * The HTTP status of a failed client call, when the domain answered it in full. A call that
 * failed while reading the answer (cut off, or past its deadline) carries the status line it
 * got (`meta.statusCode`, a 200 say) but no answer: that is no status.
 */
export function statusOf(err: unknown): number | undefined {
    if (!(err instanceof Error) || err.name !== "ResponseError") return undefined;
    const meta = (err as { meta?: { statusCode?: unknown } }).meta;
    return typeof meta?.statusCode === "number" ? meta.statusCode : undefined;
}

/** The OpenSearch error type of a failed client call (`resource_already_exists_exception`). */
export function errorTypeOf(err: unknown): string | undefined {
    const body = (err as { meta?: { body?: { error?: { type?: unknown } } } } | null)?.meta?.body;
    const type = body?.error?.type;
    return typeof type === "string" ? type : undefined;
}

/** Whether trying the same request again later may succeed: throttled, 5xx, or no answer. */
export function isRetryableStatus(status: number | undefined): boolean {
    return status === undefined || status === 429 || status >= 500;
}
