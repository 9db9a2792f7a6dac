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
});
