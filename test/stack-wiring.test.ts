/**
 * How the program wires its components, where a wrong value would make runtime code unreachable
 * in a real stack, asserted on both stacks' plans.
 */
import * as assert from "node:assert/strict";
import { planStack } from "./helpers/plan";

describe("stack wiring", function () {
    // A whole stack is planned once per process (shared with the other stack tests).
    this.timeout(0);

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: the new-customer notifier receives the customers table's INSERTs and MODIFYs (a customer corrected up to the threshold is announced), nothing else`, async () => {
            const plan = await planStack(stack, { known: true });
            const mappings = plan
                .ofType("aws:lambda/eventSourceMapping:EventSourceMapping")
                .filter((m) => m.name.includes("new-customer-notifier"));
            assert.equal(mappings.length, 1);
            const filters = (
                mappings[0].inputs.filterCriteria as { filters: { pattern: string }[] }
            ).filters.map(
                (f) =>
                    JSON.parse(f.pattern) as { data: { tableName: string[]; eventName: string[] } },
            );
            assert.equal(filters.length, 1);
            // The customers table's physical name (the pipeline's table, auto-named).
            assert.match(filters[0].data.tableName.join(), /^pipeline-customers-[0-9a-f]{7}$/);
            assert.deepEqual(filters[0], {
                data: { tableName: filters[0].data.tableName, eventName: ["INSERT", "MODIFY"] },
            });
        });
    }

    // Only the functions that post to Slack leave the VPC when the stack has an interface endpoint
    // for every AWS service the others call (prod); dev's four endpoints send more through NAT.
    for (const [stack, expected] of [
        [
            "dev",
            [
                "alerts-slack-network-egress-internet-443",
                "pipeline-new-customer-notifier-network-egress-internet-443",
                "reminders-sender-network-egress-internet-443",
                "search-scanner-network-egress-internet-443",
            ],
        ],
        [
            "prod",
            [
                "alerts-slack-network-egress-internet-443",
                "pipeline-new-customer-notifier-network-egress-internet-443",
            ],
        ],
    ] as const) {
        it(`${stack}: HTTPS to the internet only for what has no endpoint`, async () => {
            const plan = await planStack(stack);
            const toEverywhere = plan
                .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
                .filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0")
                .map((r) => r.name)
                .sort();
            assert.deepEqual(toEverywhere, expected);
        });
    }
});
