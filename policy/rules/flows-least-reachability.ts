/**
 * `flows-least-reachability` (advisory): nothing is open that no flow needs. Reports each
 * security group rule on a group that flows use when no declared flow goes through it, and each
 * action a flow workload's role allows that none of its flows names. See ../lib/flows.ts.
 */
import { evaluateFlows, unexplained } from "../lib/flows";
import { stackRule } from "../lib/rule";

/** Every network path and IAM grant of the flows' workloads is explained by a declared flow. */
export const rule = stackRule({
    name: "flows-least-reachability",
    description:
        "Every security group rule on a flow's path and every action a flow workload's role allows should serve a declared flow.",
    enforcementLevel: "advisory",
    unknowns:
        "Judged as flows-hold judges them: rules by the groups their inputs came from, grants by their named actions.",
    nearest: {},
    check: async (resources) => unexplained(resources, await evaluateFlows(resources)),
});
