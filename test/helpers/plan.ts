/**
 * The one shared test helper: runs a component or a whole program under the offline engine's
 * recording monitor and answers queries over what was registered. Tests never talk to the Pulumi
 * runtime directly.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { Plan } from "../../tools/engine/plan";
import { runInline, runProgram, InlineOptions, ProgramRun } from "../../tools/engine/run";

export { Plan, RecordedResource, UNKNOWN, SECRET, containsUnknown } from "../../tools/engine/plan";

/** The repository root (where Pulumi.yaml lives). */
export const repoRoot = path.resolve(__dirname, "..", "..");

/**
 * Runs `build` as the body of a stack (first preview of a new stack unless `known`) and returns
 * everything it registered. `config` keys are full keys (`lightspeed:vpcCidr`, `aws:region`);
 * `aws:region` defaults to us-east-1.
 */
export function planComponent(build: () => unknown, options: InlineOptions = {}): Promise<Plan> {
    return runInline(build, options);
}

/**
 * The plan without the children the engine's models of remote components registered (awsx's
 * subnets, eks's service role, ...): what the program itself registered. Component tests assert
 * their own children exactly; test/models.test.ts tests the models.
 */
export function withoutModeled(plan: Plan): Plan {
    return new Plan(
        plan.stack,
        plan.project,
        plan.resources.filter((r) => !r.modeled),
        plan.known,
        plan.rawInputs,
    );
}

/** Program runs already made in this test process, by program, stack and mode: plain data. */
const stackRuns = new Map<string, Promise<ProgramRun>>();

/**
 * Runs a program directory (default: this repository) for a stack, as `npm run plan` does (out of
 * process, as the CLI runs it), and returns the whole run (plan, diagnostics, stdout, stand-ins).
 * The same program, stack and mode is run once per test process.
 */
export function runStack(
    stack: string,
    options: {
        cwd?: string;
        known?: boolean;
        stackReferences?: InlineOptions["stackReferences"];
    } = {},
): Promise<ProgramRun> {
    const cwd = options.cwd ?? repoRoot;
    const key = JSON.stringify([cwd, stack, options.known ?? false, options.stackReferences ?? {}]);
    let run = stackRuns.get(key);
    if (!run) {
        run = runProgram({
            cwd,
            stack,
            known: options.known,
            stackReferences: options.stackReferences,
        });
        stackRuns.set(key, run);
        run.catch(() => stackRuns.delete(key));
    }
    return run;
}

/** The plan of {@link runStack}'s run; throws the program's error. */
export function planStack(
    stack: string,
    options: Parameters<typeof runStack>[1] = {},
): Promise<Plan> {
    return runStack(stack, options).then((result) => {
        if (result.error) throw result.error;
        return result.plan;
    });
}

/**
 * Awaits an Output and returns its value, or `undefined` when it is unknown (a first preview).
 * The only way tests read Outputs.
 */
export function valueOf<T>(output: pulumi.Input<T> | pulumi.Output<T>): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
        const out = pulumi.output(output);
        // `isKnown` is internal to the SDK but stable across 3.x; it tells unknown from undefined.
        const internal = out as unknown as { isKnown: Promise<boolean>; promise(): Promise<T> };
        Promise.all([internal.isKnown, internal.promise()])
            .then(([known, value]) => resolve(known ? value : undefined))
            .catch(reject);
    });
}
