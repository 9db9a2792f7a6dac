/**
 * `npm run bench -- plan [runs]`: wall time of `npm run plan -- --stack prod` (program out of
 * process as the CLI runs it, with the policy gate) against the floor of any plan, loading
 * `@pulumi/aws` alone, measured in the same run. The headline ratio is for warm runs, the steady
 * state of a developer or CI after `npm test` (Lambda bundles cached in build/lambda); the first,
 * cold run (cache cleared) is printed too, as is the size of the prod plan's --json.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..");

function timeCommand(args: string[], phases?: Record<string, number[]>): number {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, LIGHTSPEED_TIMINGS: "1" },
    });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) {
        throw new Error(`${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
    }
    if (phases) {
        for (const [, key, ms] of result.stderr.matchAll(/\b(\w+_ms)=(\d+)/g)) {
            (phases[key] ??= []).push(Number(ms));
        }
    }
    return elapsed;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs the benchmark and prints its figures. */
export function run(argv: string[]): void {
    const runs = Number(argv[0] ?? 5);
    if (!Number.isInteger(runs) || runs < 1)
        throw new Error(`runs must be a positive integer, got ${argv[0]}`);
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-plan-")), "prod.json");
    fs.rmSync(path.join(root, "build", "lambda"), { recursive: true, force: true });
    const cold = timeCommand(["tools/bin/plan.js", "--stack", "prod", "--quiet", "--json", json]);
    const jsonBytes = fs.statSync(json).size;
    const plan: number[] = [];
    const floor: number[] = [];
    const phases: Record<string, number[]> = {};
    // Interleave so that machine noise hits both sides alike.
    for (let i = 0; i < runs; i++) {
        floor.push(timeCommand(["-e", "require('@pulumi/aws')"]));
        plan.push(timeCommand(["tools/bin/plan.js", "--stack", "prod", "--quiet"], phases));
    }
    const planMs = median(plan);
    const floorMs = median(floor);
    console.log(`runs=${runs}`);
    console.log(`plan_prod_cold_ms=${cold.toFixed(0)}`);
    console.log(`plan_prod_json_bytes=${jsonBytes}`);
    console.log(`plan_prod_ms=${planMs.toFixed(0)}`);
    // Where the plan's time goes: the program's run (out of process, under the SDK's cmd/run) and
    // the rest (the node process's start, the pack's AnalyzeStack, flows, rendering).
    for (const [key, values] of Object.entries(phases)) {
        console.log(`plan_prod_${key}=${median(values).toFixed(0)}`);
    }
    console.log(`require_aws_ms=${floorMs.toFixed(0)}`);
    console.log(`ratio=${(planMs / floorMs).toFixed(2)}`);
}
