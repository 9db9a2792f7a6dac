/**
 * Runs a Pulumi TypeScript program (or an inline function, for tests) in this process under the
 * recording monitor, as the Node.js language host would: same config, same root stack resource,
 * same handling of the program's exports.
 */
import * as fs from "fs";
import * as path from "path";
import { Plan } from "./plan";
import { createRecordingMonitor } from "./monitor";
import { configString, LoadedProject, loadProject } from "./project";

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
}

/** The outcome of running a program: the plan so far, and the program's error if it failed. */
export interface ProgramRun {
    readonly project?: LoadedProject;
    readonly plan: Plan;
    readonly error?: Error;
}

interface ExecuteOptions {
    readonly sdkDir: string;
    readonly project: string;
    readonly stack: string;
    readonly known: boolean;
    readonly config: Record<string, string>;
    readonly secretKeys: readonly string[];
    readonly stackReferences?: Readonly<Record<string, Record<string, unknown>>>;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK's runtime internals are untyped here */

/** Only one program runs at a time in a process: the Pulumi runtime's state is global. */
let running: Promise<unknown> = Promise.resolve();

function serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = running.then(fn, fn);
    running = next.catch(() => undefined);
    return next;
}

function toError(err: unknown): Error {
    return err instanceof Error ? err : new Error(String(err));
}

async function execute(
    options: ExecuteOptions,
    body: () => unknown,
): Promise<{ plan: Plan; error?: Error }> {
    const sdk = require(options.sdkDir);
    const state = require(path.join(options.sdkDir, "runtime", "state"));
    const region = options.config["aws:region"] ?? "us-east-1";
    const { monitor, recording } = createRecordingMonitor(options.sdkDir, {
        stack: options.stack,
        project: options.project,
        known: options.known,
        region,
        stackReferences: options.stackReferences,
    });
    // A first preview is a dry run; an existing stack's outputs are known, so not one.
    sdk.runtime.setMockOptions(monitor, options.project, options.stack, !options.known);
    const store = state.getStore();
    // What the engine supports, as the Pulumi CLI announces it (output values stay off, so inputs
    // arrive flattened, exactly as the engine stores them).
    Object.assign(store, {
        supportsSecrets: true,
        supportsResourceReferences: true,
        supportsOutputValues: false,
        supportsDeletedWith: true,
        supportsReplaceWith: true,
        supportsAliasSpecs: true,
        supportsTransforms: true,
        supportsInvokeTransforms: true,
        supportsParameterization: true,
        supportsResourceHooks: true,
        supportsErrorHooks: true,
        supportsInvokeDependsOn: false,
    });
    sdk.runtime.setAllConfig(options.config, [...options.secretKeys]);

    const errors: Error[] = [];
    const onError = (err: unknown) => {
        const e = toError(err);
        if (!errors.includes(e)) errors.push(e);
    };
    process.on("unhandledRejection", onError);
    process.on("uncaughtException", onError);
    try {
        await sdk.runtime.runInPulumiStack(async () => {
            let exported = await body();
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
    const plan = new Plan(
        options.stack,
        options.project,
        recording.resources,
        options.known,
        recording.rawInputs,
    );
    return { plan, error: errors[0] };
}

/**
 * Runs `build` as the body of a stack and returns what it registered; throws the program's error.
 * Its return value becomes the stack's outputs, as a program's exports do.
 */
export function runInline(build: () => unknown, options: InlineOptions = {}): Promise<Plan> {
    return serialize(async () => {
        const config: Record<string, string> = { "aws:region": "us-east-1" };
        for (const [k, v] of Object.entries(options.config ?? {})) config[k] = configString(v);
        const { plan, error } = await execute(
            {
                sdkDir: path.dirname(require.resolve("@pulumi/pulumi/package.json")),
                project: options.project ?? "lightspeed",
                stack: options.stack ?? "test",
                known: options.known ?? false,
                config,
                secretKeys: options.secretKeys ?? [],
                stackReferences: options.stackReferences,
            },
            build,
        );
        if (error) throw error;
        return plan;
    });
}

/** Registers ts-node (transpile only) once, as the language host does for TypeScript programs. */
function ensureTypeScript(dir: string): void {
    if ((process as any)[Symbol.for("ts-node.register.instance")]) return;
    const tsNode = require(require.resolve("ts-node", { paths: [dir, __dirname] }));
    const project = path.join(dir, "tsconfig.json");
    tsNode.register({
        transpileOnly: true,
        project: fs.existsSync(project) ? project : undefined,
        skipProject: !fs.existsSync(project),
        compilerOptions: { module: "commonjs" },
    });
}

/** The program's own `@pulumi/pulumi`: the runtime whose state its resources use. */
function resolveSdk(dir: string): string {
    try {
        return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
    } catch {
        throw new Error(
            `@pulumi/pulumi is not installed for the program in ${dir} (run npm ci there)`,
        );
    }
}

/**
 * Runs the program in `cwd` for `stack` with the stack's config. Never throws for a program
 * failure: the error comes back with whatever was registered before it.
 */
export function runProgram(options: ProgramOptions): Promise<ProgramRun> {
    return serialize(async () => {
        const cwd = path.resolve(options.cwd);
        let project: LoadedProject;
        let sdkDir: string;
        try {
            project = loadProject(cwd, options.stack);
            sdkDir = resolveSdk(cwd);
        } catch (err) {
            return {
                plan: new Plan(options.stack, path.basename(cwd), [], options.known ?? false),
                error: toError(err),
            };
        }
        const before = new Set(Object.keys(require.cache));
        const previousDir = process.cwd();
        const previousArgv = process.argv;
        process.chdir(cwd);
        process.argv = [process.argv[0], project.main];
        try {
            const { plan, error } = await execute(
                {
                    sdkDir,
                    project: project.name,
                    stack: options.stack,
                    known: options.known ?? false,
                    config: project.config,
                    secretKeys: project.secretKeys,
                    stackReferences: options.stackReferences,
                },
                () => {
                    if (
                        /\.tsx?$/.test(project.main) ||
                        fs.existsSync(path.join(project.main, "index.ts"))
                    ) {
                        ensureTypeScript(cwd);
                    }
                    const isDir = fs.statSync(project.main).isDirectory();
                    const exported = require(isDir ? project.main + path.sep : project.main);
                    // A TypeScript `export default` compiles to `exports.default`.
                    return exported && typeof exported.default === "function"
                        ? exported.default
                        : exported;
                },
            );
            return { project, plan, error };
        } finally {
            process.chdir(previousDir);
            process.argv = previousArgv;
            // Forget the program's own modules so the next run evaluates them afresh.
            for (const key of Object.keys(require.cache)) {
                if (
                    !before.has(key) &&
                    key.startsWith(cwd + path.sep) &&
                    !key.includes(`${path.sep}node_modules${path.sep}`)
                ) {
                    delete require.cache[key];
                }
            }
        }
    });
}
