/**
 * `npm run bench -- policy`: the evasion corpus (test/policy/corpus) scored: how many unsafe
 * programs the pack blocks on their target resource, and how many careful twins it blocks (false
 * positives), per class and in total. The headline ratio is the share of cases handled right:
 * unsafe blocked and twin passed.
 */
import { loadCases, runCorpus } from "../test/policy/corpus/run";
import { closePolicyPacks } from "../tools/engine/policy-gate";

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
    const cases = loadCases();
    const outcomes = await runCorpus(cases);
    await closePolicyPacks();
    const classes = [...new Set(outcomes.map((o) => o.class))].sort();
    for (const c of classes) {
        const of = outcomes.filter((o) => o.class === c);
        const key = c.replace(/[^a-z0-9]+/gi, "_");
        console.log(`class_${key}_cases=${of.length}`);
        console.log(`class_${key}_blocked=${of.filter((o) => o.blocked).length}`);
        console.log(`class_${key}_false_positives=${of.filter((o) => o.falsePositive).length}`);
    }
    for (const o of outcomes.filter((x) => !x.blocked || x.falsePositive)) {
        console.log(`miss_${o.id}=${!o.blocked ? "not_blocked" : "false_positive"}`);
    }
    const blocked = outcomes.filter((o) => o.blocked).length;
    const falsePositives = outcomes.filter((o) => o.falsePositive).length;
    const right = outcomes.filter((o) => o.blocked && !o.falsePositive).length;
    console.log(`cases=${outcomes.length}`);
    console.log(`blocked=${blocked}`);
    console.log(`false_positives=${falsePositives}`);
    console.log(`ratio=${(right / outcomes.length).toFixed(3)}`);
}
