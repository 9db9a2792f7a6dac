/**
 * The IAM documents AppPlatform writes, as objects, so the policy pack reads their actions,
 * principals and condition keys during a preview even while the ARNs in them are unknown.
 *
 * Pod roles use EKS Pod Identity, not IRSA. With IRSA a role's trust conditions are keyed by the
 * cluster's OIDC issuer (`oidc.eks.<region>.amazonaws.com/id/<id>:sub`), which does not exist
 * until the cluster does: in a first preview the condition keys themselves are unknown, so the
 * whole Condition block is unreadable and the pack's IAM rules fail closed. Pod Identity trusts
 * one service principal (`pods.eks.amazonaws.com`) and pins the cluster, namespace and service
 * account with session tags whose keys are constants; only their values are outputs.
 */
import type * as aws from "@pulumi/aws";
import { denyInsecureTransport } from "../lib/iam";
import * as pulumi from "@pulumi/pulumi";
import { keyPolicy, keyThroughService } from "../lib/kms";
import type { KeyService } from "../lib/kms";

/** The service principal EKS Pod Identity assumes pod roles as. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/** What Pod Identity calls: AssumeRole, with the session tags the conditions below read. */
export const POD_IDENTITY_TRUST_ACTIONS: readonly string[] = ["sts:AssumeRole", "sts:TagSession"];

/**
 * A pod role's trust policy: only EKS Pod Identity of this account, only for the one cluster,
 * namespace and service account (the `eks-cluster-arn`, `kubernetes-namespace` and
 * `kubernetes-service-account` session tags Pod Identity sets on every session it starts).
 */
export function podIdentityTrustPolicy(ids: {
    accountId: pulumi.Input<string>;
    clusterArn: pulumi.Input<string>;
    namespace: pulumi.Input<string>;
    serviceAccount: pulumi.Input<string>;
}): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EksPodIdentityForOneServiceAccount",
                Effect: "Allow",
                Principal: { Service: POD_IDENTITY_PRINCIPAL },
                Action: [...POD_IDENTITY_TRUST_ACTIONS],
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": ids.accountId,
                        "aws:RequestTag/eks-cluster-arn": ids.clusterArn,
                        "aws:RequestTag/kubernetes-namespace": ids.namespace,
                        "aws:RequestTag/kubernetes-service-account": ids.serviceAccount,
                    },
                },
            },
        ],
    };
}

/** The node role's trust policy: EC2 instances (the node group's), nothing else. */
export function nodeTrustPolicy(): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Ec2NodesAssumeNodeRole",
                Effect: "Allow",
                Principal: { Service: "ec2.amazonaws.com" },
                Action: "sts:AssumeRole",
            },
        ],
    };
}

/** The DynamoDB item actions the app performs on the pipeline's tables. */
export const APP_TABLE_ACTIONS: readonly string[] = [
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
];

/** The one action the app needs on the tables' indexes (they are read-only projections). */
export const APP_INDEX_ACTIONS: readonly string[] = ["dynamodb:Query"];

/** What the app does with the messages of the queues it consumes. */
export const APP_QUEUE_ACTIONS: readonly string[] = [
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibility",
    "sqs:GetQueueAttributes",
];

/** What SNS calls KMS with on a publisher's behalf for an encrypted topic. */
export const TOPIC_KEY_ACTIONS: readonly string[] = ["kms:GenerateDataKey", "kms:Decrypt"];

/** What the app reads its own secrets with. */
export const APP_SECRET_ACTIONS: readonly string[] = [
    "secretsmanager:GetSecretValue",
    "secretsmanager:DescribeSecret",
];

/** The Sids of the app policy's own statements (a merged document must not reuse them). */
export const APP_STATEMENT_SIDS: readonly string[] = [
    "PipelineTableItems",
    "PipelineTableIndexes",
    "DecryptPipelineTables",
    "ConsumeQueues",
    "DecryptQueueMessages",
    "PublishEvents",
    "EncryptEvents",
    "ReadOwnSecrets",
];

/**
 * The app role's statements: item access to the pipeline's tables, and kms:Decrypt on their
 * customer-managed key through DynamoDB only (DynamoDB decrypts the table key with the caller's
 * permission: without it every read and write is refused); consuming the app's queues, with
 * kms:Decrypt through SQS; publishing to the topic (and the data key SNS asks for under the
 * topic key, only through SNS); the reminder machine's statements as ReminderWorkflow writes
 * them; and reading the app's own secrets. Nothing else; a section whose argument is absent is
 * left out.
 */
export function appStatements(grants: {
    tableArns: readonly pulumi.Input<string>[];
    tableKeyArn?: pulumi.Input<string>;
    queueArns?: readonly pulumi.Input<string>[];
    queueKeyArn?: pulumi.Input<string>;
    topicArn?: pulumi.Input<string>;
    topicKeyArn?: pulumi.Input<string>;
    reminderPolicyDocument?: aws.iam.PolicyDocument;
    secretArns: readonly pulumi.Input<string>[];
    region: pulumi.Input<string>;
    dnsSuffix: pulumi.Input<string>;
}): aws.iam.PolicyStatement[] {
    const statements: aws.iam.PolicyStatement[] = [];
    if (grants.tableArns.length > 0) {
        statements.push(
            {
                Sid: "PipelineTableItems",
                Effect: "Allow",
                Action: [...APP_TABLE_ACTIONS],
                Resource: [...grants.tableArns],
            },
            {
                Sid: "PipelineTableIndexes",
                Effect: "Allow",
                Action: [...APP_INDEX_ACTIONS],
                Resource: grants.tableArns.map((arn) => pulumi.interpolate`${arn}/index/*`),
            },
        );
    }
    if (grants.tableArns.length > 0 && grants.tableKeyArn !== undefined) {
        statements.push(
            keyThroughService(
                "DecryptPipelineTables",
                ["kms:Decrypt"],
                grants.tableKeyArn,
                "dynamodb",
                grants,
            ),
        );
    }
    const queueArns = grants.queueArns ?? [];
    if (queueArns.length > 0) {
        statements.push({
            Sid: "ConsumeQueues",
            Effect: "Allow",
            Action: [...APP_QUEUE_ACTIONS],
            Resource: [...queueArns],
        });
        if (grants.queueKeyArn !== undefined) {
            statements.push(
                keyThroughService(
                    "DecryptQueueMessages",
                    ["kms:Decrypt"],
                    grants.queueKeyArn,
                    "sqs",
                    grants,
                ),
            );
        }
    }
    if (grants.topicArn !== undefined) {
        statements.push({
            Sid: "PublishEvents",
            Effect: "Allow",
            Action: ["sns:Publish"],
            Resource: [grants.topicArn],
        });
    }
    if (grants.topicKeyArn !== undefined) {
        statements.push(
            keyThroughService(
                "EncryptEvents",
                TOPIC_KEY_ACTIONS,
                grants.topicKeyArn,
                "sns",
                grants,
            ),
        );
    }
    if (grants.reminderPolicyDocument !== undefined) {
        // An object with Output fields, so its statements are merged as they are and stay
        // readable in a preview (validated: a plain list).
        statements.push(...(grants.reminderPolicyDocument.Statement as aws.iam.PolicyStatement[]));
    }
    if (grants.secretArns.length > 0) {
        statements.push({
            Sid: "ReadOwnSecrets",
            Effect: "Allow",
            Action: [...APP_SECRET_ACTIONS],
            Resource: [...grants.secretArns],
        });
    }
    return statements;
}

/**
 * What Fluent Bit's OpenSearch output calls: one POST to `/_bulk` per flush, nothing else
 * (fluent/fluent-bit `plugins/out_opensearch/opensearch.c`, `cb_opensearch_flush`; the index is
 * created by the first `_bulk` write). Its `path` and `pipeline` options would change the path;
 * {@link fluentBitValues} sets neither.
 */
export const LOG_SHIPPING_SEARCH_ACTIONS: readonly string[] = ["es:ESHttpPost"];
/** The one path Fluent Bit's OpenSearch output writes to (see {@link LOG_SHIPPING_SEARCH_ACTIONS}). */
export const LOG_SHIPPING_SEARCH_PATH = "/_bulk";

/** What Fluent Bit's cloudwatch_logs output calls on an existing group (auto_create_group off). */
export const LOG_SHIPPING_LOGS_ACTIONS: readonly string[] = [
    "logs:CreateLogStream",
    "logs:PutLogEvents",
];

/** The log shipper's statements: its own log group and streams, and the search domain's `_bulk`. */
export function logShippingStatements(targets: {
    logGroupArn: pulumi.Input<string>;
    searchDomainArn?: pulumi.Input<string>;
}): aws.iam.PolicyStatement[] {
    const statements: aws.iam.PolicyStatement[] = [
        {
            Sid: "ShipToLogGroup",
            Effect: "Allow",
            Action: [...LOG_SHIPPING_LOGS_ACTIONS],
            Resource: [targets.logGroupArn, pulumi.interpolate`${targets.logGroupArn}:*`],
        },
    ];
    if (targets.searchDomainArn !== undefined) {
        statements.push({
            Sid: "ShipToSearchDomain",
            Effect: "Allow",
            Action: [...LOG_SHIPPING_SEARCH_ACTIONS],
            Resource: [pulumi.interpolate`${targets.searchDomainArn}${LOG_SHIPPING_SEARCH_PATH}`],
        });
    }
    return statements;
}

/**
 * The AWS Load Balancer Controller's policy: AWS's `docs/install/iam_policy.json` of controller
 * v2.14 (kubernetes-sigs/aws-load-balancer-controller), statement for statement, with Sids added.
 * Many statements grant on `*`, because the controller creates the load balancers, target groups
 * and security groups it then manages (their ARNs do not exist in advance) and scopes itself with
 * the `elbv2.k8s.aws/cluster` tag conditions instead. The pack's `iam-no-wildcard-resources`
 * flags those; the stack's policy config waives it for this one policy, with that reason.
 * Keep it in step with the chart's controller version (APP_PLATFORM_FIXED.loadBalancerController).
 */
export function loadBalancerControllerPolicy(
    partition: pulumi.Input<string>,
): aws.iam.PolicyDocument {
    const elb = (rest: string) =>
        pulumi.interpolate`arn:${partition}:elasticloadbalancing:*:*:${rest}`;
    const securityGroups = pulumi.interpolate`arn:${partition}:ec2:*:*:security-group/*`;
    const clusterTag = "elbv2.k8s.aws/cluster";
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CreateElbServiceLinkedRole",
                Effect: "Allow",
                Action: ["iam:CreateServiceLinkedRole"],
                Resource: "*",
                Condition: {
                    StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
                },
            },
            {
                Sid: "Describe",
                Effect: "Allow",
                Action: [
                    "ec2:DescribeAccountAttributes",
                    "ec2:DescribeAddresses",
                    "ec2:DescribeAvailabilityZones",
                    "ec2:DescribeInternetGateways",
                    "ec2:DescribeVpcs",
                    "ec2:DescribeVpcPeeringConnections",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeInstances",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeTags",
                    "ec2:GetCoipPoolUsage",
                    "ec2:DescribeCoipPools",
                    "ec2:GetSecurityGroupsForVpc",
                    "ec2:DescribeIpamPools",
                    "ec2:DescribeRouteTables",
                    "elasticloadbalancing:DescribeLoadBalancers",
                    "elasticloadbalancing:DescribeLoadBalancerAttributes",
                    "elasticloadbalancing:DescribeListeners",
                    "elasticloadbalancing:DescribeListenerCertificates",
                    "elasticloadbalancing:DescribeSSLPolicies",
                    "elasticloadbalancing:DescribeRules",
                    "elasticloadbalancing:DescribeTargetGroups",
                    "elasticloadbalancing:DescribeTargetGroupAttributes",
                    "elasticloadbalancing:DescribeTargetHealth",
                    "elasticloadbalancing:DescribeTags",
                    "elasticloadbalancing:DescribeTrustStores",
                    "elasticloadbalancing:DescribeListenerAttributes",
                    "elasticloadbalancing:DescribeCapacityReservation",
                ],
                Resource: "*",
            },
            {
                Sid: "CertificatesAndFirewalls",
                Effect: "Allow",
                Action: [
                    "cognito-idp:DescribeUserPoolClient",
                    "acm:ListCertificates",
                    "acm:DescribeCertificate",
                    "iam:ListServerCertificates",
                    "iam:GetServerCertificate",
                    "waf-regional:GetWebACL",
                    "waf-regional:GetWebACLForResource",
                    "waf-regional:AssociateWebACL",
                    "waf-regional:DisassociateWebACL",
                    "wafv2:GetWebACL",
                    "wafv2:GetWebACLForResource",
                    "wafv2:AssociateWebACL",
                    "wafv2:DisassociateWebACL",
                    "shield:GetSubscriptionState",
                    "shield:DescribeProtection",
                    "shield:CreateProtection",
                    "shield:DeleteProtection",
                ],
                Resource: "*",
            },
            {
                Sid: "SecurityGroupIngress",
                Effect: "Allow",
                Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
                Resource: "*",
            },
            {
                Sid: "CreateSecurityGroup",
                Effect: "Allow",
                Action: ["ec2:CreateSecurityGroup"],
                Resource: "*",
            },
            {
                Sid: "TagNewSecurityGroup",
                Effect: "Allow",
                Action: ["ec2:CreateTags"],
                Resource: securityGroups,
                Condition: {
                    StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" },
                    Null: { [`aws:RequestTag/${clusterTag}`]: "false" },
                },
            },
            {
                Sid: "RetagOwnSecurityGroups",
                Effect: "Allow",
                Action: ["ec2:CreateTags", "ec2:DeleteTags"],
                Resource: securityGroups,
                Condition: {
                    Null: {
                        [`aws:RequestTag/${clusterTag}`]: "true",
                        [`aws:ResourceTag/${clusterTag}`]: "false",
                    },
                },
            },
            {
                Sid: "ManageOwnSecurityGroups",
                Effect: "Allow",
                Action: [
                    "ec2:AuthorizeSecurityGroupIngress",
                    "ec2:RevokeSecurityGroupIngress",
                    "ec2:DeleteSecurityGroup",
                ],
                Resource: "*",
                Condition: { Null: { [`aws:ResourceTag/${clusterTag}`]: "false" } },
            },
            {
                Sid: "CreateTaggedLoadBalancers",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:CreateLoadBalancer",
                    "elasticloadbalancing:CreateTargetGroup",
                ],
                Resource: "*",
                Condition: { Null: { [`aws:RequestTag/${clusterTag}`]: "false" } },
            },
            {
                Sid: "ListenersAndRules",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:CreateListener",
                    "elasticloadbalancing:DeleteListener",
                    "elasticloadbalancing:CreateRule",
                    "elasticloadbalancing:DeleteRule",
                ],
                Resource: "*",
            },
            {
                Sid: "RetagOwnLoadBalancers",
                Effect: "Allow",
                Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
                Resource: [
                    elb("targetgroup/*/*"),
                    elb("loadbalancer/net/*/*"),
                    elb("loadbalancer/app/*/*"),
                ],
                Condition: {
                    Null: {
                        [`aws:RequestTag/${clusterTag}`]: "true",
                        [`aws:ResourceTag/${clusterTag}`]: "false",
                    },
                },
            },
            {
                Sid: "TagListenersAndRules",
                Effect: "Allow",
                Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
                Resource: [
                    elb("listener/net/*/*/*"),
                    elb("listener/app/*/*/*"),
                    elb("listener-rule/net/*/*/*"),
                    elb("listener-rule/app/*/*/*"),
                ],
            },
            {
                Sid: "ManageOwnLoadBalancers",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:ModifyLoadBalancerAttributes",
                    "elasticloadbalancing:SetIpAddressType",
                    "elasticloadbalancing:SetSecurityGroups",
                    "elasticloadbalancing:SetSubnets",
                    "elasticloadbalancing:DeleteLoadBalancer",
                    "elasticloadbalancing:ModifyTargetGroup",
                    "elasticloadbalancing:ModifyTargetGroupAttributes",
                    "elasticloadbalancing:DeleteTargetGroup",
                    "elasticloadbalancing:ModifyListenerAttributes",
                    "elasticloadbalancing:ModifyCapacityReservation",
                    "elasticloadbalancing:ModifyIpPools",
                ],
                Resource: "*",
                Condition: { Null: { [`aws:ResourceTag/${clusterTag}`]: "false" } },
            },
            {
                Sid: "TagOnCreate",
                Effect: "Allow",
                Action: ["elasticloadbalancing:AddTags"],
                Resource: [
                    elb("targetgroup/*/*"),
                    elb("loadbalancer/net/*/*"),
                    elb("loadbalancer/app/*/*"),
                ],
                Condition: {
                    StringEquals: {
                        "elasticloadbalancing:CreateAction": [
                            "CreateTargetGroup",
                            "CreateLoadBalancer",
                        ],
                    },
                    Null: { [`aws:RequestTag/${clusterTag}`]: "false" },
                },
            },
            {
                Sid: "RegisterTargets",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:RegisterTargets",
                    "elasticloadbalancing:DeregisterTargets",
                ],
                Resource: elb("targetgroup/*/*"),
            },
            {
                Sid: "ListenerSettings",
                Effect: "Allow",
                Action: [
                    "elasticloadbalancing:SetWebAcl",
                    "elasticloadbalancing:ModifyListener",
                    "elasticloadbalancing:AddListenerCertificates",
                    "elasticloadbalancing:RemoveListenerCertificates",
                    "elasticloadbalancing:ModifyRule",
                    "elasticloadbalancing:SetRulePriorities",
                ],
                Resource: "*",
            },
        ],
    };
}

/** What the Auto Scaling service-linked role uses an EBS key with to launch encrypted nodes. */
export const NODE_VOLUME_KEY_ACTIONS: readonly string[] = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:DescribeKey",
];

/**
 * The platform key's policy: lib/kms's (the account administers and uses it; CloudWatch Logs
 * encrypts this account's log groups) and, for a stack whose nodes boot from volumes under this
 * key, the Auto Scaling service-linked role, which launches a managed node group's instances and
 * so must use the key and create grants for the volumes (AWS's "required key policy for use with
 * encrypted volumes"). The role must exist in the account: Auto Scaling creates it with the first
 * group, or `aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com`.
 */
export function platformKeyPolicy(
    services: readonly KeyService[],
    nodeVolumes: boolean,
    ids: {
        accountId: pulumi.Input<string>;
        partition: pulumi.Input<string>;
        region: pulumi.Input<string>;
        dnsSuffix: pulumi.Input<string>;
    },
): aws.iam.PolicyDocument {
    const base = keyPolicy(services, ids);
    if (!nodeVolumes) return base;
    const autoScaling = pulumi.interpolate`arn:${ids.partition}:iam::${ids.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
    return {
        ...base,
        Statement: [
            ...(base.Statement as aws.iam.PolicyStatement[]),
            {
                Sid: "AutoScalingUsesKeyForNodeVolumes",
                Effect: "Allow",
                Principal: { AWS: autoScaling },
                Action: [...NODE_VOLUME_KEY_ACTIONS],
                // In a key policy, "*" means "this key".
                Resource: "*",
            },
            {
                Sid: "AutoScalingGrantsKeyToNodeVolumes",
                Effect: "Allow",
                Principal: { AWS: autoScaling },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
        ],
    };
}

/**
 * The access-log bucket's policy: TLS only, and the region's Elastic Load Balancing account may
 * write objects under `<prefix>/AWSLogs/<this account>/` only (what AWS documents for regions
 * opened before August 2022, which use an account principal; `elbAccountArn` comes from
 * aws.elb.getServiceAccount).
 */
export function accessLogBucketPolicy(
    bucketArn: pulumi.Input<string>,
    prefix: string,
    accountId: pulumi.Input<string>,
    elbAccountArn: pulumi.Input<string>,
): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport("s3:*", [bucketArn, pulumi.interpolate`${bucketArn}/*`]),
            {
                Sid: "ElbWritesAccessLogs",
                Effect: "Allow",
                Principal: { AWS: elbAccountArn },
                Action: "s3:PutObject",
                Resource: pulumi.interpolate`${bucketArn}/${prefix}/AWSLogs/${accountId}/*`,
            },
        ],
    };
}

/**
 * An ECR lifecycle policy: untagged images expire a week after their push, and only the newest
 * `keepTagged` tagged images are kept. ECR applies the lowest priority first.
 */
export function ecrLifecyclePolicy(keepTagged: number, untaggedDays: number): object {
    return {
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images ${untaggedDays} days after their push`,
                selection: {
                    tagStatus: "untagged",
                    countType: "sinceImagePushed",
                    countUnit: "days",
                    countNumber: untaggedDays,
                },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the newest ${keepTagged} tagged images`,
                selection: {
                    tagStatus: "tagged",
                    tagPatternList: ["*"],
                    countType: "imageCountMoreThan",
                    countNumber: keepTagged,
                },
                action: { type: "expire" },
            },
        ],
    };
}
