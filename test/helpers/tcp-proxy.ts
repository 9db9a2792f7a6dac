/**
 * A TCP proxy on 127.0.0.1 in front of a local server, for fault injection: it forwards both ways
 * until told to go silent (it keeps every connection open and drops what either side sends, so
 * requests already on the wire never get an answer), and can cut every open connection at once.
 */
import * as net from "node:net";

/** A running proxy; close() ends it and every connection it holds. */
export interface TcpProxy {
    readonly host: string;
    readonly port: number;
    /** From now on, nothing is forwarded either way; connections stay open. */
    silence(): void;
    /**
     * From now on, requests still reach the server but its replies are dropped: what was sent
     * may have been applied, and the client cannot know.
     */
    dropReplies(): void;
    /** Forwards again, on connections that lost nothing (a connection that did stays mute). */
    resume(): void;
    /** Destroys every open connection (both sides), as a failover or a dropped link does. */
    cut(): void;
    /** Connections accepted so far. */
    readonly accepted: number;
    close(): Promise<void>;
}

/** Starts a proxy to `target` on an ephemeral loopback port. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
    let silent = false;
    let repliesDropped = false;
    let accepted = 0;
    const sockets = new Set<net.Socket>();
    const track = (s: net.Socket) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => s.destroy());
    };
    // A connection that lost bytes never forwards again: TCP does not drop bytes mid-stream,
    // and a reply after a dropped one would be read as the answer to the wrong command.
    const server = net.createServer((client) => {
        accepted++;
        track(client);
        const upstream = net.connect(target);
        track(upstream);
        let broken = false;
        client.on("data", (d: Buffer) => {
            if (silent) broken = true;
            if (!broken) upstream.write(d);
        });
        upstream.on("data", (d: Buffer) => {
            if (silent || repliesDropped) broken = true;
            if (!broken) client.write(d);
        });
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    return {
        host: "127.0.0.1",
        port,
        silence: () => {
            silent = true;
        },
        dropReplies: () => {
            repliesDropped = true;
        },
        resume: () => {
            silent = false;
            repliesDropped = false;
        },
        cut: () => {
            for (const s of sockets) s.destroy();
        },
        get accepted() {
            return accepted;
        },
        close: () =>
            new Promise<void>((resolve) => {
                for (const s of sockets) s.destroy();
                server.close(() => resolve());
            }),
    };
}

/**
 * A server on 127.0.0.1 that accepts connections and never answers (reads and drops what it is
 * sent), for "the request is on the wire and nothing comes back".
 */
export interface SilentServer {
    readonly host: string;
    readonly port: number;
    /** Connections accepted so far. */
    readonly accepted: number;
    /** Bytes received so far (the request did reach it). */
    readonly received: number;
    close(): Promise<void>;
}

/** Starts a {@link SilentServer} on an ephemeral loopback port. */
export async function startSilentServer(): Promise<SilentServer> {
    let accepted = 0;
    let received = 0;
    const sockets = new Set<net.Socket>();
    const server = net.createServer((s) => {
        accepted++;
        sockets.add(s);
        s.on("data", (d: Buffer) => (received += d.length));
        s.on("error", () => s.destroy());
        s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    return {
        host: "127.0.0.1",
        port,
        get accepted() {
            return accepted;
        },
        get received() {
            return received;
        },
        close: () =>
            new Promise<void>((resolve) => {
                for (const s of sockets) s.destroy();
                server.close(() => resolve());
            }),
    };
}
