/**
 * The engine's gRPC endpoints for a program run: the ResourceMonitor (backed by a
 * {@link RecordingMonitor}) and the Engine service (logging and the root resource), served on
 * 127.0.0.1 the way the Pulumi engine serves them to a language host's program
 * (pkg/resource/deploy/source_eval.go `newResourceMonitor`, pkg/resource/plugin/host_server.go).
 */
import { RecordingMonitor } from "./monitor";

/* eslint-disable @typescript-eslint/no-explicit-any -- generated gRPC classes are untyped */
const SDK = require.resolve("@pulumi/pulumi/package.json");
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [SDK] }));
const resourceRpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
const engineRpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const engineProto = require("@pulumi/pulumi/proto/engine_pb");
const emptyproto = require(
    require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [SDK] }),
);

/** A diagnostic the program logged through the Engine service. */
export interface LogEntry {
    readonly severity: "debug" | "info" | "warning" | "error";
    readonly message: string;
    /** The resource the message is about, when the program named one. */
    readonly urn?: string;
    readonly ephemeral: boolean;
}

const SEVERITIES: Record<number, LogEntry["severity"]> = {
    0: "debug",
    1: "info",
    2: "warning",
    3: "error",
};

/** Text without terminal colour codes. */
export function stripAnsi(text: string): string {
    // eslint-disable-next-line no-control-regex -- the escape character is the point
    return text.replace(/\u001b\[[0-9;]*m/g, "");
}

/** A running pair of endpoints. */
export interface EngineServer {
    /** `127.0.0.1:<port>` of the ResourceMonitor. */
    readonly monitorAddress: string;
    /** `127.0.0.1:<port>` of the Engine service. */
    readonly engineAddress: string;
    /** Everything the program logged, in order. */
    readonly logs: LogEntry[];
    /** Stops both servers at once, dropping any call in flight. */
    close(): void;
}

function bind(server: any): Promise<string> {
    return new Promise((resolve, reject) =>
        server.bindAsync(
            "127.0.0.1:0",
            grpc.ServerCredentials.createInsecure(),
            (err: Error | null, port: number) => (err ? reject(err) : resolve(`127.0.0.1:${port}`)),
        ),
    );
}

/** Adapts a `(request, callback)` method to a grpc-js unary handler. */
function unary(fn: (req: any, cb: (err: Error | null, resp?: unknown) => void) => void) {
    return (call: any, callback: (err: Error | null, resp?: unknown) => void) => {
        try {
            fn(call.request, callback);
        } catch (err) {
            callback(err as Error);
        }
    };
}

/** Starts the endpoints for one program run. */
export async function serveEngine(monitor: RecordingMonitor): Promise<EngineServer> {
    // The SDK sends whole input maps in one message; the engine lifts gRPC's 4 MB default the
    // same way (sdk/go/common/util/rpcutil `GrpcChannelOptions`: MaxRecvMsgSize 400 MB).
    const options = {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
        "grpc.max_send_message_length": 400 * 1024 * 1024,
    };
    const monitorServer = new grpc.Server(options);
    const handlers: Record<string, unknown> = {};
    for (const method of Object.keys(resourceRpc.ResourceMonitorService)) {
        const impl = (monitor as any)[method];
        handlers[method] =
            typeof impl === "function"
                ? unary(impl.bind(monitor))
                : unary((_req, cb) =>
                      cb(
                          Object.assign(new Error(`${method} is not implemented offline`), {
                              code: grpc.status.UNIMPLEMENTED,
                          }),
                      ),
                  );
    }
    monitorServer.addService(resourceRpc.ResourceMonitorService, handlers);

    const logs: LogEntry[] = [];
    let root = "";
    const engineServer = new grpc.Server(options);
    engineServer.addService(engineRpc.EngineService, {
        log: unary((req, cb) => {
            const severity = SEVERITIES[req.getSeverity()] ?? "info";
            // The CLI shows debug messages only with --debug; the plan never does.
            if (severity === "debug") return cb(null, new emptyproto.Empty());
            logs.push({
                severity,
                // The SDK colours stack traces for a terminal; a plan is read in pull requests.
                message: stripAnsi(req.getMessage()),
                urn: req.getUrn() || undefined,
                ephemeral: req.getEphemeral(),
            });
            cb(null, new emptyproto.Empty());
        }),
        getRootResource: unary((_req, cb) => {
            const resp = new engineProto.GetRootResourceResponse();
            resp.setUrn(root);
            cb(null, resp);
        }),
        setRootResource: unary((req, cb) => {
            root = req.getUrn();
            cb(null, new engineProto.SetRootResourceResponse());
        }),
        startDebugging: unary((_req, cb) =>
            cb(
                Object.assign(new Error("the offline engine attaches no debugger"), {
                    code: grpc.status.UNIMPLEMENTED,
                }),
            ),
        ),
        requirePulumiVersion: unary((_req, cb) => cb(null, new emptyproto.Empty())),
    });

    const [monitorAddress, engineAddress] = await Promise.all([
        bind(monitorServer),
        bind(engineServer),
    ]);
    return {
        monitorAddress,
        engineAddress,
        logs,
        close() {
            monitorServer.forceShutdown();
            engineServer.forceShutdown();
        },
    };
}
