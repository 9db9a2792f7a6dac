/**
 * One lazily opened Redis connection that fails fast: a bounded connect (TCP, TLS and the
 * AUTH/HELLO handshake together), a few quick reconnect attempts and then an error, no offline
 * queue, and a timeout on every command. Shared by the client library and the sender Lambda.
 */
import { ErrorReply, createClient, type RedisClientType } from "redis";
import { ReminderRedisError } from "./errors";

/** Where Redis is and how to reach it. */
export interface RedisEndpoint {
    /** Primary endpoint host name (ElastiCache: the replication group's primary endpoint). */
    readonly host: string;
    /** Default 6379. */
    readonly port?: number;
    /** TLS to the server (ElastiCache in-transit encryption). Default true. */
    readonly tls?: boolean;
    /** ACL user name; omit for a `requirepass` / ElastiCache auth-token server. */
    readonly username?: string;
    /**
     * The auth token, or a function that returns it (read from Secrets Manager, say). The
     * function is called for every new connection, so it should cache.
     */
    readonly password?: string | (() => Promise<string>);
    /** Milliseconds for TCP + TLS + AUTH together before the connect fails. Default 3000. */
    readonly connectTimeoutMs?: number;
    /**
     * Milliseconds a call may wait for its reply, once connected; enforced even after the
     * command is on the wire (the connection is then dropped and reopened). Default 2000.
     */
    readonly commandTimeoutMs?: number;
    /** Reconnect attempts after a failed connect or a dropped socket. Default 2. */
    readonly maxReconnectAttempts?: number;
}

type Client = RedisClientType;

/** Defaults for {@link RedisEndpoint}, in one place. */
export const REDIS_DEFAULTS = {
    port: 6379,
    tls: true,
    connectTimeoutMs: 3000,
    commandTimeoutMs: 2000,
    maxReconnectAttempts: 2,
} as const;

/** A Redis connection opened on first use and reopened after it gave up. */
export class RedisConnection {
    /** `host:port`, as error messages name it. */
    public readonly endpoint: string;
    readonly #options: RedisEndpoint;
    #client: Client | undefined;
    #connecting: Promise<Client> | undefined;

    constructor(options: RedisEndpoint) {
        if (!options.host) {
            throw new TypeError("reminder: redis.host must be a non-empty host name");
        }
        this.#options = options;
        this.endpoint = `${options.host}:${options.port ?? REDIS_DEFAULTS.port}`;
    }

    /**
     * Runs `fn` with a connected client; every failure, the connect's included, becomes a
     * {@link ReminderRedisError} that names the endpoint and what was being done.
     */
    async run<T>(what: string, fn: (client: Client) => Promise<T>): Promise<T> {
        const client = await this.#connected();
        const timeoutMs = this.#options.commandTimeoutMs ?? REDIS_DEFAULTS.commandTimeoutMs;
        // node-redis 6.3.1 drops a command's `timeout` as soon as the command is written to the
        // socket (commands-queue.js, `#removeTimeoutListener` in `commandsToWrite`), so a server
        // that takes the command and never answers would hold the caller for ever. The deadline
        // is ours: race the call against a timer and, when the timer wins, destroy the client.
        // Its replies can no longer be matched to commands, and the next call reconnects.
        const call = fn(client);
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<"deadline">((resolve) => {
            timer = setTimeout(() => resolve("deadline"), timeoutMs);
        });
        try {
            const winner = await Promise.race([call.then((value) => ({ value })), deadline]);
            if (winner === "deadline") {
                call.catch(() => undefined); // rejected by destroy() below; nobody waits for it
                this.#discard(client);
                throw new ReminderRedisError(
                    this.endpoint,
                    `reminder: Redis at ${this.endpoint} gave no reply within ${timeoutMs} ms during ${what}`,
                );
            }
            return winner.value;
        } catch (err) {
            if (err instanceof ReminderRedisError) {
                throw err;
            }
            throw new ReminderRedisError(
                this.endpoint,
                `reminder: Redis at ${this.endpoint} failed during ${what}: ${messageOf(err)}`,
                { cause: err },
            );
        } finally {
            clearTimeout(timer);
        }
    }

    /** Drops `client` for good: its socket is closed and the next call opens a new one. */
    #discard(client: Client): void {
        if (this.#client === client) {
            this.#client = undefined;
        }
        if (client.isOpen) {
            client.destroy();
        }
    }

    /**
     * Closes the connection: waits for replies to commands already sent, at most
     * `commandTimeoutMs`, then drops the socket (a silent server would hold close() for ever).
     */
    async close(): Promise<void> {
        const client = this.#client;
        this.#client = undefined;
        this.#connecting = undefined;
        if (client?.isOpen) {
            const timeoutMs = this.#options.commandTimeoutMs ?? REDIS_DEFAULTS.commandTimeoutMs;
            let timer: NodeJS.Timeout | undefined;
            const closed = client.close().then(() => true);
            const late = new Promise<false>((resolve) => {
                timer = setTimeout(() => resolve(false), timeoutMs);
            });
            try {
                if (!(await Promise.race([closed, late])) && client.isOpen) {
                    closed.catch(() => undefined);
                    client.destroy();
                }
            } finally {
                clearTimeout(timer);
            }
        }
    }

    async #connected(): Promise<Client> {
        const current = this.#client;
        if (current?.isReady) {
            return current;
        }
        if (current?.isOpen) {
            // Reconnecting after a dropped socket: wait for it, within the connect deadline,
            // rather than fail a command that would succeed a moment later.
            if (await this.#settles(current)) {
                return current;
            }
            if (current.isOpen) {
                current.destroy();
                throw new ReminderRedisError(
                    this.endpoint,
                    `reminder: Redis at ${this.endpoint} is unreachable: reconnect gave no answer within ${this.#connectTimeoutMs} ms`,
                );
            }
            // It gave up reconnecting: open a new connection below.
        }
        this.#connecting ??= this.#connect().finally(() => {
            this.#connecting = undefined;
        });
        return this.#connecting;
    }

    get #connectTimeoutMs(): number {
        return this.#options.connectTimeoutMs ?? REDIS_DEFAULTS.connectTimeoutMs;
    }

    /** True once `client` is ready again; false when it gave up or the deadline passed. */
    async #settles(client: Client): Promise<boolean> {
        return new Promise<boolean>((resolve) => {
            const done = (ready: boolean) => {
                clearTimeout(timer);
                client.off("ready", onReady);
                client.off("terminated", onGaveUp);
                client.off("end", onGaveUp);
                resolve(ready);
            };
            const onReady = () => done(true);
            const onGaveUp = () => done(false);
            const timer = setTimeout(() => done(false), this.#connectTimeoutMs);
            client.on("ready", onReady);
            client.on("terminated", onGaveUp);
            client.on("end", onGaveUp);
        });
    }

    async #connect(): Promise<Client> {
        const o = this.#options;
        const maxAttempts = o.maxReconnectAttempts ?? REDIS_DEFAULTS.maxReconnectAttempts;
        const connectTimeoutMs = this.#connectTimeoutMs;
        let password: string | undefined;
        try {
            password = typeof o.password === "function" ? await o.password() : o.password;
        } catch (err) {
            throw new ReminderRedisError(
                this.endpoint,
                `reminder: could not read the auth token for Redis at ${this.endpoint}: ${messageOf(err)}`,
                { cause: err },
            );
        }
        const socket = {
            host: o.host,
            port: o.port ?? REDIS_DEFAULTS.port,
            connectTimeout: connectTimeoutMs,
            // A refused AUTH does not get better by retrying; a dropped socket might, briefly.
            reconnectStrategy: (retries: number, cause: Error) =>
                cause instanceof ErrorReply || retries >= maxAttempts
                    ? false
                    : Math.min(100 * 2 ** retries, 1000),
        };
        const client = createClient({
            socket:
                (o.tls ?? REDIS_DEFAULTS.tls)
                    ? { ...socket, tls: true as const, servername: o.host }
                    : socket,
            username: o.username,
            password,
            // Fail commands while reconnecting instead of queueing them without bound.
            disableOfflineQueue: true,
            commandOptions: { timeout: o.commandTimeoutMs ?? REDIS_DEFAULTS.commandTimeoutMs },
        });
        // Without a listener an 'error' event would crash the process; failures reach callers
        // through connect() and the commands themselves.
        client.on("error", () => undefined);

        // connectTimeout covers TCP (and TLS) only: a server that accepts and never answers
        // AUTH/HELLO would hang connect() for ever, so the whole connect gets a deadline.
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => {
            timer = setTimeout(
                () => reject(new Error(`no answer within ${connectTimeoutMs} ms`)),
                connectTimeoutMs,
            );
        });
        try {
            await Promise.race([client.connect(), deadline]);
        } catch (err) {
            client.destroy();
            throw new ReminderRedisError(
                this.endpoint,
                `reminder: Redis at ${this.endpoint} is unreachable: ${messageOf(err)}`,
                { cause: err },
            );
        } finally {
            clearTimeout(timer);
        }
        this.#client = client;
        return client;
    }
}

function messageOf(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}
