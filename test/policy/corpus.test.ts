/**
 * The evasion corpus (test/policy/corpus/<case>/case.ts): every unsafe program is blocked as
 * mandatory by its rule on its target resource, and no careful twin is blocked by that rule.
 * All cases run in two gate passes (one unsafe program, one careful), not one process per case.
 */
import * as assert from "node:assert/strict";
import { CaseOutcome } from "./corpus/case";
import { loadCases, runCorpus } from "./corpus/run";

describe("policy corpus", function () {
    // Two whole-corpus gate passes on a shared, loaded machine: no wall-clock budget is the point.
    this.timeout(0);
    const cases = loadCases();
    let outcomes: Map<string, CaseOutcome>;

    before(async () => {
        outcomes = new Map((await runCorpus(cases)).map((o) => [o.id, o]));
    });

    it("holds at least 60 cases covering every class", () => {
        assert.ok(cases.length >= 60, `${cases.length} cases`);
        assert.deepEqual([...new Set(cases.map((c) => c.class))].sort(), [
            "1-wildcards",
            "2-cidr",
            "3-unknowns",
            "5-types",
            "rules",
        ]);
    });

    for (const c of cases) {
        it(`${c.id}: ${c.rule} blocks the unsafe program on "${c.target}" and passes its careful twin`, () => {
            const o = outcomes.get(c.id)!;
            assert.ok(
                o.blocked,
                `not blocked; findings of ${c.rule}: ${JSON.stringify(o.unsafeFindings)}`,
            );
            assert.deepEqual(o.carefulFindings, []);
        });
    }
});
