/**
 * The Node.js language host, offline: starts a program the way `pulumi preview` does, in its own
 * process, with the SDK's own `@pulumi/pulumi/cmd/run`, the working directory, arguments and
 * environment that pulumi-language-nodejs passes, talking to this engine's ResourceMonitor and
 * Engine services over gRPC.
 *
 * Mirrors, in pulumi/pulumi:
 * - pkg/engine/project.go `getPwdMain`: the working directory and entry point from `main`;
 * - sdk/nodejs/cmd/pulumi-language-nodejs/main.go `parseOptions` (runtime options),
 *   `locateModule` (finding cmd/run from the program directory), `constructArguments`,
 *   `constructConfig`, `constructConfigSecretKeys` and `execRuntime` (environment, exit codes).
 * What the host then runs, `cmd/run` (sdk/nodejs/cmd/run/run.ts), is the pinned SDK's own code:
 * its tsconfig lookup, ts-node registration, entry point resolution and error reporting are
 * therefore the CLI's, not a copy.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { signal, track } from "./children";

/** Why the language host refused to start the program, in its own words. */
export class HostError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "HostError";
    }
}

/** Runtime options as pulumi-language-nodejs reads them from `runtime.options`. */
export interface NodeOptions {
    readonly typescript: boolean;
    readonly tsconfigpath: string;
    readonly nodeargs: string;
}

/**
 * `parseOptions` of pulumi-language-nodejs: typescript defaults to true; every option has a fixed
 * type, and a wrong one is refused with the host's message.
 */
export function parseOptions(options: Record<string, unknown>): NodeOptions {
    const out = { typescript: true, tsconfigpath: "", nodeargs: "" };
    if ("typescript" in options) {
        if (typeof options.typescript !== "boolean") {
            throw new HostError("typescript option must be a boolean");
        }
        out.typescript = options.typescript;
    }
    if ("tsconfig" in options) {
        if (typeof options.tsconfig !== "string") {
            throw new HostError("tsconfigpath option must be a string");
        }
        out.tsconfigpath = options.tsconfig;
    }
    if ("nodeargs" in options) {
        if (typeof options.nodeargs !== "string") {
            throw new HostError("nodeargs option must be a string");
        }
        out.nodeargs = options.nodeargs;
    }
    if ("production" in options && typeof options.production !== "boolean") {
        throw new HostError("production option must be a boolean");
    }
    if ("packagemanager" in options) {
        const pm = options.packagemanager;
        if (typeof pm !== "string") throw new HostError("packagemanager option must be a string");
        if (!["auto", "npm", "yarn", "pnpm", "bun"].includes(pm)) {
            throw new HostError(
                `packagemanager option must be one of auto, npm, yarn, pnpm or bun, got ${JSON.stringify(pm)}`,
            );
        }
    }
    return out;
}

/**
 * `getPwdMain` of the engine: a `main` directory becomes the working directory with entry point
 * ".", a `main` file makes its directory the working directory; no `main` runs "." in the project
 * root (where cmd/run then follows package.json's `main`).
 */
export function pwdMain(root: string, main: string | undefined): { pwd: string; main: string } {
    if (main === undefined || main === "") return { pwd: root, main: "." };
    // filepath.Clean(filepath.Join(root, main)): cleaned, without a trailing separator.
    const full = path.resolve(root, main);
    let stat: fs.Stats;
    try {
        stat = fs.statSync(full);
    } catch {
        // Go's os.Stat error text, wrapped as the engine wraps it.
        throw new HostError(
            `project 'main' could not be read: stat ${full}: no such file or directory`,
        );
    }
    return stat.isDirectory()
        ? { pwd: full, main: "." }
        : { pwd: path.dirname(full), main: path.basename(full) };
}

/**
 * `shlex.Split` as the host applies it to `nodeargs`: words split on blanks, with single and
 * double quotes and backslash escapes.
 */
export function splitArgs(text: string): string[] {
    const words: string[] = [];
    let word: string | undefined;
    let quote: string | undefined;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote) {
            if (c === quote) quote = undefined;
            else if (c === "\\" && quote === '"' && i + 1 < text.length) word += text[++i];
            else word += c;
        } else if (c === "'" || c === '"') {
            quote = c;
            word ??= "";
        } else if (c === "\\" && i + 1 < text.length) {
            word = (word ?? "") + text[++i];
        } else if (/\s/.test(c)) {
            if (word !== undefined) words.push(word);
            word = undefined;
        } else {
            word = (word ?? "") + c;
        }
    }
    if (quote) throw new HostError("EOF found when expecting closing quote");
    if (word !== undefined) words.push(word);
    return words;
}

/** `locateModule`: resolves a module as `node -e require.resolve(...)` would from `dir`. */
function locateModule(mod: string, dir: string): string {
    try {
        return require.resolve(mod, { paths: [dir] });
    } catch {
        throw new HostError(
            "It looks like the Pulumi SDK has not been installed. Have you run pulumi install?",
        );
    }
}

/**
 * `constructConfig`: the config bag as the host hands it to the program, keys in the old
 * `<namespace>:config:<name>` form that every SDK version reads.
 */
export function configEnvironment(config: Readonly<Record<string, string>>): string {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        const at = key.indexOf(":");
        if (at <= 0) throw new HostError(`failed to serialize configuration: bad key ${key}`);
        out[`${key.slice(0, at)}:config:${key.slice(at + 1)}`] = value;
    }
    return JSON.stringify(out);
}

/** What the host needs to start a program. */
export interface HostRequest {
    /** The project root (where Pulumi.yaml is). */
    readonly root: string;
    readonly project: string;
    readonly stack: string;
    readonly organization: string;
    /** `main` as Pulumi.yaml gives it. */
    readonly main?: string;
    readonly runtimeOptions: Record<string, unknown>;
    /** Full config keys to values, as strings. */
    readonly config: Readonly<Record<string, string>>;
    readonly secretKeys: readonly string[];
    readonly monitorAddress: string;
    readonly engineAddress: string;
    /** True for `pulumi preview`. */
    readonly dryRun: boolean;
    /** Cancels the run: the program gets SIGINT, then SIGKILL 5 s later (the host's WaitDelay). */
    readonly signal?: AbortSignal;
}

/** How the program ended. */
export interface HostResult {
    /** The host's error, as the engine reports it; undefined for success. */
    readonly error?: string;
    /** True when the program already reported its error through the engine's log (exit 32). */
    readonly bail: boolean;
    /** What the program wrote, which the CLI shows among the stack's diagnostics. */
    readonly stdout: string;
    readonly stderr: string;
}

/**
 * The host's `cmd.WaitDelay` (sdk/nodejs/cmd/pulumi-language-nodejs/main.go `execRuntime`): how
 * long an interrupted program has before it is killed, and how long its output is awaited once
 * it has exited.
 */
const WAIT_DELAY_MS = 5000;

/** The exit code cmd/run uses after logging a user-actionable error. */
const EXITED_AFTER_LOGGING = 32;

/** The command line and environment the host would use, without running it. */
export function hostCommand(req: HostRequest): {
    argv: string[];
    cwd: string;
    env: NodeJS.ProcessEnv;
} {
    const { pwd, main } = pwdMain(req.root, req.main);
    const options = parseOptions(req.runtimeOptions);
    const runPath = locateModule(
        process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || "@pulumi/pulumi/cmd/run",
        pwd,
    );
    const args = [runPath];
    const maybe = (flag: string, value: string) => {
        if (value !== "") args.push(`--${flag}`, value);
    };
    maybe("monitor", req.monitorAddress);
    maybe("engine", req.engineAddress);
    // No `--sync`: the engine serves no pipes for synchronous invokes, which current SDKs use
    // only for the deprecated `invokeSync`.
    maybe("organization", req.organization);
    maybe("project", req.project);
    maybe("root-directory", req.root);
    maybe("stack", req.stack);
    maybe("pwd", pwd);
    if (req.dryRun) args.push("--dry-run");
    // The CLI's default --parallel (pkg/cmd/pulumi/operations `defaultParallel`): 4 per CPU.
    maybe("parallel", String(os.availableParallelism() * 4));
    args.push(main);

    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PULUMI_CONFIG: configEnvironment(req.config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify([...req.secretKeys]),
    };
    // Whatever the caller's shell carried must not leak into the program's settings.
    delete env.PULUMI_NODEJS_TYPESCRIPT;
    delete env.PULUMI_NODEJS_TSCONFIG_PATH;
    if (options.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (options.tsconfigpath !== "") env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfigpath;
    return { argv: [...splitArgs(options.nodeargs), ...args], cwd: pwd, env };
}

/**
 * Runs the program to completion (or until `signal` aborts it) and reports how it ended, as
 * `execRuntime` does. Never leaves the process behind.
 */
export function runHost(req: HostRequest): Promise<HostResult> {
    let command: ReturnType<typeof hostCommand>;
    try {
        command = hostCommand(req);
    } catch (err) {
        return Promise.resolve({
            error: (err as Error).message,
            bail: false,
            stdout: "",
            stderr: "",
        });
    }
    return new Promise((resolve) => {
        // The host runs the `node` it finds on $PATH; the engine runs the Node.js it runs on,
        // which is that one whenever the engine itself was started as `node`. The program leads
        // its own process group, as under the CLI, where it shares the language host's group
        // (cmdutil.RegisterProcessGroup), which the CLI interrupts when the run ends.
        const child = spawn(process.execPath, command.argv, {
            cwd: command.cwd,
            env: command.env,
            stdio: ["ignore", "pipe", "pipe"],
            detached: true,
        });
        const untrack = track(child, { group: true });
        let stdout = "";
        let stderr = "";
        child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        let killTimer: NodeJS.Timeout | undefined;
        let waitDelay: NodeJS.Timeout | undefined;
        const abort = () => {
            signal(child, "SIGINT");
            killTimer = setTimeout(() => signal(child, "SIGKILL"), WAIT_DELAY_MS);
            killTimer.unref();
        };
        if (req.signal?.aborted) abort();
        else req.signal?.addEventListener("abort", abort, { once: true });
        let done = false;
        const finish = (result: HostResult) => {
            if (done) return;
            done = true;
            req.signal?.removeEventListener("abort", abort);
            if (killTimer) clearTimeout(killTimer);
            if (waitDelay) clearTimeout(waitDelay);
            untrack();
            // The end of the run: what the program left in its group is interrupted, as
            // Plugin.Close's InterruptChildren does to the language host's group.
            signal(child, "SIGINT");
            resolve(result);
        };
        child.on("error", (err) => {
            finish({
                error: `Problem executing program (could not run language executor): ${err.message}`,
                bail: false,
                stdout,
                stderr,
            });
        });
        // Once the program has exited, its output is awaited for at most WaitDelay: a process it
        // left behind may hold the pipes open for good (os/exec `Cmd.WaitDelay`, which the host's
        // `execRuntime` sets to 5 s), and the run then goes on without the rest.
        child.on("exit", () => {
            waitDelay = setTimeout(() => {
                child.stdout!.destroy();
                child.stderr!.destroy();
                settle(child.exitCode, child.signalCode);
            }, WAIT_DELAY_MS);
        });
        const settle = (code: number | null, sig: NodeJS.Signals | null) => {
            if (code === 0) return finish({ bail: false, stdout, stderr });
            if (code === EXITED_AFTER_LOGGING) return finish({ bail: true, stdout, stderr });
            const status = code ?? (sig ? `signal ${sig}` : "unknown");
            finish({
                error: `Program exited with non-zero exit code: ${status}`,
                bail: false,
                stdout,
                stderr,
            });
        };
        child.on("close", settle);
    });
}
