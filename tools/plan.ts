/**
 * `npm run plan`: previews a stack offline. Runs the program under the recording monitor, prints
 * the resource tree and a summary, optionally a monthly cost estimate (and its difference from an
 * earlier plan) and an architecture graph, optionally writes JSON, and exits 0 (clean), 1 (a
 * mandatory policy violation) or 2 (bad usage, bad config, bad usage assumptions or a program
 * error, with the error).
 */
import * as fs from "fs";
import * as path from "path";
import { flowJson, planFlows, renderFlows } from "./engine/flows";
import { runProgram } from "./engine/run";
import {
    planJson,
    renderCreatedInApply,
    renderOutputs,
    renderTree,
    renderViolations,
    summary,
    wrap,
} from "./engine/render";
import {
    checkPolicyConfig,
    LiveAnalysis,
    PolicyGateResult,
    PolicyPackHandle,
    readPolicyConfigFile,
    runPolicyGate,
} from "./engine/policy-gate";
import { LogEntry } from "./engine/server";
import { PolicyConfigError } from "./engine/policy-config";
import { CostReport, estimateCost, PlanResource } from "./cost/estimate";
import { costDiffMarkdown, PlanDocument, renderCost } from "./cost/report";
import {
    loadUsage,
    NO_OVERRIDES,
    UsageError as CostUsageError,
    UsageOverrides,
} from "./cost/usage";
import { buildGraph, graphMarkdown } from "./graph";
import { closest } from "../components/lib/nearest";

/** Parsed command line of `npm run plan`. */
export interface PlanArgs {
    readonly stack: string;
    readonly cwd: string;
    readonly json?: string;
    readonly known: boolean;
    readonly quiet: boolean;
    /** The policy pack directory, or undefined with `--no-policy`. */
    readonly policyPack?: string;
    /**
     * The `--policy-pack-config` file, if any. As with the CLI, none applies unless given, except
     * for this repository's own stacks, whose default is <pack>/config/<stack>.json when present.
     */
    readonly policyPackConfig?: string;
    /** Print the monthly cost estimate. */
    readonly cost?: boolean;
    /** An earlier plan's `--json` document to print the cost difference against. */
    readonly costDiff?: string;
    /** Where to write that difference (markdown) instead of printing it. */
    readonly costDiffOut?: string;
    /**
     * The usage assumptions file (default: tools/cost/usage/<stack>.json when it exists and the
     * program is this repository's).
     */
    readonly usage?: string;
    /** Where to write the Mermaid architecture graph (markdown). */
    readonly graph?: string;
}

/** Where output goes; tests pass their own. */
export interface Io {
    out(line: string): void;
    err(line: string): void;
}

/** Bad command-line usage: reported with the usage text, exit 2. */
export class UsageError extends Error {}

export const USAGE = `usage: npm run plan -- [--stack NAME] [--cwd DIR] [--json FILE] [--known] [--quiet]
                        [--policy-pack DIR] [--policy-pack-config FILE] [--no-policy]
                        [--cost] [--usage FILE] [--cost-diff BASE.json [--cost-diff-out FILE]]
                        [--graph FILE.md]

  --stack NAME               stack whose Pulumi.<NAME>.yaml config to use (default: dev)
  --cwd DIR                  program directory holding Pulumi.yaml (default: this repository)
  --json FILE                also write the plan as JSON (resources, outputs, violations)
  --known                    fake every computed output as known, as for an update of an existing
                             stack (default: unknown, as in the first preview of a new stack)
  --quiet                    print the summary and violations only, not the tree
  --policy-pack DIR          policy pack to check the plan with (default: this repository's policy/)
  --policy-pack-config FILE  its config, as for pulumi preview (default: none; for this
                             repository's stacks, policy/config/<NAME>.json when it exists)
  --no-policy                skip the policy checks
  --cost                     print a monthly cost estimate per resource and its total (us-east-1
                             on-demand prices; the estimate is always in --json as "cost")
  --usage FILE               usage assumptions over the defaults (default: tools/cost/usage/<NAME>.json
                             when it exists)
  --cost-diff BASE.json      print the cost difference from an earlier plan's --json, as markdown
  --cost-diff-out FILE       write that markdown to FILE instead of printing it
  --graph FILE.md            write a Mermaid diagram of the components and their data flows`;

const REPO_ROOT = path.resolve(__dirname, "..");

/** Every flag, for did-you-mean. */
const FLAGS = [...USAGE.matchAll(/--[a-z-]+/g)].map((m) => m[0]);

/** Parses argv (without node and script). Throws UsageError naming the bad argument. */
export function parseArgs(argv: readonly string[]): PlanArgs {
    let stack = "dev";
    let cwd = REPO_ROOT;
    let json: string | undefined;
    let known = false;
    let quiet = false;
    let policyPack: string | undefined = path.join(REPO_ROOT, "policy");
    let policyPackConfig: string | undefined;
    let noPolicy = false;
    let cost = false;
    let costDiff: string | undefined;
    let costDiffOut: string | undefined;
    let usage: string | undefined;
    let graph: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] =
            arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
        const value = () => {
            const v = inline ?? argv[++i];
            if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
            return v;
        };
        // `--known=false` must not quietly mean --known.
        const noValue = () => {
            if (inline !== undefined) throw new UsageError(`${flag} takes no value, got "${arg}"`);
        };
        switch (flag) {
            case "--stack":
            case "-s":
                stack = value();
                if (!/^[A-Za-z0-9_.-]+$/.test(stack))
                    throw new UsageError(`--stack: invalid stack name "${stack}"`);
                break;
            case "--cwd":
            case "-C":
                cwd = path.resolve(value());
                break;
            case "--json":
                json = path.resolve(value());
                break;
            case "--known":
                noValue();
                known = true;
                break;
            case "--quiet":
            case "-q":
                noValue();
                quiet = true;
                break;
            case "--policy-pack":
                policyPack = path.resolve(value());
                break;
            case "--policy-pack-config":
                policyPackConfig = path.resolve(value());
                break;
            case "--no-policy":
                noValue();
                noPolicy = true;
                break;
            case "--cost":
                noValue();
                cost = true;
                break;
            case "--cost-diff":
                costDiff = path.resolve(value());
                break;
            case "--cost-diff-out":
                costDiffOut = path.resolve(value());
                break;
            case "--usage":
                usage = path.resolve(value());
                break;
            case "--graph":
                graph = path.resolve(value());
                break;
            default: {
                const near = flag.startsWith("-") ? closest(flag, FLAGS) : undefined;
                throw new UsageError(
                    `unknown argument "${arg}"` + (near ? ` (did you mean ${near}?)` : ""),
                );
            }
        }
    }
    if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) {
        throw new UsageError(`--cwd: no such directory ${cwd}`);
    }
    if (costDiff && !fs.existsSync(costDiff)) {
        throw new UsageError(`--cost-diff: no such file ${costDiff}`);
    }
    if (costDiffOut && !costDiff) throw new UsageError("--cost-diff-out needs --cost-diff");
    // An output that cannot be written is refused now, not after the whole plan has run.
    if (json) checkOutput("--json", json);
    if (graph) checkOutput("--graph", graph);
    if (costDiffOut) checkOutput("--cost-diff-out", costDiffOut);
    if (usage && !fs.existsSync(usage)) throw new UsageError(`--usage: no such file ${usage}`);
    if (!usage && cwd === REPO_ROOT) {
        const stackUsage = path.join(REPO_ROOT, "tools", "cost", "usage", `${stack}.json`);
        if (fs.existsSync(stackUsage)) usage = stackUsage;
    }
    const extras = { cost, costDiff, costDiffOut, usage, graph };
    if (noPolicy) {
        if (policyPackConfig)
            throw new UsageError("--policy-pack-config makes no sense with --no-policy");
        return { stack, cwd, json, known, quiet, ...extras };
    }
    if (!fs.existsSync(path.join(policyPack, "PulumiPolicy.yaml"))) {
        throw new UsageError(`--policy-pack: no PulumiPolicy.yaml in ${policyPack}`);
    }
    if (policyPackConfig && !fs.existsSync(policyPackConfig)) {
        throw new UsageError(`--policy-pack-config: no such file ${policyPackConfig}`);
    }
    // Only this repository's program gets its own pack's stack config by default: the CLI applies
    // no config unless --policy-pack-config names one, and lightspeed's waivers must never reach
    // another program that happens to reuse a resource name.
    const stackConfig = path.join(policyPack, "config", `${stack}.json`);
    if (
        !policyPackConfig &&
        cwd === REPO_ROOT &&
        policyPack === path.join(REPO_ROOT, "policy") &&
        fs.existsSync(stackConfig)
    ) {
        policyPackConfig = stackConfig;
    }
    return { stack, cwd, json, known, quiet, policyPack, policyPackConfig, ...extras };
}

/** Refuses an output path whose file could not be created or replaced, naming the flag. */
function checkOutput(flag: string, file: string): void {
    const isDirectory = (p: string) => {
        try {
            return fs.statSync(p).isDirectory();
        } catch {
            return false;
        }
    };
    if (isDirectory(file)) throw new UsageError(`${flag}: ${file} is a directory`);
    const dir = path.dirname(file);
    let stat: fs.Stats | undefined;
    try {
        stat = fs.statSync(dir);
    } catch {
        // ENOENT, or ENOTDIR for a file along the way.
    }
    if (!stat) throw new UsageError(`${flag}: no such directory ${dir}`);
    if (!stat.isDirectory()) throw new UsageError(`${flag}: ${dir} is not a directory`);
    try {
        fs.accessSync(dir, fs.constants.W_OK);
    } catch (err) {
        throw new UsageError(
            `${flag}: cannot write in ${dir} (${(err as NodeJS.ErrnoException).code})`,
        );
    }
}

/** An output file that could not be written (a full disk, a directory made meanwhile). */
class OutputError extends Error {}

/**
 * Writes an output file whole or not at all: into a temporary file beside it, then renamed over
 * it, so a failed write leaves no partial file (and an earlier one intact).
 */
function writeOutput(flag: string, file: string, text: string): void {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    try {
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, file);
    } catch (err) {
        fs.rmSync(tmp, { force: true });
        throw new OutputError(
            `${flag}: cannot write ${file} (${(err as NodeJS.ErrnoException).code})`,
        );
    }
}

/** A path as the report shows it: relative to the repository when inside it. */
function shown(file: string): string {
    const rel = path.relative(REPO_ROOT, file);
    return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

/** Reads an earlier plan's `--json` document for `--cost-diff`. */
function readPlanDocument(file: string): PlanDocument {
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new CostUsageError(`--cost-diff: ${file}: ${(err as Error).message}`);
    }
    const d = doc as PlanDocument;
    if (!Array.isArray(d?.resources) && !d?.cost) {
        throw new CostUsageError(`--cost-diff: ${file} is not a plan's --json document`);
    }
    return d;
}

/**
 * The base estimate of a diff: the earlier plan's resources re-priced with today's table and usage
 * (so the diff shows what the change costs, not price updates), or its recorded cost when it has
 * no resources.
 */
function baseCost(doc: PlanDocument, usage: UsageOverrides): CostReport {
    if (!Array.isArray(doc.resources)) return doc.cost!;
    return estimateCost(doc.resources, { usage, lenient: true });
}

/** Options of a plan run beyond its command line. */
export interface MainOptions {
    /** Interrupts the run (Ctrl-C): the program is stopped, and the plan exits 130. */
    readonly signal?: AbortSignal;
    /**
     * Runs the program (default {@link runProgram}); tests pass a runner that reuses a run of the
     * same program, stack and mode made the same way.
     */
    readonly runProgram?: typeof runProgram;
}

/** The CLI's "Diagnostics:" section: what the program logged and printed, by resource. */
export function renderDiagnostics(
    logs: readonly LogEntry[],
    stdout: string,
    stackUrn: string | undefined,
): string | undefined {
    const byUrn = new Map<string, string[]>();
    const add = (urn: string, line: string) => {
        if (!byUrn.has(urn)) byUrn.set(urn, []);
        byUrn.get(urn)!.push(line);
    };
    const stack = stackUrn ?? "";
    for (const line of stdout.split("\n").filter((l) => l.trim() !== "")) add(stack, line);
    for (const l of logs) {
        if (l.severity === "debug" || l.severity === "error") continue;
        const prefix = l.severity === "warning" ? "warning: " : "";
        for (const line of l.message.trimEnd().split("\n")) add(l.urn ?? stack, prefix + line);
    }
    if (byUrn.size === 0) return undefined;
    const out = ["Diagnostics:"];
    for (const [urn, lines] of byUrn) {
        const parts = urn.split("::");
        const head = urn ? `${parts[2] ?? urn} (${parts[3] ?? ""})` : "(program)";
        // One push per line: spreading a program's output into one call overflows the stack
        // (a program that prints 200,000 lines is not rare: a debug loop, a chatty library).
        out.push(`  ${head}:`);
        for (const line of lines) out.push(`    ${line}`);
        out.push("");
    }
    return out.join("\n");
}

/** Runs the plan command; returns the process exit code. Stops every process it started. */
export async function main(
    argv: readonly string[],
    io: Io,
    options: MainOptions = {},
): Promise<number> {
    const packs: PolicyPackHandle[] = [];
    try {
        return await plan(argv, io, options, packs);
    } finally {
        await Promise.all(packs.map((p) => p.close()));
    }
}

async function plan(
    argv: readonly string[],
    io: Io,
    options: MainOptions,
    packs: PolicyPackHandle[],
): Promise<number> {
    if (argv.includes("--help") || argv.includes("-h")) {
        io.out(USAGE);
        return 0;
    }
    let args: PlanArgs;
    try {
        args = parseArgs(argv);
    } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        io.err(`error: ${err.message}\n\n${USAGE}`);
        return 2;
    }
    const started = Date.now();
    // The files the run depends on are checked before the program starts: a typo there must not
    // cost a whole program run.
    let usage: UsageOverrides = NO_OVERRIDES;
    try {
        if (args.usage) usage = { ...loadUsage(args.usage), source: shown(args.usage) };
        if (args.policyPackConfig) readPolicyConfigFile(args.policyPackConfig);
    } catch (err) {
        if (!(err instanceof CostUsageError) && !(err instanceof PolicyConfigError)) throw err;
        io.err(`error: ${err.message}`);
        return 2;
    }
    // The pack takes seconds to start: let it boot while the program runs. As soon as it is up,
    // the config is checked against its policies, and a bad one stops the program early.
    const pack = args.policyPack ? new PolicyPackHandle(args.policyPack) : undefined;
    if (pack) packs.push(pack);
    const badConfig = new AbortController();
    let configProblem: Error | undefined;
    pack?.ready.then(
        () =>
            checkPolicyConfig(pack, args.policyPackConfig).catch((err: Error) => {
                configProblem = err;
                badConfig.abort();
            }),
        // A pack that fails to start is reported where it is used.
        () => undefined,
    );
    // The pack analyzes each registration as it arrives, as under the CLI.
    const live = pack && new LiveAnalysis(pack, args.policyPackConfig);
    const programStarted = Date.now();
    const run = await (options.runProgram ?? runProgram)({
        cwd: args.cwd,
        stack: args.stack,
        known: args.known,
        observer: live,
        signal: options.signal
            ? AbortSignal.any([options.signal, badConfig.signal])
            : badConfig.signal,
    });
    if (options.signal?.aborted) {
        io.err("error: interrupted; the program was stopped and nothing was checked");
        return 130;
    }
    if (configProblem) {
        if (!(configProblem instanceof PolicyConfigError)) throw configProblem;
        io.err(`error: ${configProblem.message}`);
        return 2;
    }
    const { plan, error } = run;
    const mode = args.known
        ? "known outputs, as an existing stack"
        : "first preview of a new stack";
    const project = run.project ? ` (project ${run.project.name})` : "";
    io.out(`Previewing ${args.stack}${project} offline: ${mode}`);
    io.out("");
    if (error) {
        // The root stack registers before the program runs; only the program's resources count.
        const registered = plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length;
        if (registered && !args.quiet) io.out(renderTree(plan) + "\n");
        const shown = renderDiagnostics(run.diagnostics, run.stdout, plan.stackResource?.urn);
        if (shown) io.out(shown);
        io.err(`error: ${error.message}`);
        if (process.env.LIGHTSPEED_DEBUG && error.stack) io.err(error.stack);
        io.err(
            registered
                ? `\nThe program failed after registering ${registered} resource(s).`
                : "\nThe program failed before registering any resource.",
        );
        return 2;
    }
    const programMs = Date.now() - programStarted;
    let policy: PolicyGateResult | undefined;
    if (args.policyPack) {
        try {
            policy = await runPolicyGate(plan, {
                packDir: args.policyPack,
                config: args.policyPackConfig,
                pack,
                live,
            });
        } catch (err) {
            if (!(err instanceof PolicyConfigError)) throw err;
            io.err(`error: ${err.message}`);
            return 2;
        }
    }
    if (!args.quiet) io.out(renderTree(plan) + "\n");
    const diagnostics = renderDiagnostics(run.diagnostics, run.stdout, plan.stackResource?.urn);
    if (diagnostics) io.out(diagnostics);
    const inApply = renderCreatedInApply(plan);
    if (inApply) io.out(inApply);
    if (run.standIns.size) {
        const list = [...run.standIns].map(([t, n]) => (n === 1 ? t : `${t} (${n} calls)`));
        io.out(
            wrap(
                `Offline stand-ins, not AWS's answers (the real values come at pulumi up): ${list.join(", ")}`,
                100,
                "",
            ).join("\n") + "\n",
        );
    }
    if (policy) {
        const source = args.policyPackConfig ? `, config ${args.policyPackConfig}` : "";
        io.out(`Policies: ${policy.packName}@v${policy.packVersion} (${args.policyPack}${source})`);
        io.out(
            renderViolations(
                policy.violations,
                policy.exceptions,
                policy.cannotRunInPreview.length,
                acceptedAdvisories(policy.config),
            ) + "\n",
        );
    }
    const flows = (await planFlows(plan)).map(flowJson);
    if (flows.length) io.out(renderFlows(flows) + "\n");
    const outputs = renderOutputs(plan.outputs);
    if (outputs) io.out(outputs + "\n");
    io.out(summary(plan));
    let cost: CostReport | undefined;
    let diff: string | undefined;
    const wrote: (() => void)[] = [];
    if (args.cost || args.costDiff || args.json) {
        try {
            // Reads create nothing, so they cost nothing.
            const resources: readonly PlanResource[] = plan.resources.filter((r) => !r.read);
            cost = estimateCost(resources, {
                usage,
                stackRegion: run.project?.config["aws:region"],
            });
            if (args.costDiff) {
                const base = readPlanDocument(args.costDiff);
                diff = costDiffMarkdown(baseCost(base, usage), cost, plan.stack);
            }
        } catch (err) {
            if (!(err instanceof CostUsageError)) throw err;
            io.err(`error: ${err.message}`);
            return 2;
        }
    }
    if (cost && args.cost) io.out("\n" + renderCost(cost));
    if (diff !== undefined) {
        if (args.costDiffOut) {
            wrote.push(() => writeOutput("--cost-diff-out", args.costDiffOut!, diff!));
        } else {
            io.out("\n" + diff.trimEnd());
        }
    }
    io.out(`Duration: ${((Date.now() - started) / 1000).toFixed(1)}s`);
    if (process.env.LIGHTSPEED_TIMINGS) {
        // For `npm run bench -- plan`: the program's run, and what the plan spent around it.
        io.err(`timings: program_ms=${programMs} other_ms=${Date.now() - started - programMs}`);
    }
    try {
        if (args.json) {
            writeOutput(
                "--json",
                args.json,
                JSON.stringify({ ...planJson(plan, policy, cost, run.standIns), flows }, null, 2) +
                    "\n",
            );
            io.out(`Wrote ${args.json}`);
        }
        for (const write of wrote) write();
        if (diff !== undefined && args.costDiffOut) io.out(`Wrote ${args.costDiffOut}`);
        if (args.graph) {
            writeOutput(
                "--graph",
                args.graph,
                graphMarkdown(
                    buildGraph(
                        plan.resources.filter((r) => !r.read),
                        flows,
                    ),
                    plan.stack,
                ),
            );
            io.out(`Wrote ${args.graph}`);
        }
    } catch (err) {
        if (!(err instanceof OutputError)) throw err;
        io.err(`error: ${err.message}`);
        return 2;
    }
    const blocking = policy?.violations.filter((v) => v.enforcementLevel === "mandatory") ?? [];
    if (blocking.length) {
        // The last line a reader (or a CI log) sees says the run is blocked, and by what.
        const rules = [...new Set(blocking.map((v) => v.policyName))].join(", ");
        io.out(
            `\nBlocked: ${blocking.length} mandatory policy violation${blocking.length === 1 ? "" : "s"} (${rules})`,
        );
        return 1;
    }
    return 0;
}

/** The rules whose advisory findings the policy config accepts, with the reason it gives. */
export function acceptedAdvisories(
    config: Readonly<Record<string, { readonly properties: Record<string, unknown> }>>,
): Map<string, string> {
    const out = new Map<string, string>();
    for (const [rule, c] of Object.entries(config)) {
        if (typeof c.properties.accepted === "string") out.set(rule, c.properties.accepted);
    }
    return out;
}
