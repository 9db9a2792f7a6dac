/**
 * `npm run plan`: previews a stack offline. Runs the program under the recording monitor, prints
 * the resource tree and a summary, optionally writes JSON, and exits 0 (clean), 1 (a mandatory
 * policy violation) or 2 (bad usage, bad config or a program error, with the error).
 */
import * as fs from "fs";
import * as path from "path";
import { runProgram } from "./engine/run";
import { Plan } from "./engine/plan";
import { planJson, renderTree, summary, Violation } from "./engine/render";

/** Parsed command line of `npm run plan`. */
export interface PlanArgs {
    readonly stack: string;
    readonly cwd: string;
    readonly json?: string;
    readonly known: boolean;
    readonly quiet: boolean;
}

/** A check that runs over a finished plan (the policy gate plugs in here). */
export type Gate = (plan: Plan, args: PlanArgs) => Promise<Violation[]>;

/** Where output goes; tests pass their own. */
export interface Io {
    out(line: string): void;
    err(line: string): void;
}

/** Bad command-line usage: reported with the usage text, exit 2. */
export class UsageError extends Error {}

export const USAGE = `usage: npm run plan -- [--stack NAME] [--cwd DIR] [--json FILE] [--known] [--quiet]

  --stack NAME   stack whose Pulumi.<NAME>.yaml config to use (default: dev)
  --cwd DIR      program directory holding Pulumi.yaml (default: this repository)
  --json FILE    also write the plan as JSON (resources, outputs, violations)
  --known        fake every computed output as known, as for an update of an existing
                 stack (default: unknown, as in the first preview of a new stack)
  --quiet        print the summary only, not the tree`;

const REPO_ROOT = path.resolve(__dirname, "..");

/** Parses argv (without node and script). Throws UsageError naming the bad argument. */
export function parseArgs(argv: readonly string[]): PlanArgs {
    let stack = "dev";
    let cwd = REPO_ROOT;
    let json: string | undefined;
    let known = false;
    let quiet = false;
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
            default:
                throw new UsageError(`unknown argument "${arg}"`);
        }
    }
    if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) {
        throw new UsageError(`--cwd: no such directory ${cwd}`);
    }
    return { stack, cwd, json, known, quiet };
}

/** Runs the plan command; returns the process exit code. */
export async function main(
    argv: readonly string[],
    io: Io,
    gates: readonly Gate[] = [],
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
    const run = await runProgram({ cwd: args.cwd, stack: args.stack, known: args.known });
    const { plan, error } = run;
    const mode = args.known ? "known outputs, as an existing stack" : "first preview of a new stack";
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
    const violations: Violation[] = [];
    for (const gate of gates) violations.push(...(await gate(plan, args)));
    if (!args.quiet) io.out(renderTree(plan) + "\n");
    for (const v of violations) {
        io.out(`    [${v.enforcementLevel}]  ${v.policyName}  (${v.type}: ${v.name})`);
        io.out(`    ${v.message}`);
    }
    io.out(summary(plan));
    io.out(`Duration: ${((Date.now() - started) / 1000).toFixed(1)}s`);
    if (args.json) {
        fs.writeFileSync(args.json, JSON.stringify(planJson(plan, violations), null, 2) + "\n");
        io.out(`Wrote ${args.json}`);
    }
    return violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}
