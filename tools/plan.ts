/**
 * `npm run plan`: previews a stack offline. Runs the program under the recording monitor, prints
 * the resource tree and a summary, optionally writes JSON, and exits 0 (clean), 1 (a mandatory
 * policy violation) or 2 (bad usage, bad config or a program error, with the error).
 */
import * as fs from "fs";
import * as path from "path";
import { runProgram } from "./engine/run";
import { planJson, renderTree, renderViolations, summary } from "./engine/render";
import { PolicyGateResult, runPolicyGate, startPolicyPack } from "./engine/policy-gate";
import { PolicyConfigError } from "./engine/policy-config";

/** Parsed command line of `npm run plan`. */
export interface PlanArgs {
    readonly stack: string;
    readonly cwd: string;
    readonly json?: string;
    readonly known: boolean;
    readonly quiet: boolean;
    /** The policy pack directory, or undefined with `--no-policy`. */
    readonly policyPack?: string;
    /** The `--policy-pack-config` file, if any (default: <pack>/config/<stack>.json when present). */
    readonly policyPackConfig?: string;
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

  --stack NAME               stack whose Pulumi.<NAME>.yaml config to use (default: dev)
  --cwd DIR                  program directory holding Pulumi.yaml (default: this repository)
  --json FILE                also write the plan as JSON (resources, outputs, violations)
  --known                    fake every computed output as known, as for an update of an existing
                             stack (default: unknown, as in the first preview of a new stack)
  --quiet                    print the summary and violations only, not the tree
  --policy-pack DIR          policy pack to check the plan with (default: this repository's policy/)
  --policy-pack-config FILE  its config, as for pulumi preview (default: <pack>/config/<stack>.json
                             when that file exists)
  --no-policy                skip the policy checks`;

const REPO_ROOT = path.resolve(__dirname, "..");

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
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] =
            arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined];
        const value = () => {
            const v = inline ?? argv[++i];
            if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
            return v;
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
                known = true;
                break;
            case "--quiet":
            case "-q":
                quiet = true;
                break;
            case "--policy-pack":
                policyPack = path.resolve(value());
                break;
            case "--policy-pack-config":
                policyPackConfig = path.resolve(value());
                break;
            case "--no-policy":
                noPolicy = true;
                break;
            default:
                throw new UsageError(`unknown argument "${arg}"`);
        }
    }
    if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) {
        throw new UsageError(`--cwd: no such directory ${cwd}`);
    }
    if (noPolicy) {
        if (policyPackConfig)
            throw new UsageError("--policy-pack-config makes no sense with --no-policy");
        return { stack, cwd, json, known, quiet };
    }
    if (!fs.existsSync(path.join(policyPack, "PulumiPolicy.yaml"))) {
        throw new UsageError(`--policy-pack: no PulumiPolicy.yaml in ${policyPack}`);
    }
    if (policyPackConfig && !fs.existsSync(policyPackConfig)) {
        throw new UsageError(`--policy-pack-config: no such file ${policyPackConfig}`);
    }
    const stackConfig = path.join(policyPack, "config", `${stack}.json`);
    if (!policyPackConfig && fs.existsSync(stackConfig)) policyPackConfig = stackConfig;
    return { stack, cwd, json, known, quiet, policyPack, policyPackConfig };
}

/** Runs the plan command; returns the process exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
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
    // The pack compiles for seconds at start: let it boot while the program runs.
    if (args.policyPack) startPolicyPack(args.policyPack);
    const run = await runProgram({ cwd: args.cwd, stack: args.stack, known: args.known });
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
        io.err(`error: ${error.message}`);
        if (process.env.LIGHTSPEED_DEBUG && error.stack) io.err(error.stack);
        io.err(
            registered
                ? `\nThe program failed after registering ${registered} resource(s).`
                : "\nThe program failed before registering any resource.",
        );
        return 2;
    }
    let policy: PolicyGateResult | undefined;
    if (args.policyPack) {
        try {
            policy = await runPolicyGate(plan, {
                packDir: args.policyPack,
                config: args.policyPackConfig,
            });
        } catch (err) {
            if (!(err instanceof PolicyConfigError)) throw err;
            io.err(`error: ${err.message}`);
            return 2;
        }
    }
    if (!args.quiet) io.out(renderTree(plan) + "\n");
    if (policy) {
        const source = args.policyPackConfig ? `, config ${args.policyPackConfig}` : "";
        io.out(`Policies: ${policy.packName}@v${policy.packVersion} (${args.policyPack}${source})`);
        io.out(
            renderViolations(
                policy.violations,
                policy.exceptions,
                policy.cannotRunInPreview.length,
            ) + "\n",
        );
    }
    io.out(summary(plan));
    io.out(`Duration: ${((Date.now() - started) / 1000).toFixed(1)}s`);
    if (args.json) {
        fs.writeFileSync(args.json, JSON.stringify(planJson(plan, policy), null, 2) + "\n");
        io.out(`Wrote ${args.json}`);
    }
    return policy?.violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}
