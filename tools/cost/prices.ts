/**
 * The price table of `npm run plan -- --cost`: us-east-1 (N. Virginia) on-demand list prices in
 * USD, dated, each with the AWS pricing page it comes from. Free tiers are not applied: they are
 * per account and shared by every stack in it.
 *
 * `checked` says how each price was verified on {@link PRICES_AS_OF}: "confirmed" prices were
 * matched against the public page named in `checkedAgainst` (the AWS page itself or a dated
 * third-party copy of its us-east-1 figures); "unconfirmed" prices are the list prices as known to
 * the author on that date and could not be matched against a stored copy of a public page. Update a
 * price here, with its date and source, when AWS changes it; nothing else needs to change.
 */

/** The date every price below was taken or checked. */
export const PRICES_AS_OF = "2026-11-28";

/** The one region these prices are for. */
export const PRICE_REGION = "us-east-1";

/** Hours in a month, as AWS's pricing pages and calculator count them. */
export const HOURS_PER_MONTH = 730;

/** One price: what a unit costs, where the figure comes from, and how it was checked. */
export interface Price {
    readonly usd: number;
    /** The billing unit, as the pricing page words it. */
    readonly unit: string;
    /** The AWS pricing page the price is published on. */
    readonly source: string;
    readonly checked: "confirmed" | "unconfirmed";
    /** For confirmed prices: the public page the figure was matched against. */
    readonly checkedAgainst?: string;
}

const EKS = "https://aws.amazon.com/eks/pricing/";
const EC2 = "https://aws.amazon.com/ec2/pricing/on-demand/";
const EBS = "https://aws.amazon.com/ebs/pricing/";
const VPC = "https://aws.amazon.com/vpc/pricing/";
const PRIVATELINK = "https://aws.amazon.com/privatelink/pricing/";
const OPENSEARCH = "https://aws.amazon.com/opensearch-service/pricing/";
const ELASTICACHE = "https://aws.amazon.com/elasticache/pricing/";
const KINESIS = "https://aws.amazon.com/kinesis/data-streams/pricing/";
const FIREHOSE = "https://aws.amazon.com/firehose/pricing/";
const DYNAMODB = "https://aws.amazon.com/dynamodb/pricing/on-demand/";
const LAMBDA = "https://aws.amazon.com/lambda/pricing/";
const XRAY = "https://aws.amazon.com/xray/pricing/";
const S3 = "https://aws.amazon.com/s3/pricing/";
const CLOUDFRONT = "https://aws.amazon.com/cloudfront/pricing/";
const CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
const KMS = "https://aws.amazon.com/kms/pricing/";
const SECRETS = "https://aws.amazon.com/secrets-manager/pricing/";
const ELB = "https://aws.amazon.com/elasticloadbalancing/pricing/";
const SNS = "https://aws.amazon.com/sns/pricing/";
const SQS = "https://aws.amazon.com/sqs/pricing/";
const SFN = "https://aws.amazon.com/step-functions/pricing/";
const ECR = "https://aws.amazon.com/ecr/pricing/";
const ROUTE53 = "https://aws.amazon.com/route53/pricing/";
const SCHEDULER = "https://aws.amazon.com/eventbridge/pricing/";

function confirmed(usd: number, unit: string, source: string, checkedAgainst: string): Price {
    return { usd, unit, source, checked: "confirmed", checkedAgainst };
}

function unconfirmed(usd: number, unit: string, source: string): Price {
    return { usd, unit, source, checked: "unconfirmed" };
}

/** Every price the estimator uses, by name. */
export const PRICES = {
    eksClusterHour: confirmed(
        0.1,
        "per cluster-hour (standard Kubernetes version support)",
        EKS,
        "https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/",
    ),
    natGatewayHour: confirmed(
        0.045,
        "per NAT gateway-hour",
        VPC,
        "https://basavytix.com/blog/aws-nat-gateway-pricing",
    ),
    natGatewayGb: confirmed(
        0.045,
        "per GB processed by a NAT gateway",
        VPC,
        "https://basavytix.com/blog/aws-nat-gateway-pricing",
    ),
    publicIpv4Hour: confirmed(
        0.005,
        "per public IPv4 address-hour (a NAT gateway's Elastic IP)",
        VPC,
        "https://cloudburn.io/blog/aws-nat-gateway-pricing",
    ),
    interfaceEndpointAzHour: confirmed(
        0.01,
        "per interface VPC endpoint per AZ-hour",
        PRIVATELINK,
        "https://www.egresscost.com/nat-gateway",
    ),
    interfaceEndpointGb: confirmed(
        0.01,
        "per GB processed (first PB a month)",
        PRIVATELINK,
        "https://aws.amazon.com/privatelink/pricing/",
    ),
    ebsGp3GbMonth: unconfirmed(0.08, "per GB-month of gp3 volume", EBS),
    ebsGp2GbMonth: unconfirmed(0.1, "per GB-month of gp2 volume", EBS),
    opensearchGp3GbMonth: unconfirmed(
        0.122,
        "per GB-month of gp3 EBS on an OpenSearch node",
        OPENSEARCH,
    ),
    opensearchGp2GbMonth: unconfirmed(
        0.135,
        "per GB-month of gp2 EBS on an OpenSearch node",
        OPENSEARCH,
    ),
    kinesisOnDemandStreamHour: unconfirmed(0.04, "per on-demand stream-hour", KINESIS),
    kinesisOnDemandGbIn: unconfirmed(0.08, "per GB written (on-demand)", KINESIS),
    kinesisOnDemandGbOut: unconfirmed(0.04, "per GB read (on-demand)", KINESIS),
    kinesisOnDemandRetentionGbMonth: unconfirmed(
        0.1,
        "per GB-month stored beyond 24 hours, up to 7 days (on-demand)",
        KINESIS,
    ),
    kinesisShardHour: confirmed(
        0.015,
        "per shard-hour (provisioned)",
        KINESIS,
        "https://c3x.dev/resources/aws/aws_kinesis_stream",
    ),
    kinesisPutUnitsMillion: unconfirmed(
        0.014,
        "per million PUT payload units (provisioned)",
        KINESIS,
    ),
    kinesisExtendedRetentionShardHour: confirmed(
        0.02,
        "per shard-hour of retention beyond 24 hours (provisioned)",
        KINESIS,
        "https://c3x.dev/resources/aws/aws_kinesis_stream",
    ),
    firehoseGb: unconfirmed(0.029, "per GB ingested (first 500 TB a month)", FIREHOSE),
    dynamodbWriteMillion: confirmed(
        0.625,
        "per million write request units (on-demand)",
        DYNAMODB,
        "https://www.linkedin.com/pulse/amazon-dynamodb-pricing-explained-detailed-breakdown-examples-raheja-u9bbc",
    ),
    dynamodbReadMillion: confirmed(
        0.125,
        "per million read request units (on-demand)",
        DYNAMODB,
        "https://www.linkedin.com/pulse/amazon-dynamodb-pricing-explained-detailed-breakdown-examples-raheja-u9bbc",
    ),
    dynamodbWcuHour: confirmed(
        0.00065,
        "per write capacity unit-hour (provisioned)",
        "https://aws.amazon.com/dynamodb/pricing/provisioned/",
        "https://www.linkedin.com/pulse/amazon-dynamodb-pricing-explained-detailed-breakdown-examples-raheja-u9bbc",
    ),
    dynamodbRcuHour: confirmed(
        0.00013,
        "per read capacity unit-hour (provisioned)",
        "https://aws.amazon.com/dynamodb/pricing/provisioned/",
        "https://www.linkedin.com/pulse/amazon-dynamodb-pricing-explained-detailed-breakdown-examples-raheja-u9bbc",
    ),
    dynamodbStorageGbMonth: confirmed(
        0.25,
        "per GB-month stored (Standard table class)",
        DYNAMODB,
        "https://aws.amazon.com/dynamodb/pricing/",
    ),
    dynamodbPitrGbMonth: unconfirmed(0.2, "per GB-month of continuous backup (PITR)", DYNAMODB),
    dynamodbCdcMillion: unconfirmed(
        0.1,
        "per million change data capture units (Kinesis Data Streams for DynamoDB)",
        DYNAMODB,
    ),
    lambdaRequestsMillion: confirmed(
        0.2,
        "per million requests",
        LAMBDA,
        "https://cloudchipr.com/blog/aws-lambda-pricing",
    ),
    lambdaGbSecondX86: confirmed(
        0.0000166667,
        "per GB-second (x86_64)",
        LAMBDA,
        "https://cloudchipr.com/blog/aws-lambda-pricing",
    ),
    lambdaGbSecondArm: confirmed(
        0.0000133334,
        "per GB-second (arm64)",
        LAMBDA,
        "https://cloudchipr.com/blog/aws-lambda-pricing",
    ),
    xrayTracesMillion: unconfirmed(5, "per million traces recorded", XRAY),
    s3StandardGbMonth: unconfirmed(0.023, "per GB-month (S3 Standard, first 50 TB)", S3),
    s3PutThousand: unconfirmed(0.005, "per 1,000 PUT, COPY, POST or LIST requests", S3),
    s3GetThousand: unconfirmed(0.0004, "per 1,000 GET and other requests", S3),
    cloudfrontGbOut: unconfirmed(
        0.085,
        "per GB to the internet (first 10 TB, North America and Europe)",
        CLOUDFRONT,
    ),
    cloudfrontHttpsTenThousand: unconfirmed(0.01, "per 10,000 HTTPS requests", CLOUDFRONT),
    cloudfrontInvalidationPath: unconfirmed(
        0.005,
        "per invalidation path beyond the first 1,000 a month",
        CLOUDFRONT,
    ),
    logsIngestGb: confirmed(
        0.5,
        "per GB ingested (standard log class, first 10 TB of vended logs)",
        CLOUDWATCH,
        "https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/",
    ),
    logsStoredGbMonth: unconfirmed(0.03, "per GB-month archived", CLOUDWATCH),
    vendedLogsToS3Gb: unconfirmed(0.25, "per GB of vended logs delivered to S3", CLOUDWATCH),
    alarmMetricMonth: unconfirmed(0.1, "per standard-resolution alarm metric-month", CLOUDWATCH),
    alarmHighResMetricMonth: unconfirmed(0.3, "per high-resolution alarm metric-month", CLOUDWATCH),
    compositeAlarmMonth: unconfirmed(0.5, "per composite alarm-month", CLOUDWATCH),
    dashboardMonth: confirmed(
        3,
        "per dashboard-month",
        CLOUDWATCH,
        "https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/",
    ),
    kmsKeyMonth: unconfirmed(1, "per customer managed key-month", KMS),
    kmsRequestsTenThousand: unconfirmed(0.03, "per 10,000 requests", KMS),
    secretMonth: unconfirmed(0.4, "per secret-month", SECRETS),
    secretApiTenThousand: unconfirmed(0.05, "per 10,000 API calls", SECRETS),
    albHour: confirmed(
        0.0225,
        "per Application Load Balancer-hour",
        ELB,
        "https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/",
    ),
    albLcuHour: confirmed(
        0.008,
        "per LCU-hour",
        ELB,
        "https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/",
    ),
    nlbHour: unconfirmed(0.0225, "per Network Load Balancer-hour", ELB),
    nlbLcuHour: unconfirmed(0.006, "per NLCU-hour", ELB),
    snsPublishMillion: unconfirmed(0.5, "per million publishes (standard topics)", SNS),
    snsEmailHundredThousand: unconfirmed(2, "per 100,000 e-mail notifications", SNS),
    snsHttpMillion: unconfirmed(0.6, "per million HTTP/S notifications", SNS),
    sqsStandardMillion: unconfirmed(0.4, "per million requests (standard queues)", SQS),
    sqsFifoMillion: unconfirmed(0.5, "per million requests (FIFO queues)", SQS),
    sfnStandardThousandTransitions: unconfirmed(
        0.025,
        "per 1,000 state transitions (standard workflows)",
        SFN,
    ),
    ecrStorageGbMonth: unconfirmed(0.1, "per GB-month stored", ECR),
    ssmAdvancedParameterMonth: unconfirmed(
        0.05,
        "per advanced parameter-month (standard parameters are free)",
        "https://aws.amazon.com/systems-manager/pricing/",
    ),
    route53ZoneMonth: unconfirmed(0.5, "per hosted zone-month (first 25 zones)", ROUTE53),
    schedulerInvocationsMillion: unconfirmed(
        1,
        "per million scheduled invocations (EventBridge Scheduler)",
        SCHEDULER,
    ),
} as const satisfies Record<string, Price>;

/** The name of one price in {@link PRICES}. */
export type PriceName = keyof typeof PRICES;

/**
 * EC2 Linux on-demand instance-hours (EKS nodes), by instance type. A type not listed here leaves
 * its node group unpriced: add the type with its price rather than guessing.
 */
export const EC2_HOURLY: Readonly<Record<string, number>> = {
    "t3.micro": 0.0104,
    "t3.small": 0.0208,
    "t3.medium": 0.0416,
    "t3.large": 0.0832,
    "t3.xlarge": 0.1664,
    "t3.2xlarge": 0.3328,
    "t3a.medium": 0.0376,
    "t3a.large": 0.0752,
    "t4g.small": 0.0168,
    "t4g.medium": 0.0336,
    "t4g.large": 0.0672,
    "t4g.xlarge": 0.1344,
    "m5.large": 0.096,
    "m5.xlarge": 0.192,
    "m6i.large": 0.096,
    "m6i.xlarge": 0.192,
    "m6g.large": 0.077,
    "m6g.xlarge": 0.154,
    "m7g.large": 0.0816,
    "m7g.xlarge": 0.1632,
    "m7i.large": 0.1008,
    "m7i.xlarge": 0.2016,
    "c5.large": 0.085,
    "c6g.large": 0.068,
    "c7g.large": 0.0725,
    "r6g.large": 0.1008,
    "r7g.large": 0.1071,
};

/** Which EC2 instance prices were matched against a public page (the rest are unconfirmed). */
export const EC2_CONFIRMED: Readonly<Record<string, string>> = {
    "t3.micro": "https://wring.co/blog/aws-ec2-pricing-guide",
    "t3.large": "https://go-cloud.io/?p=10607",
    "m7g.large":
        "https://www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026/",
    "m5.large": "https://kindatechnical.com/aws-eks/lesson-31-understanding-eks-pricing.html",
    "m5.xlarge": "https://kindatechnical.com/aws-eks/lesson-31-understanding-eks-pricing.html",
    "c5.large": "https://kindatechnical.com/aws-eks/lesson-31-understanding-eks-pricing.html",
};

/** OpenSearch Service on-demand instance-hours, by instance type (all unconfirmed). */
export const OPENSEARCH_HOURLY: Readonly<Record<string, number>> = {
    "t3.small.search": 0.036,
    "t3.medium.search": 0.073,
    "m5.large.search": 0.142,
    "m6g.large.search": 0.128,
    "m6g.xlarge.search": 0.256,
    "c6g.large.search": 0.113,
    "r5.large.search": 0.186,
    "r6g.large.search": 0.167,
    "r6g.xlarge.search": 0.335,
};

/**
 * ElastiCache on-demand node-hours for Redis OSS and Memcached, by node type (all unconfirmed).
 * Valkey nodes cost {@link VALKEY_NODE_FACTOR} of these.
 */
export const ELASTICACHE_HOURLY: Readonly<Record<string, number>> = {
    "cache.t3.micro": 0.017,
    "cache.t3.small": 0.034,
    "cache.t3.medium": 0.068,
    "cache.t4g.micro": 0.016,
    "cache.t4g.small": 0.032,
    "cache.t4g.medium": 0.065,
    "cache.m6g.large": 0.149,
    "cache.m7g.large": 0.158,
    "cache.r6g.large": 0.206,
    "cache.r7g.large": 0.219,
};

/** Valkey node-based clusters are priced 20% below Redis OSS (unconfirmed; ElastiCache page). */
export const VALKEY_NODE_FACTOR = 0.8;

/** Where the per-type tables come from, for the README and the report. */
export const TABLE_SOURCES = {
    ec2: EC2,
    opensearch: OPENSEARCH,
    elasticache: ELASTICACHE,
} as const;
