/** The one place TeamAccess' defaults and fixed action lists live (see TeamAccessArgs in ./index). */

/** Defaults for the optional TeamAccessArgs. */
export const TEAM_ACCESS_DEFAULTS = {
    developersGroupName: "developers",
    operatorsGroupName: "operators",
    /** IAM path of the groups and policies: keeps them apart from other teams' in listings. */
    path: "/lightspeed/",
} as const;

/**
 * Actions AWS authorizes only on `"*"` that the console needs to list what exists and draw
 * metrics; each is in the policy pack's ACTIONS_ONLY_ON_ANY_RESOURCE. Listing names is not
 * reading data.
 */
export const LIST_ACTIONS = [
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
] as const;

/**
 * What developers may do on each kind of resource: describe it and read its logs and history,
 * never its data (no dynamodb:GetItem/Query/Scan, kinesis:GetRecords, sqs:ReceiveMessage,
 * s3:GetObject, es:ESHttp*): the tables, streams, queues, archives and indexes hold customers'
 * data.
 */
export const READ_ACTIONS = {
    logGroups: [
        "logs:DescribeLogStreams",
        "logs:FilterLogEvents",
        "logs:GetLogEvents",
        "logs:StartQuery",
    ],
    functions: [
        "lambda:GetFunction",
        "lambda:GetFunctionConfiguration",
        "lambda:GetFunctionConcurrency",
        "lambda:GetFunctionEventInvokeConfig",
        "lambda:GetPolicy",
    ],
    tables: [
        "dynamodb:DescribeTable",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:DescribeKinesisStreamingDestination",
    ],
    streams: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards"],
    queues: ["sqs:GetQueueAttributes", "sqs:ListDeadLetterSourceQueues", "sqs:ListQueueTags"],
    topics: ["sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic"],
    stateMachines: ["states:DescribeStateMachine", "states:ListExecutions"],
    executions: ["states:DescribeExecution", "states:GetExecutionHistory"],
    searchDomains: ["es:DescribeDomain", "es:DescribeDomainConfig"],
    buckets: [
        "s3:GetBucketLocation",
        "s3:GetBucketVersioning",
        "s3:GetBucketPolicy",
        "s3:GetLifecycleConfiguration",
        "s3:GetEncryptionConfiguration",
        "s3:ListBucket",
    ],
    alarms: ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"],
    dashboards: ["cloudwatch:GetDashboard"],
} as const;

/** What operators may do to run the platform, by kind of resource. */
export const OPERATE_ACTIONS = {
    /** Silence an alarm during maintenance, and test its path to the team. */
    alarms: [
        "cloudwatch:DisableAlarmActions",
        "cloudwatch:EnableAlarmActions",
        "cloudwatch:SetAlarmState",
    ],
    /** Cancel a stuck reminder; run a failed one again from where it failed. */
    executions: ["states:StopExecution", "states:RedriveExecution"],
    /** Run a function by hand; throttle a misbehaving consumer to 0 and back. */
    functions: [
        "lambda:InvokeFunction",
        "lambda:PutFunctionConcurrency",
        "lambda:DeleteFunctionConcurrency",
    ],
    /** Read and clear dead-letter queues, and move their messages back (SQS redrive). */
    deadLetterQueues: [
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:StartMessageMoveTask",
        "sqs:CancelMessageMoveTask",
        "sqs:ListMessageMoveTasks",
    ],
    /** The queues a redrive moves messages into. */
    redriveTargets: ["sqs:SendMessage"],
    /** The queues' keys, through SQS only. */
    queueKeys: ["kms:Decrypt", "kms:GenerateDataKey"],
} as const;

/**
 * What a user may do without MFA: exactly what setting up a virtual MFA device and a first
 * password needs (AWS's "manage own MFA" example), plus sts:GetSessionToken, with which a CLI
 * user exchanges an MFA code for MFA-authenticated credentials.
 */
export const WITHOUT_MFA_ACTIONS = [
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:ListMFADevices",
    "iam:ResyncMFADevice",
    "iam:GetUser",
    "iam:ChangePassword",
    "sts:GetSessionToken",
] as const;

/** The MFA set-up actions on the user's own IAM user (`user/${aws:username}`). */
export const OWN_USER_ACTIONS = [
    "iam:EnableMFADevice",
    "iam:ListMFADevices",
    "iam:ResyncMFADevice",
    "iam:GetUser",
    "iam:ChangePassword",
] as const;

/**
 * Denied on the protected buckets themselves: deleting them, and the changes that delete or
 * expose their contents indirectly (an expiring lifecycle rule, suspended versioning, a rewritten
 * or removed bucket policy).
 */
export const PROTECTED_BUCKET_ACTIONS = [
    "s3:DeleteBucket",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketPolicy",
    "s3:PutBucketVersioning",
    "s3:PutLifecycleConfiguration",
] as const;

/** Denied on the protected buckets' objects: deleting an object or any version of it. */
export const PROTECTED_OBJECT_ACTIONS = ["s3:DeleteObject", "s3:DeleteObjectVersion"] as const;
