import * as assert from "node:assert/strict";
import { Alerts, emailId, validateAlertsArgs } from "../components/alerts";
import { planComponent, UNKNOWN } from "./helpers/plan";
import { violationsOf } from "./helpers/policy";

describe("Alerts", () => {
    it("creates the key, the encrypted topic, its policy and one subscription per address", async () => {
        const plan = await planComponent(
            () => new Alerts("alerts", { emails: ["ops@example.com", "dev@example.com"] }),
        );
        assert.deepEqual(
            plan
                .childrenOf(plan.one("lightspeed:index:Alerts"))
                .map((r) => `${r.type} ${r.name}`)
                .sort(),
            [
                "aws:kms/key:Key alerts-key",
                "aws:sns/topic:Topic alerts-topic",
                "aws:sns/topicPolicy:TopicPolicy alerts-topic-policy",
                `aws:sns/topicSubscription:TopicSubscription alerts-email-${emailId("dev@example.com")}`,
                `aws:sns/topicSubscription:TopicSubscription alerts-email-${emailId("ops@example.com")}`,
            ].sort(),
        );
        assert.deepEqual(plan.one("aws:sns/topic:Topic").inputs, {
            displayName: "alerts alarms",
            kmsMasterKeyId: UNKNOWN,
        });
        assert.equal(plan.one("aws:kms/key:Key").protect, true);
        const sub = plan.one(
            "aws:sns/topicSubscription:TopicSubscription",
            `alerts-email-${emailId("ops@example.com")}`,
        );
        assert.deepEqual(sub.inputs, {
            topic: UNKNOWN,
            protocol: "email",
            endpoint: "ops@example.com",
        });
    });

    it("lets only this account's CloudWatch alarms publish, over TLS", async () => {
        const plan = await planComponent(() => new Alerts("alerts", {}), { known: true });
        const topicArn = plan.one("aws:sns/topic:Topic").inputs.kmsMasterKeyId
            ? undefined
            : undefined;
        assert.equal(topicArn, undefined);
        const policy = plan.one("aws:sns/topicPolicy:TopicPolicy").inputs.policy as {
            Statement: Record<string, unknown>[];
        };
        const arn = plan.one("aws:sns/topicPolicy:TopicPolicy").inputs.arn;
        assert.match(
            arn as string,
            /^arn:aws:sns:us-east-1:123456789012:alerts-topic-[0-9a-f]{7}$/,
        );
        assert.deepEqual(policy.Statement, [
            {
                Sid: "CloudWatchAlarmsOfThisAccountPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: arn,
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: arn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
    });

    it("gives CloudWatch exactly data use of the key, for this account only", async () => {
        const plan = await planComponent(() => new Alerts("alerts", {}));
        const key = plan.one("aws:kms/key:Key").inputs;
        assert.equal(key.enableKeyRotation, true);
        assert.equal(key.deletionWindowInDays, 30);
        const doc = JSON.parse(key.policy as string) as { Statement: Record<string, unknown>[] };
        assert.deepEqual(
            doc.Statement.map((s) => s.Sid),
            ["AccountAdministersAndUsesKey", "CloudWatchAlarmsUsesKeyForThisAccount"],
        );
        assert.deepEqual(doc.Statement[1], {
            Sid: "CloudWatchAlarmsUsesKeyForThisAccount",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
        assert.ok(!(doc.Statement[0].Action as string[]).some((a) => a.includes("*")));
    });

    it("passes the policy pack with the prod config", async () => {
        const prod = require("../policy/config/prod.json");
        assert.deepEqual(
            await violationsOf("*", () => new Alerts("alerts", { emails: ["ops@example.com"] }), {
                policyConfig: prod,
            }),
            [],
        );
    });

    const invalid: [string[], string][] = [
        [
            ["not-an-address"],
            'Alerts "a": emails[0] must be an e-mail address, got "not-an-address"',
        ],
        [["ops@example.com", "OPS@example.com"], 'Alerts "a": emails lists OPS@example.com twice'],
    ];
    for (const [emails, message] of invalid) {
        it(`rejects ${JSON.stringify(emails)}`, () => {
            assert.throws(() => validateAlertsArgs("a", { emails }), new Error(message));
        });
    }
});
