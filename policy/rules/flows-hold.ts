/**
 * `flows-hold`: every flow the program declares (a `lightspeed:index:Flow`: workload W reaches
 * resource R over port P to do actions A) works on the plan alone: the network path, the IAM
 * grants (identity, resource and key policies, evaluated by @cloud-copilot/iam-simulate) and the
 * wiring (W is given R's address). See ../lib/flows.ts for how each link is proven, in a first
 * preview through property dependencies.
 */
import { evaluateFlows, flowFinding } from "../lib/flows";
import { stackRule } from "../lib/rule";

/** Every declared flow holds: network, IAM (with KMS) and wiring. */
export const rule = stackRule({
    name: "flows-hold",
    description:
        "Every declared data flow (lightspeed:index:Flow) must hold on the plan: network path, IAM and key grants, and the address the workload reads.",
    unknowns:
        "Unknown ids and ARNs are matched through property dependencies: an unknown ARN in a statement stands for the resources its document came from whose service fits the statement; an unknown document proves nothing.",
    nearest: {},
    check: async (resources) =>
        (await evaluateFlows(resources))
            .filter((r) => !r.holds)
            .map((r) => ({ resource: r.flow, message: flowFinding(r) })),
});
