/**
 * Runs Pulumi programs under the recording monitor.
 *
 * - {@link runProgram} runs a program directory as `pulumi preview` does: the stack's config from
 *   its files, the language host's rules (tools/engine/host.ts), the SDK's own `cmd/run` in its
 *   own process, and this engine's ResourceMonitor and Engine services over gRPC.
 * - {@link runInline} runs a function in this process against the same monitor, through the SDK's
 *   `setMockOptions`: the fast path for component tests, which register a few resources each.
 */
import * as path from "path";
import { Plan } from "./plan";
import { RecordingMonitor, RegistrationObserver } from "./monitor";
import { configString, LoadedProject, loadProject } from "./project";
import { LogEntry, serveEngine, stripAnsi } from "./server";
import { pwdMain, runHost } from "./host";

/** Options for {@link runInline}. */
export interface InlineOptions {
    /** Stack name. Default "test". */
    readonly stack?: string;
    /** Project name. Default "lightspeed". */
    readonly project?: string;
    /** Fake computed outputs as known (an existing stack). Default false: a first preview. */
    readonly known?: boolean;
    /** Full config keys to values (strings, numbers, booleans, objects). `aws:region` defaults to us-east-1. */
    readonly config?: Record<string, unknown>;
    /** Config keys whose values are secrets. */
    readonly secretKeys?: readonly string[];
    /**
     * Outputs of the stacks the program reads with StackReferences, by fully qualified stack name
     * (`org/project/stack`). A stack not listed reads as unknown outputs. Default none.
     */
    readonly stackReferences?: Readonly<Record<string, Record<string, unknown>>>;
}

/** Options for {@link runProgram}. */
export interface ProgramOptions {
    /** The program directory (holding Pulumi.yaml). */
    readonly cwd: string;
    readonly stack: string;
    readonly known?: boolean;
    /** As {@link InlineOptions.stackReferences}. */
    readonly stackReferences?: Readonly<Record<string, Record<string, unknown>>>;
    /** Stops the program (SIGINT, then SIGKILL), as Ctrl-C stops `pulumi preview`. */
    readonly signal?: AbortSignal;
    /** Told of the stack once the project is loaded, then of each registration as it arrives. */
    readonly observer?: ProgramObserver;
}

/** Watches a program run: which stack it is, then its registrations (see RegistrationObserver). */
export interface ProgramObserver extends RegistrationObserver {
    begin(stack: { stack: string; project: string; known: boolean }): void;
}

/** The outcome of running a program: the plan so far, and the program's error if it failed. */
export interface ProgramRun {
    readonly project?: LoadedProject;
    readonly plan: Plan;
    readonly error?: Error;
    /** What the program logged (pulumi.log, warnings of the SDK), in order. */
    readonly diagnostics: readonly LogEntry[];
    /** What the program printed on stdout, which the CLI shows among the stack's diagnostics. */
    readonly stdout: string;
    /** Data sources answered offline with a stand-in, not AWS's answer, and how often. */
    readonly standIns: ReadonlyMap<string, number>;
}

/** Only one inline program runs at a time in a process: the Pulumi runtime's state is global. */
let running: Promise<unknown> = Promise.resolve();

function serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = running.then(fn, fn);
    running = next.catch(() => undefined);
    return next;
}

function toError(err: unknown): Error {
    return err instanceof Error ? err : new Error(String(err));
}

/**
 * Runs `build` as the body of a stack and returns what it registered; throws the program's error.
 * Its return value becomes the stack's outputs, as a program's exports do.
 */
export function runInline(build: () => unknown, options: InlineOptions = {}): Promise<Plan> {
    return serialize(async () => {
        const config: Record<string, string> = { "aws:region": "us-east-1" };
        for (const [k, v] of Object.entries(options.config ?? {})) config[k] = configString(v);
        const project = options.project ?? "lightspeed";
        const stack = options.stack ?? "test";
        const known = options.known ?? false;
        const sdk = require("@pulumi/pulumi");
        const state = require("@pulumi/pulumi/runtime/state");
        const monitor = new RecordingMonitor({
            stack,
            project,
            known,
            region: config["aws:region"],
            stackReferences: options.stackReferences,
        });
        sdk.runtime.setMockOptions(monitor, project, stack, true);
        const store = state.getStore();
        sdk.runtime.setAllConfig(config, [...(options.secretKeys ?? [])]);

        const errors: Error[] = [];
        const onError = (err: unknown) => {
            const e = toError(err);
            if (!errors.includes(e)) errors.push(e);
        };
        process.on("unhandledRejection", onError);
        process.on("uncaughtException", onError);
        try {
            await sdk.runtime.runInPulumiStack(async () => {
                let exported = await build();
                if (typeof exported === "function") exported = await (exported as () => unknown)();
                return exported;
            });
            await sdk.runtime.waitForRPCs();
        } catch (err) {
            onError(err);
        } finally {
            // Rejections nobody awaited surface after the microtask queue drains.
            await new Promise((resolve) => setImmediate(resolve));
            process.off("unhandledRejection", onError);
            process.off("uncaughtException", onError);
        }
        if (errors.length === 0 && store.logErrorCount > 0) {
            errors.push(new Error(`the program logged ${store.logErrorCount} error(s)`));
        }
        if (errors.length) throw errors[0];
        return new Plan(
            stack,
            project,
            monitor.recording.resources,
            known,
            monitor.recording.rawInputs,
            monitor.recording.rawOutputs,
        );
    });
}

/**
 * The error a failed run reports: what the program logged as errors (cmd/run logs an uncaught
 * exception through the engine before exiting 32), else the host's words with the program's
 * standard error, as the CLI shows them.
 */
function runError(
    hostError: string | undefined,
    bail: boolean,
    logs: readonly LogEntry[],
    stderr: string,
): Error | undefined {
    const logged = logs.filter((l) => l.severity === "error").map((l) => l.message.trimEnd());
    if (logged.length) return new Error(logged.join("\n"));
    if (bail) return new Error("the program failed (it exited 32 without logging an error)");
    if (hostError === undefined) return undefined;
    const tail = stripAnsi(stderr).trim();
    return new Error(tail ? `${hostError}\n${tail}` : hostError);
}

/** The program's working directory; a bad `main` is reported by the host when it starts. */
function programDir(root: string, main: string | undefined): string {
    try {
        return pwdMain(root, main).pwd;
    } catch {
        return root;
    }
}

/**
 * Runs the program in `cwd` for `stack` with the stack's config, out of process as the CLI does.
 * Never throws for a program failure: the error comes back with whatever was registered before it.
 */
export async function runProgram(options: ProgramOptions): Promise<ProgramRun> {
    const cwd = path.resolve(options.cwd);
    const known = options.known ?? false;
    let project: LoadedProject;
    try {
        project = loadProject(cwd, options.stack);
    } catch (err) {
        return {
            plan: new Plan(options.stack, path.basename(cwd), [], known),
            error: toError(err),
            diagnostics: [],
            stdout: "",
            standIns: new Map(),
        };
    }
    options.observer?.begin({ stack: options.stack, project: project.name, known });
    const monitor = new RecordingMonitor({
        stack: options.stack,
        project: project.name,
        known,
        region: project.config["aws:region"] ?? "us-east-1",
        stackReferences: options.stackReferences,
        programDir: programDir(cwd, project.mainSetting),
        observer: options.observer,
    });
    const server = await serveEngine(monitor);
    try {
        const result = await runHost({
            root: cwd,
            project: project.name,
            stack: options.stack,
            organization: "organization",
            main: project.mainSetting,
            runtimeOptions: project.runtimeOptions,
            config: project.config,
            secretKeys: project.secretKeys,
            monitorAddress: server.monitorAddress,
            engineAddress: server.engineAddress,
            dryRun: true,
            signal: options.signal,
        });
        const plan = new Plan(
            options.stack,
            project.name,
            monitor.recording.resources,
            known,
            monitor.recording.rawInputs,
            monitor.recording.rawOutputs,
        );
        return {
            project,
            plan,
            error: runError(result.error, result.bail, server.logs, result.stderr),
            diagnostics: [...server.logs],
            stdout: result.stdout,
            standIns: monitor.standIns,
        };
    } finally {
        server.close();
    }
}
