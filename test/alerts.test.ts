import * as assert from "node:assert/strict";
import {
    Alerts,
    AlertsArgs,
    AlertsDashboardArgs,
    albNamePrefix,
    emailId,
    SLACK_FORWARDER_ENTRY,
    validateAlertsArgs,
    validateDashboardArgs,
} from "../components/alerts";
import { bundleHandler } from "../components/lib/lambda-bundle";
import { LAMBDA_RUNTIME_STATEMENTS } from "../components/lib/secure-function";
import { planComponent, RecordedResource, UNKNOWN } from "./helpers/plan";
import { violationsOf } from "./helpers/policy";

const prodPolicyConfig = require("../policy/config/prod.json") as Record<string, unknown>;

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:slack-alerts-AbCdEf";
const SLACK: NonNullable<AlertsArgs["slack"]> = {
    webhookSecretArn: SECRET_ARN,
    vpcId: "vpc-0abc",
    vpcCidr: "10.20.0.0/16",
    subnetIds: ["subnet-0a", "subnet-0b"],
};

/** A dashboard with every part, as the stack passes EventPipeline's and the others' outputs. */
const DASHBOARD: AlertsDashboardArgs = {
    dashboardName: "lightspeed-test",
    pipeline: {
        streamName: "pipeline-stream-1a2b3c4",
        consumerFunctionNames: {
            "new-customer-notifier": "pipeline-new-customer-notifier-5e6f7a8",
            indexer: "pipeline-indexer-9b8c7d6",
        },
    },
    deadLetterQueueUrls: {
        "new-customer-notifier":
            "https://sqs.us-east-1.amazonaws.com/123456789012/pipeline-ncn-dlq-1",
        app: "https://sqs.us-east-1.amazonaws.com/123456789012/pipeline-app-dlq-2",
    },
    search: { domainName: "search-domain-3c4d5e6" },
    reminders: {
        stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:reminders-sm-7f8a9b0",
    },
    alb: { ingressNamespace: "light-speed", ingressName: "web-frontend" },
};

/** The forwarder queue's physical name in the offline engine (deterministic). */
const DLQ_NAME = "alerts-slack-dlq-d395b07";
/** The delivery-record table's physical name in a --known plan. */
const DELIVERIES_NAME = "alerts-slack-deliveries-25f7365";

type Statement = Record<string, unknown>;
const statementsOf = (r: RecordedResource) =>
    (r.inputs.policy as { Statement: Statement[] }).Statement;

interface Widget {
    type: string;
    x: number;
    y: number;
    width: number;
    height: number;
    properties: {
        title: string;
        region: string;
        period: number;
        stat?: string;
        metrics: unknown[][];
        yAxis: unknown;
    };
}
const widgetsOf = (r: RecordedResource) =>
    (JSON.parse(r.inputs.dashboardBody as string) as { widgets: Widget[] }).widgets;

// Each build returns nothing (`void`): what it returned would become the stack's outputs, and an
// Alerts without Slack has undefined properties, which the SDK warns about as outputs.
describe("Alerts", () => {
    it("creates the key, the encrypted topic, its policy and one subscription per address", async () => {
        const plan = await planComponent(
            () => void new Alerts("alerts", { emails: ["ops@example.com", "dev@example.com"] }),
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
        const plan = await planComponent(() => void new Alerts("alerts", {}), { known: true });
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
        const plan = await planComponent(() => void new Alerts("alerts", {}));
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
        assert.deepEqual(
            await violationsOf(
                "*",
                () => void new Alerts("alerts", { emails: ["ops@example.com"] }),
                {
                    policyConfig: prodPolicyConfig,
                },
            ),
            [],
        );
    });

    it("passes the policy pack with the prod config with Slack and the dashboard", async () => {
        assert.deepEqual(
            await violationsOf(
                "*",
                () =>
                    new Alerts("alerts", {
                        emails: ["ops@example.com"],
                        slack: {
                            ...SLACK,
                            webhookSecretKeyArn:
                                "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-aaaa-bbbb-cccc-111122223333",
                        },
                    }).addDashboard(DASHBOARD),
                { policyConfig: prodPolicyConfig },
            ),
            // The webhook secret is the stack's: its flow is declared where the stack wires it.
            [
                "advisory flows-least-reachability alerts-slack-role: allows secretsmanager:GetSecretValue, which no declared flow of alerts-slack needs: declare the flows they serve, or remove them.",
            ],
        );
    });

    describe("Slack", () => {
        it("adds the forwarder, its network, queue, alarm, delivery records, permission and subscription", async () => {
            const plan = await planComponent(() => void new Alerts("alerts", { slack: SLACK }));
            const alerts = plan.one("lightspeed:index:Alerts");
            assert.deepEqual(
                plan
                    .childrenOf(alerts)
                    .map((r) => `${r.type} ${r.name}`)
                    .sort(),
                [
                    "aws:cloudwatch/metricAlarm:MetricAlarm alerts-slack-dlq-depth",
                    "aws:dynamodb/table:Table alerts-slack-deliveries",
                    "aws:kms/key:Key alerts-key",
                    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig alerts-slack-invoke-config",
                    "aws:lambda/permission:Permission alerts-slack-invoke",
                    "aws:sns/topic:Topic alerts-topic",
                    "aws:sns/topicPolicy:TopicPolicy alerts-topic-policy",
                    "aws:sns/topicSubscription:TopicSubscription alerts-slack-subscription",
                    "aws:sqs/queue:Queue alerts-slack-dlq",
                    "aws:sqs/queuePolicy:QueuePolicy alerts-slack-dlq-policy",
                    "lightspeed:index:SecureFunction alerts-slack",
                    "lightspeed:index:WorkloadSecurityGroup alerts-slack-network",
                    "lightspeed:index:Flow alerts-slack-flow-deliveries",
                    "lightspeed:index:Flow alerts-slack-flow-undelivered",
                    "lightspeed:index:Flow alerts-slack-flow-alarms",
                ].sort(),
            );
            assert.deepEqual(
                plan
                    .childrenOf(plan.one("lightspeed:index:WorkloadSecurityGroup"))
                    .map((r) => `${r.type} ${r.name}`)
                    .sort(),
                [
                    "aws:ec2/securityGroup:SecurityGroup alerts-slack-network-sg",
                    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule alerts-slack-network-egress-443",
                    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule alerts-slack-network-egress-internet-443",
                ],
            );
        });

        it("creates no forwarder children without slack", async () => {
            const plan = await planComponent(() => void new Alerts("alerts", {}));
            assert.deepEqual(
                plan.resources.filter((r) => r.name.includes("slack")).map((r) => r.name),
                [],
            );
        });

        it("runs the forwarder in the VPC with the secret's ARN, HTTPS out, and protected logs", async () => {
            const plan = await planComponent(() => void new Alerts("alerts", { slack: SLACK }), {
                known: true,
            });
            const fn = plan.one("aws:lambda/function:Function", "alerts-slack").inputs;
            assert.equal(fn.handler, "index.handler");
            assert.equal(fn.timeout, 30);
            assert.deepEqual(fn.environment, {
                variables: {
                    NODE_OPTIONS: "--enable-source-maps",
                    SLACK_WEBHOOK_SECRET_ARN: SECRET_ARN,
                    DELIVERY_TABLE: DELIVERIES_NAME,
                },
            });
            const sg = plan.one("aws:ec2/securityGroup:SecurityGroup");
            assert.deepEqual((fn.vpcConfig as Record<string, unknown>).subnetIds, [
                "subnet-0a",
                "subnet-0b",
            ]);
            assert.equal(sg.inputs.vpcId, "vpc-0abc");
            const egress = plan
                .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
                .map((r) => [
                    r.inputs.ipProtocol,
                    r.inputs.fromPort,
                    r.inputs.toPort,
                    r.inputs.cidrIpv4,
                ]);
            assert.deepEqual(egress, [
                ["tcp", 443, 443, "10.20.0.0/16"],
                ["tcp", 443, 443, "0.0.0.0/0"],
            ]);
            const logs = plan.one("aws:cloudwatch/logGroup:LogGroup");
            assert.equal(logs.inputs.retentionInDays, 365);
            // The topic's key, as the queue's.
            assert.equal(
                logs.inputs.kmsKeyId,
                plan.one("aws:sqs/queue:Queue").inputs.kmsMasterKeyId,
            );
            assert.equal(logs.protect, true);
            assert.equal(plan.one("aws:sqs/queue:Queue").protect, true, "undelivered alarms kept");
            assert.equal(
                bundleHandler(SLACK_FORWARDER_ENTRY).handler,
                "index.handler",
                "the forwarder's runtime bundles",
            );
        });

        it("grants the forwarder the secret and its on-failure queue, nothing on the topic's key but through SQS", async () => {
            const plan = await planComponent(() => void new Alerts("alerts", { slack: SLACK }), {
                known: true,
            });
            const queueArn = plan.one(
                "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
            ).inputs.destinationConfig as { onFailure: { destination: string } };
            const keyArn = plan.one("aws:sqs/queue:Queue").inputs.kmsMasterKeyId;
            assert.match(keyArn as string, /^arn:aws:kms:us-east-1:123456789012:key\//);
            const statements = statementsOf(plan.one("aws:iam/rolePolicy:RolePolicy"));
            assert.deepEqual(statements.slice(1, 3), LAMBDA_RUNTIME_STATEMENTS);
            assert.deepEqual(statements.slice(3), [
                {
                    Sid: "ReadSlackWebhook",
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue"],
                    Resource: [SECRET_ARN],
                },
                {
                    Sid: "SendUndeliveredAlarms",
                    Effect: "Allow",
                    Action: ["sqs:SendMessage"],
                    Resource: [queueArn.onFailure.destination],
                },
                {
                    Sid: "EncryptUndeliveredAlarms",
                    Effect: "Allow",
                    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resource: [keyArn],
                    Condition: {
                        StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" },
                    },
                },
                {
                    Sid: "DeliveryRecords",
                    Effect: "Allow",
                    Action: [
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:DeleteItem",
                    ],
                    Resource: [`arn:aws:dynamodb:us-east-1:123456789012:table/${DELIVERIES_NAME}`],
                },
                {
                    // The deliveries table is under the component's key: DynamoDB decrypts its
                    // table key with the caller's permission.
                    Sid: "DecryptDeliveryRecords",
                    Effect: "Allow",
                    Action: ["kms:Decrypt"],
                    Resource: [keyArn],
                    Condition: {
                        StringEquals: { "kms:ViaService": "dynamodb.us-east-1.amazonaws.com" },
                    },
                },
            ]);
        });

        it("keeps one delivery record per alarm state change: a week, encrypted with the topic's key, protected", async () => {
            const plan = await planComponent(() => void new Alerts("alerts", { slack: SLACK }), {
                known: true,
            });
            const table = plan.one("aws:dynamodb/table:Table", "alerts-slack-deliveries");
            assert.deepEqual(table.inputs, {
                billingMode: "PAY_PER_REQUEST",
                hashKey: "id",
                attributes: [{ name: "id", type: "S" }],
                ttl: { attributeName: "expiration", enabled: true },
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: {
                    enabled: true,
                    kmsKeyArn: plan.one("aws:sqs/queue:Queue").inputs.kmsMasterKeyId,
                },
                deletionProtectionEnabled: true,
            });
            assert.equal(table.protect, true);
        });

        it("may decrypt a secret under a customer-managed key, through Secrets Manager only", async () => {
            const secretKey =
                "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-aaaa-bbbb-cccc-111122223333";
            const plan = await planComponent(
                () =>
                    void new Alerts("alerts", {
                        slack: { ...SLACK, webhookSecretKeyArn: secretKey },
                    }),
                { known: true },
            );
            assert.deepEqual(statementsOf(plan.one("aws:iam/rolePolicy:RolePolicy")).at(-1), {
                Sid: "DecryptSlackWebhook",
                Effect: "Allow",
                Action: ["kms:Decrypt"],
                Resource: [secretKey],
                Condition: {
                    StringEquals: {
                        "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com",
                    },
                },
            });
        });

        it("subscribes the function, lets only this topic invoke it, and retries twice into the queue", async () => {
            const plan = await planComponent(() => void new Alerts("alerts", { slack: SLACK }), {
                known: true,
            });
            const topicArn = plan.one("aws:sns/topicPolicy:TopicPolicy").inputs.arn as string;
            const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:alerts-slack-";
            const permission = plan.one("aws:lambda/permission:Permission");
            assert.deepEqual(
                { ...permission.inputs, function: undefined },
                {
                    function: undefined,
                    action: "lambda:InvokeFunction",
                    principal: "sns.amazonaws.com",
                    sourceArn: topicArn,
                },
            );
            const subscription = plan.one(
                "aws:sns/topicSubscription:TopicSubscription",
                "alerts-slack-subscription",
            );
            assert.equal(subscription.inputs.topic, topicArn);
            assert.equal(subscription.inputs.protocol, "lambda");
            assert.ok((subscription.inputs.endpoint as string).startsWith(fnArn));
            assert.ok(subscription.dependencies.includes(permission.urn));
            const config = plan.one(
                "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
            ).inputs;
            const queue = plan.one("aws:sqs/queue:Queue");
            assert.deepEqual(
                { ...config, functionName: undefined },
                {
                    functionName: undefined,
                    maximumRetryAttempts: 2,
                    maximumEventAgeInSeconds: 21600,
                    destinationConfig: {
                        onFailure: {
                            destination: `arn:aws:sqs:us-east-1:123456789012:${DLQ_NAME}`,
                        },
                    },
                },
            );
            assert.equal(queue.inputs.messageRetentionSeconds, 1209600);
            const alarm = plan.one("aws:cloudwatch/metricAlarm:MetricAlarm").inputs;
            assert.deepEqual(
                [alarm.namespace, alarm.metricName, alarm.dimensions, alarm.threshold],
                ["AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: DLQ_NAME }, 0],
            );
            assert.deepEqual(alarm.alarmActions, [topicArn]);
        });

        it("lets CloudWatch Logs use the key for the forwarder's logs", async () => {
            const plan = await planComponent(() => void new Alerts("alerts", { slack: SLACK }));
            const doc = JSON.parse(plan.one("aws:kms/key:Key").inputs.policy as string) as {
                Statement: Statement[];
            };
            assert.deepEqual(
                doc.Statement.map((s) => s.Sid),
                [
                    "AccountAdministersAndUsesKey",
                    "CloudWatchAlarmsUsesKeyForThisAccount",
                    "CloudWatchLogsUsesKeyForThisAccountsLogGroups",
                ],
            );
        });
    });

    describe("dashboard", () => {
        it("lays out the exact widgets, metrics and dimensions", async () => {
            const plan = await planComponent(
                () => void new Alerts("alerts", { slack: SLACK }).addDashboard(DASHBOARD),
                { known: true },
            );
            const dashboard = plan.one("aws:cloudwatch/dashboard:Dashboard", "alerts-dashboard");
            assert.equal(dashboard.parent, plan.one("lightspeed:index:Alerts").urn);
            assert.equal(dashboard.inputs.dashboardName, "lightspeed-test");
            const widgets = widgetsOf(dashboard);
            assert.deepEqual(
                widgets.map((w) => [w.properties.title, w.x, w.y, w.width, w.height]),
                [
                    ["Pipeline: iterator age", 0, 0, 12, 6],
                    ["Pipeline: consumer errors", 12, 0, 12, 6],
                    ["Pipeline: records written", 0, 6, 12, 6],
                    ["Dead-letter queues: messages waiting", 12, 6, 12, 6],
                    ["Search: cluster status", 0, 12, 12, 6],
                    ["Search: free storage", 12, 12, 12, 6],
                    ["Reminders: failed executions", 0, 18, 12, 6],
                    ["App load balancer: 5xx responses", 12, 18, 12, 6],
                    ["App load balancer: target response time", 0, 24, 12, 6],
                ],
            );
            for (const w of widgets) {
                assert.equal(w.type, "metric");
                assert.equal(w.properties.region, "us-east-1");
                assert.equal(w.properties.period, 300);
            }
            const ncn = "pipeline-new-customer-notifier-5e6f7a8";
            const idx = "pipeline-indexer-9b8c7d6";
            const stream = "pipeline-stream-1a2b3c4";
            const domain = ["DomainName", "search-domain-3c4d5e6", "ClientId", "123456789012"];
            const sm = DASHBOARD.reminders!.stateMachineArn;
            const search = (metric: string, stat: string) =>
                `SEARCH('{AWS/ApplicationELB,LoadBalancer} MetricName="${metric}" LoadBalancer=k8s-lightspe-webfront', '${stat}', 300)`;
            assert.deepEqual(
                widgets.map((w) => [w.properties.stat, w.properties.metrics]),
                [
                    [
                        "Maximum",
                        [
                            [
                                "AWS/Lambda",
                                "IteratorAge",
                                "FunctionName",
                                ncn,
                                { label: "new-customer-notifier" },
                            ],
                            [
                                "AWS/Lambda",
                                "IteratorAge",
                                "FunctionName",
                                idx,
                                { label: "indexer" },
                            ],
                            [
                                "AWS/Kinesis",
                                "GetRecords.IteratorAgeMilliseconds",
                                "StreamName",
                                stream,
                                { label: "stream (every reader)" },
                            ],
                        ],
                    ],
                    [
                        "Sum",
                        [
                            [
                                "AWS/Lambda",
                                "Errors",
                                "FunctionName",
                                ncn,
                                { label: "new-customer-notifier" },
                            ],
                            ["AWS/Lambda", "Errors", "FunctionName", idx, { label: "indexer" }],
                        ],
                    ],
                    [
                        "Sum",
                        [
                            [
                                "AWS/Kinesis",
                                "IncomingRecords",
                                "StreamName",
                                stream,
                                { label: "records in" },
                            ],
                            [
                                "AWS/Kinesis",
                                "WriteProvisionedThroughputExceeded",
                                "StreamName",
                                stream,
                                { label: "writes throttled" },
                            ],
                        ],
                    ],
                    [
                        "Maximum",
                        [
                            [
                                "AWS/SQS",
                                "ApproximateNumberOfMessagesVisible",
                                "QueueName",
                                "pipeline-ncn-dlq-1",
                                { label: "new-customer-notifier" },
                            ],
                            [
                                "AWS/SQS",
                                "ApproximateNumberOfMessagesVisible",
                                "QueueName",
                                "pipeline-app-dlq-2",
                                { label: "app" },
                            ],
                            [
                                "AWS/SQS",
                                "ApproximateNumberOfMessagesVisible",
                                "QueueName",
                                DLQ_NAME,
                                { label: "alerts: undelivered to Slack" },
                            ],
                        ],
                    ],
                    [
                        "Maximum",
                        [
                            ["AWS/ES", "ClusterStatus.red", ...domain, { label: "red" }],
                            ["AWS/ES", "ClusterStatus.yellow", ...domain, { label: "yellow" }],
                        ],
                    ],
                    [
                        "Minimum",
                        [
                            [
                                "AWS/ES",
                                "FreeStorageSpace",
                                ...domain,
                                { label: "free storage (smallest node)" },
                            ],
                        ],
                    ],
                    [
                        "Sum",
                        [
                            [
                                "AWS/States",
                                "ExecutionsFailed",
                                "StateMachineArn",
                                sm,
                                { label: "failed" },
                            ],
                            [
                                "AWS/States",
                                "ExecutionsTimedOut",
                                "StateMachineArn",
                                sm,
                                { label: "timed out" },
                            ],
                        ],
                    ],
                    [
                        undefined,
                        [
                            [
                                {
                                    id: "target5xx",
                                    label: "from the app",
                                    expression: search("HTTPCode_Target_5XX_Count", "Sum"),
                                },
                            ],
                            [
                                {
                                    id: "elb5xx",
                                    label: "from the load balancer",
                                    expression: search("HTTPCode_ELB_5XX_Count", "Sum"),
                                },
                            ],
                        ],
                    ],
                    [
                        undefined,
                        [
                            [
                                {
                                    id: "latencyp50",
                                    label: "p50",
                                    expression: search("TargetResponseTime", "p50"),
                                },
                            ],
                            [
                                {
                                    id: "latencyp99",
                                    label: "p99",
                                    expression: search("TargetResponseTime", "p99"),
                                },
                            ],
                        ],
                    ],
                ],
            );
        });

        it("uses plain ALB metrics when the ARN suffix is known, and leaves out parts not given", async () => {
            const suffix = "app/k8s-lightspe-webfront-0123456789/50dc6c495c0c9188";
            const plan = await planComponent(
                () =>
                    new Alerts("alerts", {}).addDashboard({
                        dashboardName: "lightspeed-test",
                        periodSeconds: 60,
                        alb: { loadBalancerArnSuffix: suffix },
                    }),
                { known: true },
            );
            const widgets = widgetsOf(plan.one("aws:cloudwatch/dashboard:Dashboard"));
            assert.deepEqual(
                widgets.map((w) => [w.properties.title, w.properties.period, w.properties.metrics]),
                [
                    [
                        "App load balancer: 5xx responses",
                        60,
                        [
                            [
                                "AWS/ApplicationELB",
                                "HTTPCode_Target_5XX_Count",
                                "LoadBalancer",
                                suffix,
                                { label: "from the app", stat: "Sum" },
                            ],
                            [
                                "AWS/ApplicationELB",
                                "HTTPCode_ELB_5XX_Count",
                                "LoadBalancer",
                                suffix,
                                { label: "from the load balancer", stat: "Sum" },
                            ],
                        ],
                    ],
                    [
                        "App load balancer: target response time",
                        60,
                        [
                            [
                                "AWS/ApplicationELB",
                                "TargetResponseTime",
                                "LoadBalancer",
                                suffix,
                                { label: "p50", stat: "p50" },
                            ],
                            [
                                "AWS/ApplicationELB",
                                "TargetResponseTime",
                                "LoadBalancer",
                                suffix,
                                { label: "p99", stat: "p99" },
                            ],
                        ],
                    ],
                ],
            );
        });

        it("is planned in a first preview, with the body unknown until the names exist", async () => {
            const plan = await planComponent(() =>
                new Alerts("alerts", { slack: SLACK }).addDashboard(DASHBOARD),
            );
            assert.equal(
                plan.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody,
                UNKNOWN,
            );
        });

        const prefixes: [string, string, string][] = [
            ["default", "app", "k8s-default-app"],
            ["light-speed", "web-frontend", "k8s-lightspe-webfront"],
            ["a.b_c", "Ingress-1", "k8s-abc-Ingress1"],
        ];
        for (const [ns, ingress, prefix] of prefixes) {
            it(`names the ALB of Ingress ${ns}/${ingress} ${prefix}-...`, () => {
                assert.equal(albNamePrefix(ns, ingress), prefix);
            });
        }

        it("refuses a second dashboard", async () => {
            await assert.rejects(
                planComponent(() => {
                    const alerts = new Alerts("alerts", {});
                    alerts.addDashboard(DASHBOARD);
                    alerts.addDashboard(DASHBOARD);
                }),
                /Alerts "alerts": addDashboard\(\) was already called/,
            );
        });

        const invalidDashboards: [AlertsDashboardArgs, string][] = [
            [
                { ...DASHBOARD, dashboardName: "lightspeed prod" },
                'Alerts "a": dashboardName must be 1..255 of A-Z, a-z, 0-9, _ and -, got "lightspeed prod"',
            ],
            [
                { ...DASHBOARD, periodSeconds: 90 },
                'Alerts "a": periodSeconds must be a multiple of 60, got 90',
            ],
            [
                { dashboardName: "d" },
                'Alerts "a": the dashboard needs at least one of pipeline, deadLetterQueueUrls, search, reminders, alb',
            ],
            [
                {
                    dashboardName: "d",
                    alb: { loadBalancerArnSuffix: "app/x/y", ingressName: "web" },
                },
                'Alerts "a": alb needs either loadBalancerArnSuffix, or both ingressNamespace and ingressName',
            ],
            [
                { dashboardName: "d", alb: { ingressNamespace: "ns" } },
                'Alerts "a": alb needs either loadBalancerArnSuffix, or both ingressNamespace and ingressName',
            ],
        ];
        for (const [args, message] of invalidDashboards) {
            it(`rejects the dashboard: ${message.slice(12)}`, () => {
                assert.throws(() => validateDashboardArgs("a", args), new Error(message));
            });
        }
    });

    it("rejects logRetentionDays 10", () => {
        assert.throws(
            () => validateAlertsArgs("a", { logRetentionDays: 10 }),
            /^Error: Alerts "a": logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 10$/,
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
