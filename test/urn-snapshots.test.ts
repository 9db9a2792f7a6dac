import * as assert from "node:assert/strict";
import { planComponent, planStack } from "./helpers/plan";
import { compareWithSnapshot, readSnapshot, SNAPSHOT_STACKS } from "../tools/urn-snapshot";
import * as aws from "@pulumi/aws";

describe("URN snapshots", () => {
    for (const stack of SNAPSHOT_STACKS) {
        it(`${stack}: every recorded URN still exists or is aliased, and every URN is recorded`, async () => {
            const { lost, added } = compareWithSnapshot(
                await planStack(stack),
                readSnapshot(stack),
            );
            assert.deepEqual(
                { lost, added },
                { lost: [], added: [] },
                "lost: renamed or removed without an alias (a deployed resource would be replaced); " +
                    "added: not yet recorded. After an intended change: npm run snapshots",
            );
        });
    }

    it("accepts a rename that carries an alias to the old name, and reports one that does not", async () => {
        const before = await planComponent(() => new aws.sqs.Queue("orders"));
        const snapshot = before.resources.map((r) => r.urn);
        const renamed = await planComponent(() => new aws.sqs.Queue("orders-v2"));
        const aliased = await planComponent(
            () => new aws.sqs.Queue("orders-v2", {}, { aliases: [{ name: "orders" }] }),
        );
        const queueUrn = (name: string) =>
            `urn:pulumi:test::lightspeed::aws:sqs/queue:Queue::${name}`;
        assert.deepEqual(compareWithSnapshot(renamed, snapshot), {
            lost: [queueUrn("orders")],
            added: [queueUrn("orders-v2")],
        });
        assert.deepEqual(compareWithSnapshot(aliased, snapshot), {
            lost: [],
            added: [queueUrn("orders-v2")],
        });
    });
});
