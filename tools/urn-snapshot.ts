/**
 * URN snapshots: the URNs a stack registers, one per line, sorted. A deployed resource whose URN
 * changes is deleted and re-created unless the new registration carries an alias to the old URN,
 * so test/urn-snapshots.test.ts compares every plan with its snapshot. `npm run snapshots`
 * rewrites the snapshots after an intended change.
 */
import * as fs from "fs";
import * as path from "path";
import { makeUrn } from "./engine/monitor";
import { Plan, RecordedResource } from "./engine/plan";
import { runProgram } from "./engine/run";

/** The stacks with a snapshot. */
export const SNAPSHOT_STACKS = ["dev", "prod"];

const ROOT = path.resolve(__dirname, "..");

/** Where a stack's snapshot lives. */
export function snapshotFile(stack: string): string {
    return path.join(ROOT, "test", "snapshots", `${stack}.urns`);
}

/** The URNs of a plan, sorted. */
export function urnsOf(plan: Plan): string[] {
    return plan.resources.map((r) => r.urn).sort();
}

/** The old URNs a resource's aliases stand for. */
export function aliasUrns(plan: Plan, r: RecordedResource): string[] {
    return r.aliases.map((a) => {
        if (typeof a === "string") return a;
        const spec = a as {
            name?: string;
            type?: string;
            parent?: string | null;
            stack?: string;
            project?: string;
        };
        const parent = spec.parent === null ? undefined : (spec.parent ?? r.parent);
        return makeUrn(
            spec.stack ?? plan.stack,
            spec.project ?? plan.project,
            parent,
            spec.type ?? r.type,
            spec.name ?? r.name,
        );
    });
}

/** What changed against a snapshot: URNs gone without an alias, and URNs not yet recorded. */
export function compareWithSnapshot(
    plan: Plan,
    snapshot: readonly string[],
): { lost: string[]; added: string[] } {
    const now = new Set(urnsOf(plan));
    const aliased = new Set(plan.resources.flatMap((r) => aliasUrns(plan, r)));
    const recorded = new Set(snapshot);
    return {
        lost: snapshot.filter((u) => !now.has(u) && !aliased.has(u)),
        added: [...now].filter((u) => !recorded.has(u)),
    };
}

/** Reads a snapshot (empty lines ignored). */
export function readSnapshot(stack: string): string[] {
    const file = snapshotFile(stack);
    if (!fs.existsSync(file)) return [];
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "");
}

async function main(): Promise<void> {
    for (const stack of SNAPSHOT_STACKS) {
        const { plan, error } = await runProgram({ cwd: ROOT, stack });
        if (error) throw error;
        fs.mkdirSync(path.dirname(snapshotFile(stack)), { recursive: true });
        fs.writeFileSync(snapshotFile(stack), urnsOf(plan).join("\n") + "\n");
        process.stdout.write(
            `wrote ${path.relative(ROOT, snapshotFile(stack))} (${plan.resources.length} URNs)\n`,
        );
    }
}

if (require.main === module) {
    main().catch((err) => {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        process.exit(2);
    });
}
