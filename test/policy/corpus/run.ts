/**
 * Runs the whole corpus: every case's unsafe program in one inline program and one pass of the
 * policy gate, every careful twin in another (two gate passes in all, so `npm test` stays fast),
 * then scores each case. Used by test/policy/corpus.test.ts and bench/policy.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { runInline } from "../../../tools/engine/run";
import { runPolicyGate } from "../../../tools/engine/policy-gate";
import { CaseOutcome, CORPUS_POLICY_CONFIG, Case, NamedCase, prefixer, score } from "./case";

const CORPUS_DIR = __dirname;
const PACK_DIR = path.resolve(__dirname, "..", "..", "..", "policy");

/** Every case folder, in name order. */
export function loadCases(dir = CORPUS_DIR): NamedCase[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "case.ts")))
        .map((d) => d.name)
        .sort()
        .map((id) => ({ id, ...(require(path.join(dir, id, "case.ts")).default as Case) }));
}

/** Runs both sides of every case through the gate and scores them. */
export async function runCorpus(cases: readonly NamedCase[] = loadCases()): Promise<CaseOutcome[]> {
    const side = async (which: "unsafe" | "careful") => {
        const plan = await runInline(() => {
            for (const c of cases) c[which](prefixer(c.id));
        });
        return runPolicyGate(plan, { packDir: PACK_DIR, config: CORPUS_POLICY_CONFIG });
    };
    const unsafe = await side("unsafe");
    const careful = await side("careful");
    return score(cases, unsafe, careful);
}
