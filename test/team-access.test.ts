import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import {
    requireMfaPolicyDocument,
    TeamAccess,
    TeamAccessArgs,
    validateTeamAccessArgs,
} from "../components/team-access";
import { planComponent, RecordedResource } from "./helpers/plan";
import { violationsOf } from "./helpers/policy";

const prodPolicyConfig = require("../policy/config/prod.json") as Record<string, unknown>;

const ACCOUNT = "123456789012";
const ARN = {
    logGroup: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:pipeline-ncn-logs-1a2b3c4`,
    fn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:pipeline-ncn-5e6f7a8`,
    table: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/pipeline-customers-9b8c7d6`,
    stream: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/pipeline-stream-1a2b3c4`,
    queue: `arn:aws:sqs:us-east-1:${ACCOUNT}:pipeline-app-2b3c4d5`,
    dlq: `arn:aws:sqs:us-east-1:${ACCOUNT}:pipeline-app-dlq-3c4d5e6`,
    topic: `arn:aws:sns:us-east-1:${ACCOUNT}:pipeline-events-4d5e6f7`,
    stateMachine: `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:reminders-sm-7f8a9b0`,
    domain: `arn:aws:es:us-east-1:${ACCOUNT}:domain/search-3c4d5e6`,
    archive: "arn:aws:s3:::pipeline-archive-0a1b2c3",
    site: "arn:aws:s3:::site-4d5e6f7",
    key: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b1c2d3e-aaaa-bbbb-cccc-111122223333`,
};
const EXECUTIONS = `arn:aws:states:us-east-1:${ACCOUNT}:execution:reminders-sm-7f8a9b0:*`;

const ARGS: TeamAccessArgs = {
    environment: "prod",
    read: {
        logGroupArns: [ARN.logGroup],
        functionArns: [ARN.fn],
        tableArns: [ARN.table],
        streamArns: [ARN.stream],
        queueArns: [ARN.queue, ARN.dlq],
        topicArns: [ARN.topic],
        stateMachineArns: [ARN.stateMachine],
        searchDomainArns: [ARN.domain],
        bucketArns: [ARN.archive, ARN.site],
    },
    operate: {
        stateMachineArns: [ARN.stateMachine],
        functionArns: [ARN.fn],
        deadLetterQueueArns: [ARN.dlq],
        redriveTargetQueueArns: [ARN.queue],
        queueKeyArns: [ARN.key],
    },
    protectedBucketArns: [ARN.archive, ARN.site],
    tags: { environment: "prod" },
};

type Statement = Record<string, unknown>;
const policyNamed = (plan: { one(t: string, n?: string): RecordedResource }, name: string) =>
    plan.one("aws:iam/policy:Policy", name).inputs.policy as { Statement: Statement[] };

const ALARMS = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:*`;

describe("TeamAccess", () => {
    it("creates the two groups, four policies and seven attachments, and no users", async () => {
        const plan = await planComponent(() => {
            new TeamAccess("team", ARGS);
        });
        assert.deepEqual(
            plan
                .childrenOf(plan.one("lightspeed:index:TeamAccess"))
                .map((r) => `${r.type} ${r.name}`)
                .sort(),
            [
                "aws:iam/group:Group team-developers",
                "aws:iam/group:Group team-operators",
                "aws:iam/groupPolicyAttachment:GroupPolicyAttachment team-developers-protect-buckets",
                "aws:iam/groupPolicyAttachment:GroupPolicyAttachment team-developers-read",
                "aws:iam/groupPolicyAttachment:GroupPolicyAttachment team-developers-require-mfa",
                "aws:iam/groupPolicyAttachment:GroupPolicyAttachment team-operators-operate",
                "aws:iam/groupPolicyAttachment:GroupPolicyAttachment team-operators-protect-buckets",
                "aws:iam/groupPolicyAttachment:GroupPolicyAttachment team-operators-read",
                "aws:iam/groupPolicyAttachment:GroupPolicyAttachment team-operators-require-mfa",
                "aws:iam/policy:Policy team-operate",
                "aws:iam/policy:Policy team-protect-buckets",
                "aws:iam/policy:Policy team-read",
                "aws:iam/policy:Policy team-require-mfa",
            ].sort(),
        );
        assert.deepEqual(
            plan.resources.filter((r) => r.type.startsWith("aws:iam/user")).map((r) => r.type),
            [],
        );
    });

    it("names the groups and policies after the environment, on the lightspeed path", async () => {
        const plan = await planComponent(
            () => {
                new TeamAccess("team", {
                    ...ARGS,
                    environment: "dev",
                    developersGroupName: "engineers",
                    operatorsGroupName: "on-call",
                });
            },
            { known: true },
        );
        assert.deepEqual(
            plan
                .ofType("aws:iam/group:Group")
                .map((r) => r.inputs)
                .sort((x, y) => String(x.name).localeCompare(String(y.name))),
            [
                { name: "dev-engineers", path: "/lightspeed/" },
                { name: "dev-on-call", path: "/lightspeed/" },
            ],
        );
        assert.deepEqual(
            plan
                .ofType("aws:iam/policy:Policy")
                .map((r) => `${r.inputs.name as string} ${r.inputs.path as string}`)
                .sort(),
            [
                "dev-operate /lightspeed/",
                "dev-protect-buckets /lightspeed/",
                "dev-read /lightspeed/",
                "dev-require-mfa /lightspeed/",
            ],
        );
        const attached = plan
            .ofType("aws:iam/groupPolicyAttachment:GroupPolicyAttachment")
            .map((r) => `${r.inputs.group as string} <- ${r.inputs.policyArn as string}`)
            .sort();
        const policy = (n: string) => `arn:aws:iam::${ACCOUNT}:policy/dev-${n}`;
        assert.deepEqual(attached, [
            `dev-engineers <- ${policy("protect-buckets")}`,
            `dev-engineers <- ${policy("read")}`,
            `dev-engineers <- ${policy("require-mfa")}`,
            `dev-on-call <- ${policy("operate")}`,
            `dev-on-call <- ${policy("protect-buckets")}`,
            `dev-on-call <- ${policy("read")}`,
            `dev-on-call <- ${policy("require-mfa")}`,
        ]);
    });

    it("requires MFA for everything but setting MFA up, on the user's own ARN", async () => {
        const plan = await planComponent(() => new TeamAccess("team", ARGS), { known: true });
        assert.deepEqual(policyNamed(plan, "team-require-mfa").Statement, [
            {
                Sid: "CreateOwnVirtualMfaDevice",
                Effect: "Allow",
                Action: ["iam:CreateVirtualMFADevice"],
                Resource: [`arn:aws:iam::${ACCOUNT}:mfa/*`],
            },
            {
                Sid: "ManageOwnMfaAndPassword",
                Effect: "Allow",
                Action: [
                    "iam:EnableMFADevice",
                    "iam:ListMFADevices",
                    "iam:ResyncMFADevice",
                    "iam:GetUser",
                    "iam:ChangePassword",
                ],
                Resource: [`arn:aws:iam::${ACCOUNT}:user/\${aws:username}`],
            },
            {
                Sid: "DenyAllButMfaSetUpWithoutMfa",
                Effect: "Deny",
                NotAction: [
                    "iam:CreateVirtualMFADevice",
                    "iam:EnableMFADevice",
                    "iam:ListMFADevices",
                    "iam:ResyncMFADevice",
                    "iam:GetUser",
                    "iam:ChangePassword",
                    "sts:GetSessionToken",
                ],
                Resource: "*",
                Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
            },
        ]);
    });

    it("denies deleting the protected buckets, their objects and versions, and weakening them", async () => {
        const plan = await planComponent(() => new TeamAccess("team", ARGS), { known: true });
        assert.deepEqual(policyNamed(plan, "team-protect-buckets").Statement, [
            {
                Sid: "DenyDeletingProtectedBuckets",
                Effect: "Deny",
                Action: [
                    "s3:DeleteBucket",
                    "s3:DeleteBucketPolicy",
                    "s3:PutBucketPolicy",
                    "s3:PutBucketVersioning",
                    "s3:PutLifecycleConfiguration",
                ],
                Resource: [ARN.archive, ARN.site],
            },
            {
                Sid: "DenyDeletingProtectedObjects",
                Effect: "Deny",
                Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
                Resource: [`${ARN.archive}/*`, `${ARN.site}/*`],
            },
        ]);
    });

    it("lets developers read configuration, metrics, alarms, logs and history, never data", async () => {
        const plan = await planComponent(() => new TeamAccess("team", ARGS), { known: true });
        assert.deepEqual(policyNamed(plan, "team-read").Statement, [
            {
                Sid: "ListResourcesAndReadMetrics",
                Effect: "Allow",
                Action: [
                    "cloudwatch:GetMetricData",
                    "cloudwatch:ListMetrics",
                    "logs:DescribeLogGroups",
                    "lambda:ListFunctions",
                    "sqs:ListQueues",
                    "sns:ListTopics",
                    "kinesis:ListStreams",
                    "dynamodb:ListTables",
                    "states:ListStateMachines",
                    "s3:ListAllMyBuckets",
                    "tag:GetResources",
                ],
                Resource: ["*"],
            },
            {
                Sid: "ReadAlarms",
                Effect: "Allow",
                Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"],
                Resource: [ALARMS],
            },
            {
                Sid: "ReadDashboards",
                Effect: "Allow",
                Action: ["cloudwatch:GetDashboard"],
                Resource: [`arn:aws:cloudwatch::${ACCOUNT}:dashboard/*`],
            },
            {
                Sid: "ReadLogs",
                Effect: "Allow",
                Action: [
                    "logs:DescribeLogStreams",
                    "logs:FilterLogEvents",
                    "logs:GetLogEvents",
                    "logs:StartQuery",
                ],
                Resource: [ARN.logGroup, `${ARN.logGroup}:*`],
            },
            {
                Sid: "ReadFunctions",
                Effect: "Allow",
                Action: [
                    "lambda:GetFunction",
                    "lambda:GetFunctionConfiguration",
                    "lambda:GetFunctionConcurrency",
                    "lambda:GetFunctionEventInvokeConfig",
                    "lambda:GetPolicy",
                ],
                Resource: [ARN.fn],
            },
            {
                Sid: "DescribeTables",
                Effect: "Allow",
                Action: [
                    "dynamodb:DescribeTable",
                    "dynamodb:DescribeTimeToLive",
                    "dynamodb:DescribeContinuousBackups",
                    "dynamodb:DescribeKinesisStreamingDestination",
                ],
                Resource: [ARN.table],
            },
            {
                Sid: "DescribeStreams",
                Effect: "Allow",
                Action: [
                    "kinesis:DescribeStream",
                    "kinesis:DescribeStreamSummary",
                    "kinesis:ListShards",
                ],
                Resource: [ARN.stream],
            },
            {
                Sid: "DescribeQueues",
                Effect: "Allow",
                Action: [
                    "sqs:GetQueueAttributes",
                    "sqs:ListDeadLetterSourceQueues",
                    "sqs:ListQueueTags",
                ],
                Resource: [ARN.queue, ARN.dlq],
            },
            {
                Sid: "DescribeTopics",
                Effect: "Allow",
                Action: ["sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic"],
                Resource: [ARN.topic],
            },
            {
                Sid: "ReadStateMachines",
                Effect: "Allow",
                Action: ["states:DescribeStateMachine", "states:ListExecutions"],
                Resource: [ARN.stateMachine],
            },
            {
                Sid: "ReadExecutions",
                Effect: "Allow",
                Action: ["states:DescribeExecution", "states:GetExecutionHistory"],
                Resource: [EXECUTIONS],
            },
            {
                Sid: "DescribeSearchDomains",
                Effect: "Allow",
                Action: ["es:DescribeDomain", "es:DescribeDomainConfig"],
                Resource: [ARN.domain],
            },
            {
                Sid: "DescribeBuckets",
                Effect: "Allow",
                Action: [
                    "s3:GetBucketLocation",
                    "s3:GetBucketVersioning",
                    "s3:GetBucketPolicy",
                    "s3:GetLifecycleConfiguration",
                    "s3:GetEncryptionConfiguration",
                    "s3:ListBucket",
                ],
                Resource: [ARN.archive, ARN.site],
            },
        ]);
    });

    it("lets operators act on alarms, executions, functions and dead-letter queues they are given", async () => {
        const plan = await planComponent(() => new TeamAccess("team", ARGS), { known: true });
        assert.deepEqual(policyNamed(plan, "team-operate").Statement, [
            {
                Sid: "AlarmActions",
                Effect: "Allow",
                Action: [
                    "cloudwatch:DisableAlarmActions",
                    "cloudwatch:EnableAlarmActions",
                    "cloudwatch:SetAlarmState",
                ],
                Resource: [ALARMS],
            },
            {
                Sid: "StopAndRedriveExecutions",
                Effect: "Allow",
                Action: ["states:StopExecution", "states:RedriveExecution"],
                Resource: [EXECUTIONS],
            },
            {
                Sid: "InvokeAndThrottleFunctions",
                Effect: "Allow",
                Action: [
                    "lambda:InvokeFunction",
                    "lambda:PutFunctionConcurrency",
                    "lambda:DeleteFunctionConcurrency",
                ],
                Resource: [ARN.fn],
            },
            {
                Sid: "DrainDeadLetterQueues",
                Effect: "Allow",
                Action: [
                    "sqs:GetQueueAttributes",
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:StartMessageMoveTask",
                    "sqs:CancelMessageMoveTask",
                    "sqs:ListMessageMoveTasks",
                ],
                Resource: [ARN.dlq],
            },
            {
                Sid: "RedriveIntoQueues",
                Effect: "Allow",
                Action: ["sqs:SendMessage"],
                Resource: [ARN.queue],
            },
            {
                Sid: "QueueKeysThroughSqs",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: [ARN.key],
                Condition: { StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" } },
            },
        ]);
    });

    it("leaves out what it is not given: no protect policy, only the fixed statements", async () => {
        const plan = await planComponent(
            () => new TeamAccess("team", { environment: "dev", read: {}, protectedBucketArns: [] }),
            { known: true },
        );
        assert.deepEqual(
            plan
                .ofType("aws:iam/policy:Policy")
                .map((r) => r.name)
                .sort(),
            ["team-operate", "team-read", "team-require-mfa"],
        );
        assert.equal(plan.ofType("aws:iam/groupPolicyAttachment:GroupPolicyAttachment").length, 5);
        assert.deepEqual(
            policyNamed(plan, "team-read").Statement.map((s) => s.Sid),
            ["ListResourcesAndReadMetrics", "ReadAlarms", "ReadDashboards"],
        );
        assert.deepEqual(
            policyNamed(plan, "team-operate").Statement.map((s) => s.Sid),
            ["AlarmActions"],
        );
    });

    it("passes the policy pack with the prod config, in a first preview", async () => {
        assert.deepEqual(
            await violationsOf("*", () => new TeamAccess("team", ARGS), {
                policyConfig: prodPolicyConfig,
            }),
            [],
        );
    });

    it("passes only because the MFA statement denies: as an Allow the pack blocks it", async () => {
        const ids = {
            partition: "aws",
            region: "us-east-1",
            accountId: ACCOUNT,
            dnsSuffix: "amazonaws.com",
        };
        const doc = requireMfaPolicyDocument(ids);
        const statements = doc.Statement as aws.iam.PolicyStatement[];
        const asAllow = { ...doc, Statement: [{ ...statements[2], Effect: "Allow" }] };
        const where = 'policy Statement[0] (Sid "DenyAllButMfaSetUpWithoutMfa")';
        assert.deepEqual(
            await violationsOf(
                "*",
                () => {
                    new aws.iam.Policy("mfa", { policy: doc });
                    new aws.iam.Policy("mfa-as-allow", {
                        policy: asAllow as aws.iam.PolicyDocument,
                    });
                },
                { policyConfig: prodPolicyConfig },
            ),
            [
                `mandatory iam-no-privilege-escalation mfa-as-allow: ${where} allows every action but NotAction on "*", which includes privilege-escalation actions iam:PassRole, iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion, iam:Attach*Policy, iam:Put*Policy, iam:Delete*PermissionsBoundary, iam:Put*PermissionsBoundary, iam:CreateAccessKey, iam:CreateLoginProfile, iam:UpdateLoginProfile, iam:UpdateAssumeRolePolicy, iam:AddUserToGroup, sts:AssumeRole, lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration: grant them separately, naming the ARNs (role; policy; role, user or group; role or user; user; group; function) they may act on.`,
                `mandatory iam-no-wildcard-actions mfa-as-allow: ${where} allows with NotAction (every action except those listed, including future ones): list the allowed actions in Action instead.`,
                `mandatory iam-no-wildcard-resources mfa-as-allow: ${where} allows every action but NotAction on "*": name the resource ARNs (a program resource's arn output is fine); only actions AWS grants solely on "*" (no resource type in AWS's action list, or ACTIONS_ONLY_ON_ANY_RESOURCE in policy/lib/iam.ts) may use it.`,
            ],
        );
    });

    const invalid: [Partial<TeamAccessArgs>, string][] = [
        [
            { environment: "Prod" },
            'TeamAccess "t": environment must be 1..32 of a-z, 0-9 and -, starting with a letter, got "Prod"',
        ],
        [
            { developersGroupName: "dev team" },
            'TeamAccess "t": developersGroupName must be letters, digits and +=,.@_- with "prod-" in front at most 128 characters, got "dev team"',
        ],
        [
            { operatorsGroupName: "o".repeat(124) },
            `TeamAccess "t": operatorsGroupName must be letters, digits and +=,.@_- with "prod-" in front at most 128 characters, got "${"o".repeat(124)}"`,
        ],
        [
            { developersGroupName: "Team", operatorsGroupName: "team" },
            'TeamAccess "t": developersGroupName and operatorsGroupName must differ (IAM ignores case), got "Team" twice',
        ],
        [{ path: "lightspeed" }, 'TeamAccess "t": path must be "/" or "/a/b/", got "lightspeed"'],
    ];
    for (const [override, message] of invalid) {
        it(`rejects ${JSON.stringify(override).slice(0, 60)}`, () => {
            assert.throws(
                () => validateTeamAccessArgs("t", { ...ARGS, ...override }),
                new Error(message),
            );
        });
    }
});
