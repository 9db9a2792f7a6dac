/**
 * Starts a throw-away redis-server on loopback for a test file: a free ephemeral port, no
 * persistence, a password (so AUTH is exercised), and it answers PING before start() resolves.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as net from "node:net";

/** A running redis-server; stop() kills it. */
export interface TestRedis {
    readonly host: string;
    readonly port: number;
    readonly password: string;
    stop(): Promise<void>;
}

/** A port nothing listens on right now (the kernel's choice, released again). */
export async function freePort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

/**
 * Starts redis-server and waits until it answers PING (NOAUTH counts: it is serving). A port and
 * password may be given to bring a stopped server back at the same address.
 */
export async function startRedis(
    options: { port?: number; password?: string } = {},
): Promise<TestRedis> {
    const host = "127.0.0.1";
    const port = options.port ?? (await freePort());
    const password = options.password ?? randomBytes(12).toString("hex");
    const proc = spawn(
        "redis-server",
        [
            "--port",
            String(port),
            "--bind",
            host,
            "--save",
            "",
            "--appendonly",
            "no",
            "--requirepass",
            password,
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    proc.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let spawnError: Error | undefined;
    proc.once("error", (err: NodeJS.ErrnoException) => {
        spawnError =
            err.code === "ENOENT"
                ? new Error(
                      "redis-server is not installed: the reminder tests run against a real one " +
                          "(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)",
                  )
                : err;
    });
    const exited = new Promise<never>((_, reject) =>
        proc.once("exit", (code) =>
            reject(spawnError ?? new Error(`redis-server exited (${code}): ${stderr}`)),
        ),
    );
    exited.catch(() => undefined);
    const deadline = Date.now() + 5000;
    for (;;) {
        if (await answersPing(host, port)) {
            break;
        }
        if (spawnError) throw spawnError;
        if (Date.now() > deadline || proc.exitCode !== null) {
            proc.kill("SIGKILL");
            throw new Error(`redis-server on ${host}:${port} did not answer PING: ${stderr}`);
        }
        await Promise.race([new Promise((r) => setTimeout(r, 25)), exited]);
    }
    return { host, port, password, stop: () => stop(proc) };
}

async function answersPing(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect({ host, port });
        socket.setTimeout(500);
        socket.once("connect", () => socket.write("PING\r\n"));
        socket.once("data", (data) => {
            socket.destroy();
            // Without AUTH the server answers -NOAUTH: that is an answer, so it is serving.
            resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()));
        });
        socket.once("error", () => resolve(false));
        socket.once("timeout", () => {
            socket.destroy();
            resolve(false);
        });
    });
}

async function stop(proc: ChildProcess): Promise<void> {
    if (proc.exitCode !== null || proc.signalCode !== null) {
        return;
    }
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    proc.kill("SIGTERM");
    await exited;
}
