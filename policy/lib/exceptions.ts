/**
 * `exceptions-in-force`: reports every finding a config exception waived in this run, with the
 * exception's reason, as an advisory. Nobody waives a rule silently: the waiver shows wherever
 * violations are shown, in `pulumi preview` and in `npm run plan`.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { takeWaivedFindings } from "./rule";

/** Must run after every other rule: the pack appends it last. */
export const exceptionsInForce: StackValidationPolicy = {
    name: "exceptions-in-force",
    description: "A rule was waived for this resource by an exception in the policy config.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        // Only this stack's findings: a run abandoned by its caller must not leak into the next.
        const urns = new Set(args.resources.map((r) => r.urn));
        for (const w of takeWaivedFindings().filter((f) => urns.has(f.urn))) {
            reportViolation(
                `${w.policy} waived by exception "${w.resource}": ${w.reason}\n(finding: ${w.message})`,
                w.urn,
            );
        }
    },
};
