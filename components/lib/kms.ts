/**
 * Customer-managed KMS keys, one way: rotation on, the longest deletion window, and a key policy
 * in which the account (and through it, IAM policies) administers and uses the key with named
 * actions, and each AWS service that must use the key itself gets exactly the actions it needs,
 * scoped to this account.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * What the account keeps on its keys: administration and use, one by one, so no `kms:*` grant
 * exists. Without the administration actions a key could become unmanageable (AWS's lockout
 * check refuses such a policy).
 */
export const KEY_ACCOUNT_ACTIONS = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:CreateGrant",
    "kms:Decrypt",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
];

/** What an AWS service needs to encrypt and decrypt data with a key on a caller's behalf. */
export const KEY_SERVICE_DATA_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"];

/**
 * What CloudWatch Logs needs on a key that encrypts a log group: AWS documents it as
 * `kms:Encrypt*`, `kms:Decrypt*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:Describe*`;
 * these are exactly the key actions those patterns match, written out.
 */
export const KEY_LOGS_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:DescribeKey",
];

/** An AWS service that uses the key directly (not through a role of ours). */
export type KeyService =
    /** CloudWatch Logs, for log groups of this account in this region. */
    | "logs"
    /** CloudWatch alarms publishing to an encrypted SNS topic. */
    | "cloudwatch"
    /** SNS delivering to encrypted SQS queues. */
    | "sns"
    /** EventBridge delivering to encrypted SNS topics or SQS queues. */
    | "events";

/** Arguments for {@link createKey}. */
export interface KeyArgs {
    /** What the key protects; shown in the console. */
    readonly description: string;
    /** AWS services that use the key directly. Default none. */
    readonly services?: readonly KeyService[];
    /** Protect the key from deletion (deleting it makes its data unreadable). */
    readonly protect: boolean;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Days a scheduled deletion can still be cancelled: the AWS maximum. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/**
 * The key policy: the account administers and uses the key; each service in `services` may use it
 * for data, on behalf of this account only. Every value is known during a preview (it holds
 * invoke results, never an ARN created in the same run), so the policy pack can read it.
 */
export function keyPolicy(
    services: readonly KeyService[],
    ids: {
        accountId: pulumi.Input<string>;
        partition: pulumi.Input<string>;
        region: pulumi.Input<string>;
        dnsSuffix: pulumi.Input<string>;
    },
): aws.iam.PolicyDocument {
    const statements: aws.iam.PolicyStatement[] = [
        {
            Sid: "AccountAdministersAndUsesKey",
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:${ids.partition}:iam::${ids.accountId}:root` },
            Action: KEY_ACCOUNT_ACTIONS,
            // In a key policy, "*" means "this key": a key policy cannot name other keys.
            Resource: "*",
        },
    ];
    for (const service of services) {
        if (service === "logs") {
            statements.push({
                Sid: "CloudWatchLogsUsesKeyForThisAccountsLogGroups",
                Effect: "Allow",
                Principal: { Service: pulumi.interpolate`logs.${ids.region}.${ids.dnsSuffix}` },
                Action: KEY_LOGS_ACTIONS,
                // In a key policy, "*" means "this key".
                Resource: "*",
                Condition: {
                    ArnLike: {
                        "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${ids.partition}:logs:${ids.region}:${ids.accountId}:log-group:*`,
                    },
                },
            });
        } else {
            const label = { cloudwatch: "CloudWatchAlarms", sns: "Sns", events: "EventBridge" }[
                service
            ];
            statements.push({
                Sid: `${label}UsesKeyForThisAccount`,
                Effect: "Allow",
                Principal: { Service: `${service}.amazonaws.com` },
                Action: KEY_SERVICE_DATA_ACTIONS,
                // In a key policy, "*" means "this key".
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": ids.accountId } },
            });
        }
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** A customer-managed key with rotation and the key policy of {@link keyPolicy}. */
export function createKey(name: string, args: KeyArgs, parent: pulumi.Resource): aws.kms.Key {
    const partition = aws.getPartitionOutput({}, { parent });
    const identity = aws.getCallerIdentityOutput({}, { parent });
    const region = aws.getRegionOutput({}, { parent });
    const policy = keyPolicy(args.services ?? [], {
        accountId: identity.accountId,
        partition: partition.partition,
        region: region.region,
        dnsSuffix: partition.dnsSuffix,
    });
    return new aws.kms.Key(
        name,
        {
            description: args.description,
            enableKeyRotation: true,
            deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
            // aws.kms.Key#policy takes only a string (pulumi/pulumi-aws#2170). The document holds
            // invoke results and no id created in this run, so the JSON is still known, and
            // readable by the policy pack, during a preview.
            policy: pulumi.jsonStringify(policy),
            tags: args.tags,
        },
        { parent, protect: args.protect },
    );
}

/**
 * An identity statement letting the holder use `keyArn` only through one service (`kms:ViaService`
 * `<service>.<region>.<dnsSuffix>`): the grant a caller needs when that service calls KMS for it
 * (DynamoDB or SQS decrypting, SNS asking for a data key).
 */
export function keyThroughService(
    sid: string,
    actions: readonly string[],
    keyArn: pulumi.Input<string>,
    service: string,
    at: { region: pulumi.Input<string>; dnsSuffix: pulumi.Input<string> },
): aws.iam.PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: [...actions],
        Resource: [keyArn],
        Condition: {
            StringEquals: {
                "kms:ViaService": pulumi.interpolate`${service}.${at.region}.${at.dnsSuffix}`,
            },
        },
    };
}
