/**
 * ReminderWorkflow under the offline engine: its exact children, the state machine and its role,
 * the cache and its network, the sender, the alarms, the app's policy document, validation, and
 * the policy pack's verdict.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ReminderWorkflow,
    ReminderWorkflowArgs,
    CacheEngine,
    validateReminderWorkflowArgs,
} from "../components/reminder-workflow";
import { withDefaults } from "../components/reminder-workflow/defaults";
import { reminderDefinition, validateDefinition } from "../components/reminder-workflow/definition";
import { KEY_ACCOUNT_ACTIONS, KEY_LOGS_ACTIONS } from "../components/lib/kms";
import { CLOUDWATCH_LOG_RETENTION_DAYS } from "../components/lib/log-retention";
import { runPolicyGate, startPolicyPack } from "../tools/engine/policy-gate";
import { Plan, planComponent, RecordedResource, SECRET, UNKNOWN, valueOf } from "./helpers/plan";
import { brief, packDir, violationsOf } from "./helpers/policy";

const T = {
    flow: "lightspeed:index:Flow",
    workflow: "lightspeed:index:ReminderWorkflow",
    fnComponent: "lightspeed:index:SecureFunction",
    workload: "lightspeed:index:WorkloadSecurityGroup",
    key: "aws:kms/key:Key",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    subnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
    cache: "aws:elasticache/replicationGroup:ReplicationGroup",
    fn: "aws:lambda/function:Function",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    machine: "aws:sfn/stateMachine:StateMachine",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

const ACCOUNT = "123456789012"; // the offline engine's getCallerIdentity answer
const REGION = "us-east-1";
const ALARMS = `arn:aws:sns:${REGION}:${ACCOUNT}:alarms`;
const TAGS = { team: "platform" };
// The pack's prod config: the operations rules (stateful-protect, sfn-logging, log-retention ...) mandatory.
const PROD = require("../policy/config/prod.json") as Record<string, unknown>;

/** Prod-like: the defaults (one replica, Multi-AZ, protected), in a VPC of the stack. */
const ARGS: ReminderWorkflowArgs = {
    vpcId: "vpc-0a",
    vpcCidr: "10.0.0.0/16",
    subnetIds: ["subnet-0a", "subnet-0b"],
    alarmTopicArn: ALARMS,
    tags: TAGS,
};

/** Plans one ReminderWorkflow named "reminders" and keeps the instance. */
async function planWorkflow(
    args: ReminderWorkflowArgs = ARGS,
    options: { known?: boolean } = {},
): Promise<{ plan: Plan; workflow: ReminderWorkflow }> {
    let workflow: ReminderWorkflow | undefined;
    const plan = await planComponent(() => {
        workflow = new ReminderWorkflow("reminders", args);
    }, options);
    return { plan, workflow: workflow! };
}

/** `type name` strings, sorted, so that registration order (which is async) does not matter. */
function typesAndNames(resources: readonly RecordedResource[]): string[] {
    return resources.map((r) => `${r.type} ${r.name}`).sort();
}

function urn(plan: Plan, type: string, name: string): string {
    return plan.one(type, name).urn;
}

interface Statement {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource?: unknown;
    Principal?: unknown;
    Condition?: unknown;
}

function statementsOf(resource: RecordedResource, property = "policy"): Statement[] {
    const policy = resource.inputs[property];
    const doc = (typeof policy === "string" ? JSON.parse(policy) : policy) as {
        Statement: Statement[];
    };
    return doc.Statement;
}

/** The gate's findings for an already planned program, briefed and sorted (as violationsOf). */
async function gate(plan: Plan, policyConfig: Record<string, unknown>): Promise<string[]> {
    const result = await runPolicyGate(plan, { packDir, config: policyConfig });
    assert.deepEqual(result.cannotRunInPreview.map(brief), [], "every policy ran during preview");
    return result.violations.map(brief).sort();
}

/** Pulumi's wire form of a secret (raw inputs keep it; the plan shows "[secret]"). */
const SIG = "4dabf18193072939515e22adb298388d";
const SIG_SECRET = "1b47061264138c4ac30d75fd1eb44270";
function secretValue(raw: unknown): string {
    const wire = raw as Record<string, unknown>;
    assert.equal(wire[SIG], SIG_SECRET, "sent as a secret");
    return wire.value as string;
}

/** What both the sender and the app get: the auth token, decrypted through Secrets Manager. */
const TOKEN_STATEMENTS = (secret: unknown, key: unknown) => [
    {
        Sid: "ReadRedisAuthToken",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [secret],
    },
    {
        Sid: "DecryptRedisAuthToken",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [key],
        Condition: {
            StringEquals: {
                "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com`,
                "kms:EncryptionContext:SecretARN": secret,
            },
        },
    },
];

const SENDER_STATEMENTS = (ids: { secret: unknown; key: unknown; topic: unknown }) => [
    ...TOKEN_STATEMENTS(ids.secret, ids.key),
    {
        Sid: "PublishReminders",
        Effect: "Allow",
        Action: ["sns:Publish"],
        Resource: [ids.topic],
    },
    {
        Sid: "EncryptReminders",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: [ids.key],
        Condition: { StringEquals: { "kms:ViaService": `sns.${REGION}.amazonaws.com` } },
    },
];

const MACHINE_STATEMENTS = (senderArn: unknown) => [
    {
        Sid: "InvokeSender",
        Effect: "Allow",
        Action: ["lambda:InvokeFunction"],
        Resource: [senderArn, senderArn === UNKNOWN ? UNKNOWN : `${senderArn as string}:*`],
    },
    {
        Sid: "DeliverExecutionLogs",
        Effect: "Allow",
        Action: [
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups",
        ],
        Resource: "*",
    },
    {
        Sid: "XRayTraces",
        Effect: "Allow",
        Action: [
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "xray:GetSamplingRules",
            "xray:GetSamplingTargets",
        ],
        Resource: "*",
    },
];

describe("ReminderWorkflow", () => {
    // The pack compiles TypeScript for seconds: let it boot while the component tests run.
    before(() => startPolicyPack(packDir));

    describe("defaults (first preview)", () => {
        let plan: Plan;
        before(async () => {
            ({ plan } = await planWorkflow());
        });

        it("registers exactly its children, named after it", () => {
            const component = plan.one(T.workflow, "reminders");
            assert.deepEqual(
                typesAndNames(plan.childrenOf(component)),
                [
                    `${T.key} reminders-key`,
                    `${T.topic} reminders-notifications`,
                    `${T.topicPolicy} reminders-notifications-policy`,
                    `${T.secret} reminders-auth-token`,
                    `${T.secretVersion} reminders-auth-token-version`,
                    `${T.sg} reminders-cache-sg`,
                    `${T.ingress} reminders-cache-ingress-sender-6379`,
                    `${T.subnetGroup} reminders-cache-subnets`,
                    `${T.cache} reminders-cache`,
                    `${T.workload} reminders-sender-network`,
                    `${T.fnComponent} reminders-sender`,
                    `${T.logGroup} reminders-machine-logs`,
                    `${T.role} reminders-machine-role`,
                    `${T.rolePolicy} reminders-machine-role-policy`,
                    `${T.machine} reminders-machine`,
                    `${T.alarm} reminders-executions-failed`,
                    `${T.alarm} reminders-executions-timed-out`,
                    `${T.alarm} reminders-execution-throttled`,
                    `${T.alarm} reminders-sender-errors`,
                    `${T.flow} reminders-flow-sender-cache`,
                    `${T.flow} reminders-flow-sender-token`,
                    `${T.flow} reminders-flow-sender-topic`,
                    `${T.flow} reminders-flow-machine-sender`,
                ].sort(),
            );
            assert.deepEqual(typesAndNames(plan.childrenOf(plan.one(T.workload))), [
                `${T.sg} reminders-sender-network-sg`,
                `${T.egress} reminders-sender-network-egress-443`,
                `${T.egress} reminders-sender-network-egress-cache-6379`,
                `${T.egress} reminders-sender-network-egress-internet-443`,
            ]);
            assert.deepEqual(typesAndNames(plan.childrenOf(plan.one(T.fnComponent))), [
                `${T.logGroup} reminders-sender-logs`,
                `${T.role} reminders-sender-role`,
                `${T.rolePolicy} reminders-sender-policy`,
                `${T.fn} reminders-sender`,
            ]);
            assert.equal(plan.descendantsOf(component).length, 22 - 3 + 4 + 4 + 4);
        });

        it("protects exactly the stateful children: key, cache, auth secret, log groups", () => {
            assert.deepEqual(
                typesAndNames(plan.resources.filter((r) => r.protect)),
                [
                    `${T.cache} reminders-cache`,
                    `${T.logGroup} reminders-machine-logs`,
                    `${T.logGroup} reminders-sender-logs`,
                    `${T.key} reminders-key`,
                    `${T.secret} reminders-auth-token`,
                ].sort(),
            );
        });

        it("tags every child that takes tags", () => {
            const untagged = plan.resources
                .filter((r) => r.custom && r.inputs.tags === undefined)
                .map((r) => r.type);
            assert.deepEqual(
                [...new Set(untagged)].sort(),
                [T.rolePolicy, T.secretVersion, T.topicPolicy].sort(),
            );
            for (const r of plan.resources.filter((x) => x.custom && x.inputs.tags !== undefined)) {
                assert.deepEqual(r.inputs.tags, TAGS, r.name);
            }
        });

        it("key (lib/kms): rotated, known in preview, used as itself by CloudWatch Logs only", () => {
            const key = plan.one(T.key, "reminders-key");
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.equal(key.inputs.deletionWindowInDays, 30);
            assert.deepEqual(statementsOf(key), [
                {
                    Sid: "AccountAdministersAndUsesKey",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: KEY_ACCOUNT_ACTIONS,
                    Resource: "*",
                },
                {
                    Sid: "CloudWatchLogsUsesKeyForThisAccountsLogGroups",
                    Effect: "Allow",
                    Principal: { Service: `logs.${REGION}.amazonaws.com` },
                    Action: KEY_LOGS_ACTIONS,
                    Resource: "*",
                    Condition: {
                        ArnLike: {
                            "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`,
                        },
                    },
                },
            ]);
        });

        it("state machine: STANDARD, logs ALL without execution data (user ids), X-Ray on, its own role", () => {
            const machine = plan.one(T.machine, "reminders-machine");
            assert.deepEqual(machine.inputs, {
                type: "STANDARD",
                // Waits for the sender's ARN: the builder never runs on a placeholder.
                definition: UNKNOWN,
                roleArn: UNKNOWN,
                loggingConfiguration: {
                    level: "ALL",
                    includeExecutionData: false,
                    logDestination: UNKNOWN,
                },
                tracingConfiguration: { enabled: true },
                tags: TAGS,
            });
            assert.deepEqual(machine.propertyDependencies.definition, [
                urn(plan, T.fn, "reminders-sender"),
            ]);
            assert.deepEqual(machine.propertyDependencies.roleArn, [
                urn(plan, T.role, "reminders-machine-role"),
            ]);
            assert.deepEqual(machine.propertyDependencies.loggingConfiguration, [
                urn(plan, T.logGroup, "reminders-machine-logs"),
            ]);
            // Step Functions checks the role's log delivery grants when the machine is created.
            assert.ok(
                machine.dependencies.includes(
                    urn(plan, T.rolePolicy, "reminders-machine-role-policy"),
                ),
            );
            const logs = plan.one(T.logGroup, "reminders-machine-logs");
            assert.deepEqual(logs.inputs, {
                retentionInDays: 365,
                kmsKeyId: UNKNOWN,
                tags: TAGS,
            });
            assert.deepEqual(logs.propertyDependencies.kmsKeyId, [
                urn(plan, T.key, "reminders-key"),
            ]);
        });

        it("machine role: trusts Step Functions of this account only; invokes the sender only", () => {
            const role = plan.one(T.role, "reminders-machine-role");
            assert.deepEqual(statementsOf(role, "assumeRolePolicy"), [
                {
                    Effect: "Allow",
                    Principal: { Service: "states.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnLike: {
                            "aws:SourceArn": `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:*`,
                        },
                    },
                },
            ]);
            const policy = plan.one(T.rolePolicy, "reminders-machine-role-policy");
            assert.deepEqual(statementsOf(policy), MACHINE_STATEMENTS(UNKNOWN));
            // The unknown resources are the sender function's ARN, nothing else.
            assert.deepEqual(policy.propertyDependencies.policy, [
                urn(plan, T.fn, "reminders-sender"),
            ]);
            assert.deepEqual(policy.propertyDependencies.role, [role.urn]);
        });

        it("cache: Valkey 8.0, TLS required, AUTH token, KMS at rest, Multi-AZ failover with one replica", () => {
            const cache = plan.one(T.cache, "reminders-cache");
            assert.deepEqual(cache.inputs, {
                description: "ReminderWorkflow reminders: reminder execution handles",
                engine: "valkey",
                engineVersion: "8.0",
                nodeType: "cache.t4g.small",
                clusterMode: "disabled",
                numCacheClusters: 2,
                automaticFailoverEnabled: true,
                multiAzEnabled: true,
                port: 6379,
                subnetGroupName: UNKNOWN,
                securityGroupIds: [UNKNOWN],
                atRestEncryptionEnabled: true,
                kmsKeyId: UNKNOWN,
                transitEncryptionEnabled: true,
                transitEncryptionMode: "required",
                authTokenWo: SECRET,
                authTokenWoVersion: 1,
                authTokenUpdateStrategy: "ROTATE",
                snapshotRetentionLimit: 7,
                autoMinorVersionUpgrade: true,
                tags: TAGS,
            });
            assert.deepEqual(cache.propertyDependencies.subnetGroupName, [
                urn(plan, T.subnetGroup, "reminders-cache-subnets"),
            ]);
            assert.deepEqual(cache.propertyDependencies.securityGroupIds, [
                urn(plan, T.sg, "reminders-cache-sg"),
            ]);
            assert.deepEqual(cache.propertyDependencies.kmsKeyId, [
                urn(plan, T.key, "reminders-key"),
            ]);
            assert.deepEqual(plan.one(T.subnetGroup, "reminders-cache-subnets").inputs, {
                description: "ReminderWorkflow reminders cache: private subnets",
                subnetIds: ["subnet-0a", "subnet-0b"],
                tags: TAGS,
            });
        });

        it("auth token: one secret (the workflow key), the same generated token in it and in the cache", () => {
            const secret = plan.one(T.secret, "reminders-auth-token");
            assert.deepEqual(secret.inputs, {
                description: "AUTH token of the ReminderWorkflow reminders cache",
                kmsKeyId: UNKNOWN,
                recoveryWindowInDays: 30,
                tags: TAGS,
            });
            const version = plan.one(T.secretVersion, "reminders-auth-token-version");
            assert.deepEqual(version.inputs, {
                secretId: UNKNOWN,
                secretStringWo: SECRET,
                secretStringWoVersion: 1,
            });
            assert.deepEqual(version.propertyDependencies.secretId, [secret.urn]);
            const cache = plan.one(T.cache, "reminders-cache");
            const inSecret = secretValue(plan.rawInputs.get(version.urn)!.secretStringWo);
            const inCache = secretValue(plan.rawInputs.get(cache.urn)!.authTokenWo);
            assert.equal(inSecret, inCache);
            // ElastiCache: 16..128 printable characters without @, " or /.
            assert.match(inCache, /^[A-Za-z0-9]{64}$/);
        });

        it("security groups: 6379 into the cache from the sender's group only (clients are admitted with admitClient)", () => {
            const cacheSg = urn(plan, T.sg, "reminders-cache-sg");
            const senderSg = urn(plan, T.sg, "reminders-sender-network-sg");
            assert.deepEqual(plan.one(T.sg, "reminders-cache-sg").inputs, {
                vpcId: "vpc-0a",
                description:
                    "ReminderWorkflow reminders cache: TCP 6379 from its client groups only",
                revokeRulesOnDelete: true,
                tags: TAGS,
            });
            // Every ingress rule of the plan: one, into the cache.
            assert.deepEqual(
                plan
                    .ofType(T.ingress)
                    .map((r) => ({
                        name: r.name,
                        into: r.propertyDependencies.securityGroupId,
                        from: r.propertyDependencies.referencedSecurityGroupId,
                    }))
                    .sort((x, y) => x.name.localeCompare(y.name)),
                [
                    {
                        name: "reminders-cache-ingress-sender-6379",
                        into: [cacheSg],
                        from: [senderSg],
                    },
                ],
            );
            for (const [who, rule] of [
                ["sender", plan.one(T.ingress, "reminders-cache-ingress-sender-6379")],
            ] as const) {
                assert.deepEqual(rule.inputs, {
                    securityGroupId: UNKNOWN,
                    description: `TCP 6379 from the ReminderWorkflow reminders ${who} group`,
                    ipProtocol: "tcp",
                    fromPort: 6379,
                    toPort: 6379,
                    referencedSecurityGroupId: UNKNOWN,
                    tags: TAGS,
                });
            }
            // Egress: the cache none; the sender 443 to
            // the VPC and the internet, and 6379 to the cache.
            const egress = plan.ofType(T.egress).map((r) => ({
                name: r.name,
                from: r.propertyDependencies.securityGroupId,
                to: r.propertyDependencies.referencedSecurityGroupId ?? [],
                port: r.inputs.fromPort,
                cidr: r.inputs.cidrIpv4,
            }));
            assert.deepEqual(
                egress.sort((x, y) => x.name.localeCompare(y.name)),
                [
                    {
                        name: "reminders-sender-network-egress-443",
                        from: [senderSg],
                        to: [],
                        port: 443,
                        cidr: "10.0.0.0/16",
                    },
                    {
                        name: "reminders-sender-network-egress-cache-6379",
                        from: [senderSg],
                        to: [cacheSg],
                        port: 6379,
                        cidr: undefined,
                    },
                    {
                        name: "reminders-sender-network-egress-internet-443",
                        from: [senderSg],
                        to: [],
                        port: 443,
                        cidr: "0.0.0.0/0",
                    },
                ],
            );
        });

        it("sender: in the private subnets behind its own group, with the cache, secret and topic in its environment", () => {
            const fn = plan.one(T.fn, "reminders-sender");
            assert.equal(
                fn.inputs.description,
                "ReminderWorkflow reminders: sends a due reminder unless it was cancelled",
            );
            assert.equal(fn.inputs.memorySize, 256);
            assert.equal(fn.inputs.timeout, 30);
            assert.deepEqual(fn.inputs.environment, {
                variables: {
                    NODE_OPTIONS: "--enable-source-maps",
                    REDIS_HOST: UNKNOWN,
                    REDIS_PORT: "6379",
                    REDIS_TLS: "true",
                    REDIS_AUTH_SECRET_ARN: UNKNOWN,
                    USER_NOTIFICATIONS_TOPIC_ARN: UNKNOWN,
                },
            });
            assert.deepEqual(
                [...fn.propertyDependencies.environment].sort(),
                [
                    urn(plan, T.cache, "reminders-cache"),
                    urn(plan, T.secret, "reminders-auth-token"),
                    urn(plan, T.topic, "reminders-notifications"),
                ].sort(),
            );
            assert.deepEqual(fn.inputs.vpcConfig, {
                subnetIds: ["subnet-0a", "subnet-0b"],
                securityGroupIds: [UNKNOWN],
            });
            assert.deepEqual(fn.propertyDependencies.vpcConfig, [
                urn(plan, T.sg, "reminders-sender-network-sg"),
            ]);
        });

        it("sender role: exactly the secret, its key through Secrets Manager, the topic and its key through SNS", () => {
            const policy = plan.one(T.rolePolicy, "reminders-sender-policy");
            // The first three are SecureFunction's own: its log group, ENIs, X-Ray.
            assert.deepEqual(
                statementsOf(policy)
                    .slice(0, 3)
                    .map((s) => s.Sid),
                ["OwnLogGroup", "VpcNetworkInterfaces", "XRayTraces"],
            );
            assert.deepEqual(
                statementsOf(policy).slice(3),
                SENDER_STATEMENTS({ secret: UNKNOWN, key: UNKNOWN, topic: UNKNOWN }),
            );
            assert.deepEqual(
                [...policy.propertyDependencies.policy].sort(),
                [
                    urn(plan, T.logGroup, "reminders-sender-logs"),
                    urn(plan, T.secret, "reminders-auth-token"),
                    urn(plan, T.key, "reminders-key"),
                    urn(plan, T.topic, "reminders-notifications"),
                ].sort(),
            );
        });

        it("user-notifications topic: the workflow key, TLS-only publishing", () => {
            const topic = plan.one(T.topic, "reminders-notifications");
            assert.deepEqual(topic.inputs, { kmsMasterKeyId: UNKNOWN, tags: TAGS });
            assert.deepEqual(topic.propertyDependencies.kmsMasterKeyId, [
                urn(plan, T.key, "reminders-key"),
            ]);
            const policy = plan.one(T.topicPolicy, "reminders-notifications-policy");
            assert.deepEqual(statementsOf(policy), [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sns:Publish",
                    Resource: [UNKNOWN],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ]);
            assert.deepEqual(policy.propertyDependencies.policy, [topic.urn]);
        });

        it("alarms: failed, timed-out and throttled executions and sender errors; never aborted executions", () => {
            const machine = urn(plan, T.machine, "reminders-machine");
            const sender = urn(plan, T.fn, "reminders-sender");
            const alarms = plan.ofType(T.alarm).map((r) => ({
                name: r.name,
                metric: `${r.inputs.namespace as string} ${r.inputs.metricName as string}`,
                source: r.propertyDependencies.dimensions,
            }));
            assert.deepEqual(
                alarms.sort((x, y) => x.name.localeCompare(y.name)),
                [
                    ["reminders-execution-throttled", "AWS/States ExecutionThrottled", machine],
                    ["reminders-executions-failed", "AWS/States ExecutionsFailed", machine],
                    ["reminders-executions-timed-out", "AWS/States ExecutionsTimedOut", machine],
                    ["reminders-sender-errors", "AWS/Lambda Errors", sender],
                ].map(([name, metric, source]) => ({ name, metric, source: [source] })),
            );
            assert.ok(
                !plan.ofType(T.alarm).some((r) => r.inputs.metricName === "ExecutionsAborted"),
            );
            assert.deepEqual(plan.one(T.alarm, "reminders-executions-failed").inputs, {
                alarmDescription: "ReminderWorkflow reminders: reminder executions failed",
                namespace: "AWS/States",
                metricName: "ExecutionsFailed",
                statistic: "Sum",
                dimensions: { StateMachineArn: UNKNOWN },
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                period: 60,
                evaluationPeriods: 1,
                treatMissingData: "notBreaching",
                alarmActions: [ALARMS],
                okActions: [ALARMS],
                tags: TAGS,
            });
            for (const alarm of plan.ofType(T.alarm)) {
                assert.equal(alarm.inputs.treatMissingData, "notBreaching", alarm.name);
                assert.deepEqual(alarm.inputs.alarmActions, [ALARMS], alarm.name);
                assert.equal(alarm.inputs.threshold, 0, alarm.name);
            }
            assert.deepEqual(plan.one(T.alarm, "reminders-sender-errors").inputs.dimensions, {
                FunctionName: UNKNOWN,
            });
        });

        it("registers its outputs; the app policy document keeps its actions readable in preview", () => {
            const outputs = plan.one(T.workflow, "reminders").outputs!;
            assert.deepEqual(Object.keys(outputs).sort(), [
                "appPolicyDocument",
                "authSecretArn",
                "redisEndpoint",
                "redisPort",
                "senderFunctionName",
                "stateMachineArn",
                "stateMachineName",
                "topicArn",
            ]);
            assert.equal(outputs.redisPort, 6379);
            const doc = outputs.appPolicyDocument as { Statement: Statement[] };
            assert.deepEqual(
                doc.Statement.map((s) => [s.Sid, s.Action]),
                [
                    ["StartReminderExecutions", ["states:StartExecution"]],
                    [
                        "ManageReminderExecutions",
                        ["states:StopExecution", "states:DescribeExecution"],
                    ],
                    ["ReadRedisAuthToken", ["secretsmanager:GetSecretValue"]],
                    ["DecryptRedisAuthToken", ["kms:Decrypt"]],
                ],
            );
        });
    });

    describe("defaults (existing stack, known outputs)", () => {
        let plan: Plan;
        let workflow: ReminderWorkflow;
        before(async () => {
            ({ plan, workflow } = await planWorkflow(ARGS, { known: true }));
        });

        const senderArn = (functionName: string) =>
            `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`;

        it("definition: exactly the typed builder's, for this sender, and valid ASL", async () => {
            const functionName = (await valueOf(workflow.senderFunctionName))!;
            assert.match(functionName, /^reminders-sender-[0-9a-f]{7}$/);
            const definition = JSON.parse(
                plan.one(T.machine, "reminders-machine").inputs.definition as string,
            );
            const expected = reminderDefinition({ senderFunctionArn: senderArn(functionName) });
            assert.deepEqual(definition, expected);
            // The Task waits 30 s beyond the function's own 30 s timeout.
            assert.equal(expected.States.SendReminder.Type, "Task");
            assert.equal(
                (definition.States.SendReminder as { TimeoutSeconds: number }).TimeoutSeconds,
                60,
            );
            assert.deepEqual(validateDefinition(definition), []);
        });

        it("machine role may invoke exactly this sender (and its versions)", async () => {
            const functionName = (await valueOf(workflow.senderFunctionName))!;
            assert.deepEqual(
                statementsOf(plan.one(T.rolePolicy, "reminders-machine-role-policy")),
                MACHINE_STATEMENTS(senderArn(functionName)),
            );
        });

        it("app policy document: start this machine, stop and describe its executions, read the token", async () => {
            const machineArn = (await valueOf(workflow.stateMachineArn))!;
            const machineName = (await valueOf(workflow.stateMachineName))!;
            assert.match(machineName, /^reminders-machine-[0-9a-f]{7}$/);
            assert.equal(
                machineArn,
                `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${machineName}`,
            );
            const secretArn = (await valueOf(workflow.authSecretArn))!;
            const keyArn = plan.one(T.secret, "reminders-auth-token").inputs.kmsKeyId;
            assert.deepEqual(await valueOf(pulumi.output(workflow.appPolicyDocument)), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "StartReminderExecutions",
                        Effect: "Allow",
                        Action: ["states:StartExecution"],
                        Resource: [machineArn],
                    },
                    {
                        Sid: "ManageReminderExecutions",
                        Effect: "Allow",
                        Action: ["states:StopExecution", "states:DescribeExecution"],
                        Resource: [
                            `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machineName}:*`,
                        ],
                    },
                    ...TOKEN_STATEMENTS(secretArn, keyArn),
                ],
            });
        });

        it("sender: the exact endpoint, secret and topic in its environment and statements", async () => {
            const host = (await valueOf(workflow.redisEndpoint))!;
            assert.match(
                host,
                /^master\.reminders-cache-[0-9a-f]{7}\.[0-9a-f]{6}\.us-east-1\.cache\.amazonaws\.com$/,
            );
            assert.equal(await valueOf(workflow.redisPort), 6379);
            const secretArn = await valueOf(workflow.authSecretArn);
            const topicArn = await valueOf(workflow.topicArn);
            assert.deepEqual(plan.one(T.fn, "reminders-sender").inputs.environment, {
                variables: {
                    NODE_OPTIONS: "--enable-source-maps",
                    REDIS_HOST: host,
                    REDIS_PORT: "6379",
                    REDIS_TLS: "true",
                    REDIS_AUTH_SECRET_ARN: secretArn,
                    USER_NOTIFICATIONS_TOPIC_ARN: topicArn,
                },
            });
            const keyArn = plan.one(T.topic, "reminders-notifications").inputs.kmsMasterKeyId;
            assert.match(keyArn as string, /^arn:aws:kms:us-east-1:123456789012:key\//);
            assert.deepEqual(
                statementsOf(plan.one(T.rolePolicy, "reminders-sender-policy")).slice(3),
                SENDER_STATEMENTS({ secret: secretArn, key: keyArn, topic: topicArn }),
            );
        });

        it("admitClient: one ingress rule on 6379 into the cache's group, from the client's group", async () => {
            const admitted = await planComponent(() => {
                const w = new ReminderWorkflow("reminders", ARGS);
                w.admitClient("app-pods", "sg-0123456789abcdef0", "the platform's pods");
            });
            assert.deepEqual(
                admitted.one(T.ingress, "reminders-cache-ingress-app-pods-6379").inputs,
                {
                    securityGroupId: UNKNOWN,
                    description: "TCP 6379 from the platform's pods",
                    ipProtocol: "tcp",
                    fromPort: 6379,
                    toPort: 6379,
                    referencedSecurityGroupId: "sg-0123456789abcdef0",
                    tags: TAGS,
                },
            );
            assert.deepEqual(
                admitted.one(T.ingress, "reminders-cache-ingress-app-pods-6379")
                    .propertyDependencies.securityGroupId,
                [urn(admitted, T.sg, "reminders-cache-sg")],
            );
        });
    });

    describe("replicas, engine and switches", () => {
        describe("a throwaway workflow (existing stack)", () => {
            let plan: Plan;
            before(async () => {
                ({ plan } = await planWorkflow(
                    {
                        ...ARGS,
                        replicas: 0,
                        protect: false,
                        senderInternetEgress: false,
                        senderMemoryMb: 512,
                        senderTimeoutSeconds: 10,
                        logRetentionDays: 30,
                    },
                    { known: true },
                ));
            });

            it("no replica: one node, no failover, no Multi-AZ", () => {
                const cache = plan.one(T.cache, "reminders-cache").inputs;
                assert.equal(cache.numCacheClusters, 1);
                assert.equal(cache.automaticFailoverEnabled, false);
                assert.equal(cache.multiAzEnabled, false);
            });

            it("protect: false protects nothing", () => {
                assert.deepEqual(
                    plan.resources.filter((r) => r.protect).map((r) => r.name),
                    [],
                );
            });

            it("senderInternetEgress: false leaves the sender HTTPS to the VPC and the cache only", () => {
                assert.deepEqual(
                    plan
                        .ofType(T.egress)
                        .map((r) => r.name)
                        .sort(),
                    [
                        "reminders-sender-network-egress-443",
                        "reminders-sender-network-egress-cache-6379",
                    ],
                );
            });

            it("the sender's size and timeout, and the Task 30 s longer; every log group's retention", () => {
                const fn = plan.one(T.fn, "reminders-sender").inputs;
                assert.equal(fn.memorySize, 512);
                assert.equal(fn.timeout, 10);
                const definition = JSON.parse(
                    plan.one(T.machine, "reminders-machine").inputs.definition as string,
                );
                assert.equal(definition.States.SendReminder.TimeoutSeconds, 40);
                assert.deepEqual(
                    plan.ofType(T.logGroup).map((r) => r.inputs.retentionInDays),
                    [30, 30],
                );
            });

            it("the prod policy config blocks exactly its unprotected stateful children and its 30-day logs", async () => {
                const protect = (name: string, loses: string) =>
                    `mandatory stateful-protect ${name}: protect is not set: deleting or replacing this resource loses ${loses}; pass { protect: true } in its resource options.`;
                const retention = (name: string) =>
                    `mandatory log-retention ${name}: retentionInDays is 30: set 365..3653 days.`;
                assert.deepEqual(
                    await gate(plan, PROD),
                    [
                        retention("reminders-machine-logs"),
                        retention("reminders-sender-logs"),
                        protect("reminders-auth-token", "its secret values"),
                        protect("reminders-cache", "its data"),
                        protect("reminders-key", "every piece of data encrypted under it"),
                        protect("reminders-machine-logs", "its log events"),
                        protect("reminders-sender-logs", "its log events"),
                    ].sort(),
                );
            });
        });

        it("Redis OSS with five replicas: six nodes, failover; version, node type, snapshots and token version pass through", async () => {
            const { plan } = await planWorkflow({
                ...ARGS,
                engine: "redis",
                engineVersion: "7.0",
                nodeType: "cache.r7g.large",
                replicas: 5,
                snapshotRetentionDays: 0,
                authTokenVersion: 3,
            });
            const cache = plan.one(T.cache, "reminders-cache").inputs;
            assert.equal(cache.engine, "redis");
            assert.equal(cache.engineVersion, "7.0");
            assert.equal(cache.nodeType, "cache.r7g.large");
            assert.equal(cache.numCacheClusters, 6);
            assert.equal(cache.automaticFailoverEnabled, true);
            assert.equal(cache.multiAzEnabled, true);
            assert.equal(cache.snapshotRetentionLimit, 0);
            assert.equal(cache.authTokenWoVersion, 3);
            assert.equal(
                plan.one(T.secretVersion, "reminders-auth-token-version").inputs
                    .secretStringWoVersion,
                3,
            );
        });

        it("each engine has its default version", () => {
            assert.equal(withDefaults({ ...ARGS, engine: "redis" }).engineVersion, "7.1");
            assert.equal(withDefaults({ ...ARGS, engine: "valkey" }).engineVersion, "8.0");
        });
    });

    describe("policy pack", () => {
        /** The workflow, and the app role's policy built from its document, as a stack would. */
        const build = () => {
            const workflow = new ReminderWorkflow("reminders", ARGS);
            new aws.iam.RolePolicy("app-reminders", {
                role: "app-pod-role",
                policy: workflow.appPolicyDocument,
            });
        };

        it("passes the prod config (operations rules mandatory) with no violation at all", async () => {
            assert.deepEqual(await violationsOf("*", build, { policyConfig: PROD }), []);
        });

        it("passes with customer-managed keys required, and with the default config", async () => {
            const plan = await planComponent(build);
            assert.deepEqual(await gate(plan, {}), []);
            assert.deepEqual(
                await gate(plan, {
                    ...PROD,
                    "encrypted-at-rest": { requireCustomerManagedKeys: true },
                }),
                [],
            );
        });
    });

    describe("validation", () => {
        const cases: [string, Partial<ReminderWorkflowArgs>, string][] = [
            ["no VPC", { vpcId: "" }, 'vpcId is required, got ""'],
            [
                "no alarm topic",
                { alarmTopicArn: undefined },
                "alarmTopicArn is required, got undefined",
            ],
            [
                "unknown engine",
                { engine: "memcached" as CacheEngine },
                'engine must be "valkey" or "redis", got "memcached"',
            ],
            [
                "Redis 6 has no SET NX GET",
                { engine: "redis", engineVersion: "6.2" },
                'engineVersion must be 7.0 or newer for redis (handles are set with SET NX GET), got "6.2"',
            ],
            [
                "Valkey starts at 7.2",
                { engineVersion: "7.1" },
                'engineVersion must be 7.2 or newer for valkey (handles are set with SET NX GET), got "7.1"',
            ],
            [
                "a patch version",
                { engineVersion: "7.0.5" },
                'engineVersion must be "<major>.<minor>", got "7.0.5"',
            ],
            [
                "node type",
                { nodeType: "t4g.small" },
                'nodeType must be an ElastiCache node type (cache.t4g.small), got "t4g.small"',
            ],
            ["too many replicas", { replicas: 6 }, "replicas must be 0..5, got 6"],
            ["fractional replicas", { replicas: 1.5 }, "replicas must be 0..5, got 1.5"],
            [
                "snapshot retention",
                { snapshotRetentionDays: 36 },
                "snapshotRetentionDays must be 0..35, got 36",
            ],
            [
                "token version",
                { authTokenVersion: 0 },
                "authTokenVersion must be a positive integer, got 0",
            ],
            [
                "log retention CloudWatch does not offer",
                { logRetentionDays: 10 },
                `logRetentionDays must be one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")}, got 10`,
            ],
            [
                "sender memory (SecureFunction's rule)",
                { senderMemoryMb: 64 },
                "senderMemoryMb must be an integer from 128 to 10240, got 64",
            ],
            [
                "sender timeout (SecureFunction's rule)",
                { senderTimeoutSeconds: 901 },
                "senderTimeoutSeconds must be an integer from 1 to 900, got 901",
            ],
        ];
        for (const [what, change, message] of cases) {
            it(`refuses ${what}`, () => {
                assert.throws(
                    () => validateReminderWorkflowArgs("reminders", { ...ARGS, ...change }),
                    new Error(`ReminderWorkflow "reminders": ${message}`),
                );
            });
        }

        it("refuses a name the cache's id cannot hold", () => {
            for (const name of ["Reminders", "reminders_dev", "a-very-long-reminder-workflow"]) {
                assert.throws(
                    () => validateReminderWorkflowArgs(name, ARGS),
                    new Error(
                        `ReminderWorkflow "${name}": name must be lowercase words joined by ` +
                            "hyphens (^[a-z][a-z0-9]*(-[a-z0-9]+)*$), at most 26 characters " +
                            "(the cache's id derives from it)",
                    ),
                );
            }
        });

        it("fails before registering anything when an argument is invalid", async () => {
            await assert.rejects(
                planWorkflow({ ...ARGS, replicas: 6 }),
                new Error('ReminderWorkflow "reminders": replicas must be 0..5, got 6'),
            );
        });
    });
});
