import * as assert from "node:assert/strict";
import * as path from "path";
import { planStack } from "../helpers/plan";
import { brief, packDir } from "../helpers/policy";
import { runPolicyGate } from "../../tools/engine/policy-gate";

/** Both real stacks, with their own policy config, as `npm run plan` checks them on a pull request. */
describe("lightspeed-guard on the real stacks", function () {
    // Each case plans a whole stack and runs every rule over it: on a shared, loaded machine that
    // takes longer than mocha's default budget, and no wall-clock limit is what this test proves.
    this.timeout(0);
    for (const stack of ["dev", "prod"]) {
        for (const known of [false, true]) {
            it(`${stack} (${known ? "--known" : "first preview"}): no mandatory violation, no check skipped for an unknown`, async () => {
                const plan = await planStack(stack, { known });
                const result = await runPolicyGate(plan, {
                    packDir,
                    config: path.join(packDir, "config", `${stack}.json`),
                });
                assert.deepEqual(
                    result.violations.filter((v) => v.enforcementLevel === "mandatory").map(brief),
                    [],
                );
                assert.deepEqual(result.cannotRunInPreview.map(brief), []);
                // The awsx VPC's and eks cluster's children, from the engine's models, were
                // analyzed like every other resource.
                const modeled = plan.resources.filter((r) => r.modeled).map((r) => r.urn);
                assert.deepEqual(
                    modeled.filter((urn) => !result.analyzed.includes(urn)),
                    [],
                );
                for (const type of [
                    "aws:ec2/subnet:Subnet",
                    "aws:ec2/routeTable:RouteTable",
                    "aws:ec2/natGateway:NatGateway",
                    "aws:eks/cluster:Cluster",
                ]) {
                    assert.ok(
                        plan.ofType(type).some((r) => r.modeled && result.analyzed.includes(r.urn)),
                        type,
                    );
                }
            });
        }
    }
});
