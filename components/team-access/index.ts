/**
 * TeamAccess: IAM groups for the people who work on an environment. `developers` read it;
 * `operators` read it and run it. Both need MFA for everything but setting MFA up, and neither can
 * delete the buckets that hold artifacts and archives, or their objects.
 *
 * Permissions go to groups, never to users: the component creates no users and no user policies
 * (people are added to a group; an inline policy on a user is invisible to a review of groups).
 *
 * Why customer-managed policies attached to the groups, not inline group policies: IAM caps the
 * inline policies of one group at 5,120 characters in all, which a read policy listing an
 * environment's ARNs can pass; a managed policy holds 6,144, and one document serves both groups.
 *
 * Why a scoped read policy, not the AWS-managed ReadOnlyAccess (which the policy pack would let
 * through: it is not *FullAccess): ReadOnlyAccess reads data too (s3:GetObject, dynamodb:Scan,
 * kinesis:GetRecords, ...) on every resource of the account, so every developer could read every
 * customer record of every environment. Here developers see configuration, metrics, alarms, logs
 * and execution history of the resources named in `read`, and list names on `"*"`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    LIST_ACTIONS,
    OPERATE_ACTIONS,
    OWN_USER_ACTIONS,
    PROTECTED_BUCKET_ACTIONS,
    PROTECTED_OBJECT_ACTIONS,
    READ_ACTIONS,
    TEAM_ACCESS_DEFAULTS,
    WITHOUT_MFA_ACTIONS,
} from "./defaults";

export {
    LIST_ACTIONS,
    OPERATE_ACTIONS,
    OWN_USER_ACTIONS,
    PROTECTED_BUCKET_ACTIONS,
    PROTECTED_OBJECT_ACTIONS,
    READ_ACTIONS,
    TEAM_ACCESS_DEFAULTS,
    WITHOUT_MFA_ACTIONS,
} from "./defaults";

/** ARNs, one list per kind of resource. Plain lists: an empty one leaves its statement out. */
type Arns = readonly pulumi.Input<string>[];

/** The environment's resources developers (and operators) may read. Each list defaults to none. */
export interface TeamReadArgs {
    /** Log groups: streams, events and Logs Insights queries. */
    readonly logGroupArns?: Arns;
    /** Lambda functions: configuration, concurrency, resource policy. */
    readonly functionArns?: Arns;
    /** DynamoDB tables: description, TTL, backups, stream destination; never items. */
    readonly tableArns?: Arns;
    /** Kinesis streams: description and shards; never records. */
    readonly streamArns?: Arns;
    /** SQS queues: attributes; never messages. */
    readonly queueArns?: Arns;
    /** SNS topics: attributes and subscriptions. */
    readonly topicArns?: Arns;
    /** Step Functions state machines: definition, executions and their history. */
    readonly stateMachineArns?: Arns;
    /** OpenSearch domains: configuration; never documents. */
    readonly searchDomainArns?: Arns;
    /** S3 buckets: configuration and object keys; never objects. */
    readonly bucketArns?: Arns;
}

/** What operators run. Each list defaults to none. */
export interface TeamOperateArgs {
    /** State machines whose executions operators may stop and redrive. */
    readonly stateMachineArns?: Arns;
    /** Functions operators may invoke and throttle (reserved concurrency). */
    readonly functionArns?: Arns;
    /** Dead-letter queues operators may read, clear and redrive from. */
    readonly deadLetterQueueArns?: Arns;
    /** Queues a redrive moves messages back into (the dead-letter queues' sources). */
    readonly redriveTargetQueueArns?: Arns;
    /** KMS keys of those queues: used through SQS only. */
    readonly queueKeyArns?: Arns;
}

/** Arguments for {@link TeamAccess}. */
export interface TeamAccessArgs {
    /**
     * The environment (`dev`, `prod`): 1..32 of lowercase letters, digits and hyphens, starting
     * with a letter. Prefixes every group and policy name, so environments sharing an account
     * keep apart. Plain string: renaming replaces the groups (and empties them).
     */
    readonly environment: string;
    /** The developers group's name after the prefix (`<environment>-developers`). Default "developers". */
    readonly developersGroupName?: string;
    /** The operators group's name after the prefix. Default "operators". */
    readonly operatorsGroupName?: string;
    /** IAM path of the groups and policies, `/` or `/a/b/`. Default "/lightspeed/". */
    readonly path?: string;
    /** What both groups may read. */
    readonly read: TeamReadArgs;
    /** What operators may run, beyond alarm actions on the account's alarms. Default none. */
    readonly operate?: TeamOperateArgs;
    /**
     * Buckets that hold artifacts or archives: nobody in either group may delete them, delete
     * their objects or object versions, or change their policy, versioning or lifecycle. Plain
     * list: empty leaves the deny policy out.
     */
    readonly protectedBucketArns: Arns;
    /** Tags for the policies (IAM groups take no tags). Default none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The IAM policy variable for the caller's user name, written literally into documents. */
export const IAM_USERNAME_VARIABLE = "${aws:username}";

const GROUP_NAME = /^[A-Za-z0-9+=,.@_-]+$/;

/** Validates {@link TeamAccessArgs}; throws naming the component and the argument. */
export function validateTeamAccessArgs(name: string, args: TeamAccessArgs): void {
    const where = `TeamAccess "${name}"`;
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(args.environment)) {
        throw new Error(
            `${where}: environment must be 1..32 of a-z, 0-9 and -, starting with a letter, got ${JSON.stringify(args.environment)}`,
        );
    }
    const developers = args.developersGroupName ?? TEAM_ACCESS_DEFAULTS.developersGroupName;
    const operators = args.operatorsGroupName ?? TEAM_ACCESS_DEFAULTS.operatorsGroupName;
    for (const [arg, value] of [
        ["developersGroupName", developers],
        ["operatorsGroupName", operators],
    ] as const) {
        const full = `${args.environment}-${value}`;
        if (!GROUP_NAME.test(value) || full.length > 128) {
            throw new Error(
                `${where}: ${arg} must be letters, digits and +=,.@_- with "${args.environment}-" in front at most 128 characters, got ${JSON.stringify(value)}`,
            );
        }
    }
    if (developers.toLowerCase() === operators.toLowerCase()) {
        throw new Error(
            `${where}: developersGroupName and operatorsGroupName must differ (IAM ignores case), got ${JSON.stringify(developers)} twice`,
        );
    }
    const path = args.path ?? TEAM_ACCESS_DEFAULTS.path;
    if (!/^\/(?:[A-Za-z0-9+=,.@_-]+\/)*$/.test(path) || path.length > 512) {
        throw new Error(`${where}: path must be "/" or "/a/b/", got ${JSON.stringify(path)}`);
    }
}

/** What the documents need to name this account's alarms, dashboards and IAM users. */
export interface AccountIds {
    readonly partition: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    /** `amazonaws.com` in the commercial partition. */
    readonly dnsSuffix: pulumi.Input<string>;
}

/** `arn:...:execution:<state machine>:*` for a state machine's ARN: all its executions. */
export function executionsOf(stateMachineArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi
        .output(stateMachineArn)
        .apply((arn) => `${arn.replace(":stateMachine:", ":execution:")}:*`);
}

function allow(
    sid: string,
    actions: readonly string[],
    resources: pulumi.Input<string>[],
): aws.iam.PolicyStatement {
    return { Sid: sid, Effect: "Allow", Action: [...actions], Resource: resources };
}

/** The developers' read document (operators get it too). */
export function readPolicyDocument(read: TeamReadArgs, ids: AccountIds): aws.iam.PolicyDocument {
    const { partition, region, accountId } = ids;
    const a = READ_ACTIONS;
    const statements: aws.iam.PolicyStatement[] = [
        // Every action here is one AWS authorizes only on "*".
        allow("ListResourcesAndReadMetrics", LIST_ACTIONS, ["*"]),
        allow("ReadAlarms", a.alarms, [
            pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*`,
        ]),
        allow("ReadDashboards", a.dashboards, [
            pulumi.interpolate`arn:${partition}:cloudwatch::${accountId}:dashboard/*`,
        ]),
    ];
    const add = (sid: string, actions: readonly string[], resources: pulumi.Input<string>[]) => {
        if (resources.length > 0) statements.push(allow(sid, actions, resources));
    };
    const logGroups = read.logGroupArns ?? [];
    add("ReadLogs", a.logGroups, [
        ...logGroups,
        ...logGroups.map((arn) => pulumi.interpolate`${arn}:*`),
    ]);
    add("ReadFunctions", a.functions, [...(read.functionArns ?? [])]);
    add("DescribeTables", a.tables, [...(read.tableArns ?? [])]);
    add("DescribeStreams", a.streams, [...(read.streamArns ?? [])]);
    add("DescribeQueues", a.queues, [...(read.queueArns ?? [])]);
    add("DescribeTopics", a.topics, [...(read.topicArns ?? [])]);
    add("ReadStateMachines", a.stateMachines, [...(read.stateMachineArns ?? [])]);
    add("ReadExecutions", a.executions, (read.stateMachineArns ?? []).map(executionsOf));
    add("DescribeSearchDomains", a.searchDomains, [...(read.searchDomainArns ?? [])]);
    add("DescribeBuckets", a.buckets, [...(read.bucketArns ?? [])]);
    return { Version: "2012-10-17", Statement: statements };
}

/** The operators' document. */
export function operatePolicyDocument(
    operate: TeamOperateArgs,
    ids: AccountIds,
): aws.iam.PolicyDocument {
    const { partition, region, accountId, dnsSuffix } = ids;
    const a = OPERATE_ACTIONS;
    const statements: aws.iam.PolicyStatement[] = [
        allow("AlarmActions", a.alarms, [
            pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*`,
        ]),
    ];
    const add = (sid: string, actions: readonly string[], resources: pulumi.Input<string>[]) => {
        if (resources.length > 0) statements.push(allow(sid, actions, resources));
    };
    add(
        "StopAndRedriveExecutions",
        a.executions,
        (operate.stateMachineArns ?? []).map(executionsOf),
    );
    add("InvokeAndThrottleFunctions", a.functions, [...(operate.functionArns ?? [])]);
    add("DrainDeadLetterQueues", a.deadLetterQueues, [...(operate.deadLetterQueueArns ?? [])]);
    add("RedriveIntoQueues", a.redriveTargets, [...(operate.redriveTargetQueueArns ?? [])]);
    const keys = [...(operate.queueKeyArns ?? [])];
    if (keys.length > 0) {
        statements.push({
            ...allow("QueueKeysThroughSqs", a.queueKeys, keys),
            Condition: {
                StringEquals: { "kms:ViaService": pulumi.interpolate`sqs.${region}.${dnsSuffix}` },
            },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * MFA for everything: without an MFA-authenticated session a user may only set up a virtual MFA
 * device and a password (on their own user), and exchange an MFA code for a session; every other
 * action is denied. `BoolIfExists` also denies when the key is absent (long-term access keys),
 * not only when it is false.
 */
export function requireMfaPolicyDocument(ids: AccountIds): aws.iam.PolicyDocument {
    const { partition, accountId } = ids;
    return {
        Version: "2012-10-17",
        Statement: [
            allow(
                "CreateOwnVirtualMfaDevice",
                ["iam:CreateVirtualMFADevice"],
                [pulumi.interpolate`arn:${partition}:iam::${accountId}:mfa/*`],
            ),
            allow("ManageOwnMfaAndPassword", OWN_USER_ACTIONS, [
                pulumi.interpolate`arn:${partition}:iam::${accountId}:user/${IAM_USERNAME_VARIABLE}`,
            ]),
            {
                Sid: "DenyAllButMfaSetUpWithoutMfa",
                Effect: "Deny",
                NotAction: [...WITHOUT_MFA_ACTIONS],
                Resource: "*",
                Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
            },
        ],
    };
}

/** The deny on deleting (or exposing) the protected buckets and their objects. */
export function protectBucketsPolicyDocument(bucketArns: Arns): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyDeletingProtectedBuckets",
                Effect: "Deny",
                Action: [...PROTECTED_BUCKET_ACTIONS],
                Resource: [...bucketArns],
            },
            {
                Sid: "DenyDeletingProtectedObjects",
                Effect: "Deny",
                Action: [...PROTECTED_OBJECT_ACTIONS],
                Resource: bucketArns.map((arn) => pulumi.interpolate`${arn}/*`),
            },
        ],
    };
}

/** The two groups and their policies. */
export class TeamAccess extends pulumi.ComponentResource {
    /** `<environment>-developers`: add people who read the environment. */
    public readonly developersGroupName: pulumi.Output<string>;
    public readonly developersGroupArn: pulumi.Output<string>;
    /** `<environment>-operators`: add people who run it. */
    public readonly operatorsGroupName: pulumi.Output<string>;
    public readonly operatorsGroupArn: pulumi.Output<string>;

    constructor(name: string, args: TeamAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        validateTeamAccessArgs(name, args);
        // No args as component inputs: they hold only Outputs of other components.
        super("lightspeed:index:TeamAccess", name, {}, opts);
        const env = args.environment;
        const path = args.path ?? TEAM_ACCESS_DEFAULTS.path;
        const partition = aws.getPartitionOutput({}, { parent: this });
        const ids: AccountIds = {
            partition: partition.partition,
            dnsSuffix: partition.dnsSuffix,
            region: aws.getRegionOutput({}, { parent: this }).region,
            accountId: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
        };

        const group = (suffix: string, groupName: string) =>
            new aws.iam.Group(
                `${name}-${suffix}`,
                { name: `${env}-${groupName}`, path },
                { parent: this },
            );
        const developers = group(
            "developers",
            args.developersGroupName ?? TEAM_ACCESS_DEFAULTS.developersGroupName,
        );
        const operators = group(
            "operators",
            args.operatorsGroupName ?? TEAM_ACCESS_DEFAULTS.operatorsGroupName,
        );

        const policy = (suffix: string, description: string, document: aws.iam.PolicyDocument) =>
            new aws.iam.Policy(
                `${name}-${suffix}`,
                {
                    name: `${env}-${suffix}`,
                    path,
                    description: `${description} (${env})`,
                    policy: document,
                    tags: args.tags,
                },
                { parent: this },
            );
        const requireMfa = policy(
            "require-mfa",
            "Denies everything but setting up MFA to a session without MFA",
            requireMfaPolicyDocument(ids),
        );
        const protectBuckets =
            args.protectedBucketArns.length > 0
                ? policy(
                      "protect-buckets",
                      "Denies deleting the artifact and archive buckets and their objects",
                      protectBucketsPolicyDocument(args.protectedBucketArns),
                  )
                : undefined;
        const read = policy(
            "read",
            "Reads the environment: configuration, metrics, alarms, logs; no data",
            readPolicyDocument(args.read, ids),
        );
        const operate = policy(
            "operate",
            "Runs the environment: alarm actions, executions, functions, dead-letter queues",
            operatePolicyDocument(args.operate ?? {}, ids),
        );

        // Named by group and policy, not position: dropping one leaves the others alone.
        const attachments: [string, aws.iam.Group, string, aws.iam.Policy | undefined][] = [
            ["developers", developers, "require-mfa", requireMfa],
            ["developers", developers, "protect-buckets", protectBuckets],
            ["developers", developers, "read", read],
            ["operators", operators, "require-mfa", requireMfa],
            ["operators", operators, "protect-buckets", protectBuckets],
            ["operators", operators, "read", read],
            ["operators", operators, "operate", operate],
        ];
        for (const [groupSuffix, target, policySuffix, p] of attachments) {
            if (p === undefined) continue;
            new aws.iam.GroupPolicyAttachment(
                `${name}-${groupSuffix}-${policySuffix}`,
                { group: target.name, policyArn: p.arn },
                { parent: this },
            );
        }

        this.developersGroupName = developers.name;
        this.developersGroupArn = developers.arn;
        this.operatorsGroupName = operators.name;
        this.operatorsGroupArn = operators.arn;
        this.registerOutputs({
            developersGroupName: this.developersGroupName,
            developersGroupArn: this.developersGroupArn,
            operatorsGroupName: this.operatorsGroupName,
            operatorsGroupArn: this.operatorsGroupArn,
        });
    }
}
