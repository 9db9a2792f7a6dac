/**
 * The encryption and transport rules through the real gate: per rule a compliant program, then one
 * mutation per unsafe form with the exact violation.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import { CheckOptions, deprecatedType, violationsOf } from "../helpers/policy";

/** The deprecated V2 encryption configuration, as a program that still uses it registers it. */
const BucketServerSideEncryptionConfigurationV2 =
    deprecatedType<aws.s3.BucketServerSideEncryptionConfigurationV2Args>(
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    );

const ROLE = "arn:aws:iam::123456789012:role/app";

/** A customer-managed key: its ARN is unknown during preview, so it names a key of this program. */
function cmk(name = "key"): aws.kms.Key {
    return new aws.kms.Key(name, { enableKeyRotation: true });
}

/** A plain value that only becomes known once `key` exists: unknown during preview. */
function later<T>(key: aws.kms.Key, value: T): pulumi.Output<T> {
    return key.arn.apply(() => value);
}

interface Case {
    readonly title: string;
    readonly build: () => unknown;
    readonly expected: string[];
    readonly options?: CheckOptions;
}

/** Registers one `it` per case: the rule's violations for the program, exactly. */
function cases(rule: string, list: readonly Case[]): void {
    for (const c of list) {
        it(c.title, async () => {
            assert.deepEqual(await violationsOf(rule, c.build, c.options), c.expected);
        });
    }
}

// --- encrypted-at-rest -------------------------------------------------------------------------

const AT_REST = "encrypted-at-rest";
const atRest = (name: string, finding: string) => `mandatory ${AT_REST} ${name}: ${finding}`;
const CMK_ONLY: CheckOptions = {
    policyConfig: { [AT_REST]: { requireCustomerManagedKeys: true } },
};

const stream = (args: Partial<aws.kinesis.StreamArgs>) =>
    new aws.kinesis.Stream("stream", { shardCount: 1, ...args });
const firehose = (args: Partial<aws.kinesis.FirehoseDeliveryStreamArgs>) =>
    new aws.kinesis.FirehoseDeliveryStream("firehose", {
        destination: "extended_s3",
        extendedS3Configuration: { roleArn: ROLE, bucketArn: "arn:aws:s3:::archive" },
        ...args,
    });
const table = (args: Partial<aws.dynamodb.TableArgs>) =>
    new aws.dynamodb.Table("table", {
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        attributes: [{ name: "pk", type: "S" }],
        ...args,
    });
const replicationGroup = (args: Partial<aws.elasticache.ReplicationGroupArgs>) =>
    new aws.elasticache.ReplicationGroup("cache", {
        description: "sessions",
        engine: "redis",
        nodeType: "cache.t4g.micro",
        ...args,
    });
const eksCluster = (args: Partial<aws.eks.ClusterArgs>) =>
    new aws.eks.Cluster("cluster", {
        roleArn: ROLE,
        vpcConfig: { subnetIds: ["subnet-1", "subnet-2"] },
        ...args,
    });
const instance = (args: Partial<aws.ec2.InstanceArgs>) =>
    new aws.ec2.Instance("vm", { ami: "ami-12345678", instanceType: "t3.micro", ...args });

/** Every type the rule covers, each encrypted under a customer-managed key. */
function encryptedEverything(): void {
    const key = cmk();
    stream({ encryptionType: "KMS", kmsKeyId: key.arn });
    firehose({
        serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: key.arn },
    });
    new aws.kinesis.FirehoseDeliveryStream("from-stream", {
        destination: "extended_s3",
        kinesisSourceConfiguration: {
            kinesisStreamArn: "arn:aws:kinesis:::stream/s",
            roleArn: ROLE,
        },
        extendedS3Configuration: { roleArn: ROLE, bucketArn: "arn:aws:s3:::archive" },
    });
    new aws.sqs.Queue("queue", { kmsMasterKeyId: key.arn });
    new aws.sns.Topic("topic", { kmsMasterKeyId: key.arn });
    table({ serverSideEncryption: { enabled: true, kmsKeyArn: key.arn } });
    new aws.dynamodb.TableReplica("replica", {
        globalTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/t",
        kmsKeyArn: key.arn,
    });
    new aws.opensearch.Domain("search", { encryptAtRest: { enabled: true, kmsKeyId: key.arn } });
    new aws.elasticsearch.Domain("legacy-search", {
        encryptAtRest: { enabled: true, kmsKeyId: key.arn },
    });
    const group = replicationGroup({ atRestEncryptionEnabled: true, kmsKeyId: key.arn });
    new aws.elasticache.Cluster("member", { replicationGroupId: group.id });
    new aws.elasticache.Cluster("memcached", {
        engine: "memcached",
        nodeType: "cache.t4g.micro",
        numCacheNodes: 1,
    });
    new aws.elasticache.ServerlessCache("serverless", { engine: "valkey", kmsKeyId: key.arn });
    eksCluster({ encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } } });
    new eks.Cluster("k8s", { encryptionConfigKeyArn: key.arn });
    new aws.cloudwatch.LogGroup("logs", { kmsKeyId: key.arn, retentionInDays: 30 });
    new aws.secretsmanager.Secret("secret", { kmsKeyId: key.arn });
    new aws.ebs.Volume("volume", {
        availabilityZone: "us-east-1a",
        size: 8,
        encrypted: true,
        kmsKeyId: key.arn,
    });
    instance({
        rootBlockDevice: { encrypted: true, kmsKeyId: key.arn },
        ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true, kmsKeyId: key.arn }],
    });
    new aws.ec2.LaunchTemplate("template", {
        blockDeviceMappings: [
            { deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: key.arn } },
            { deviceName: "/dev/sdb", virtualName: "ephemeral0" },
        ],
    });
}

describe("encrypted-at-rest", () => {
    cases(AT_REST, [
        {
            title: "passes every covered type encrypted under a customer-managed key",
            build: encryptedEverything,
            expected: [],
        },
        {
            title: "passes them with requireCustomerManagedKeys too",
            build: encryptedEverything,
            options: CMK_ONLY,
            expected: [],
        },
        {
            title: "passes AWS-managed keys and AWS-managed defaults without the option",
            build: () => {
                stream({ encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" });
                new aws.sqs.Queue("queue", { kmsMasterKeyId: "alias/aws/sqs" });
                table({ serverSideEncryption: { enabled: true } });
                new aws.secretsmanager.Secret("secret", {});
                new aws.ebs.Volume("volume", {
                    availabilityZone: "us-east-1a",
                    size: 8,
                    encrypted: true,
                });
            },
            expected: [],
        },
        {
            title: "fails a Kinesis stream without encryption",
            build: () => stream({}),
            expected: [
                atRest(
                    "stream",
                    'encryptionType is missing: set encryptionType "KMS" and kmsKeyId (alias/aws/kinesis or a customer-managed key).',
                ),
            ],
        },
        {
            title: 'fails a Kinesis stream with encryptionType "NONE"',
            build: () => stream({ encryptionType: "NONE" }),
            expected: [
                atRest(
                    "stream",
                    'encryptionType is "NONE": set encryptionType "KMS" and kmsKeyId (alias/aws/kinesis or a customer-managed key).',
                ),
            ],
        },
        {
            title: "fails a KMS Kinesis stream without kmsKeyId",
            build: () => stream({ encryptionType: "KMS" }),
            expected: [
                atRest(
                    "stream",
                    "kmsKeyId is missing: set kmsKeyId (alias/aws/kinesis or a customer-managed key).",
                ),
            ],
        },
        {
            title: "fails closed on an encryptionType unknown during preview",
            build: () => stream({ encryptionType: later(cmk(), "KMS"), kmsKeyId: "k" }),
            expected: [
                atRest(
                    "stream",
                    'encryptionType is unknown during preview: pass a plain string ("KMS").',
                ),
            ],
        },
        {
            title: "fails a Direct PUT Firehose stream without serverSideEncryption",
            build: () => firehose({}),
            expected: [
                atRest(
                    "firehose",
                    'serverSideEncryption is missing: set serverSideEncryption { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn }.',
                ),
            ],
        },
        {
            title: "fails a Firehose stream with serverSideEncryption disabled",
            build: () => firehose({ serverSideEncryption: { enabled: false } }),
            expected: [
                atRest(
                    "firehose",
                    'serverSideEncryption.enabled is false: set serverSideEncryption { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn }.',
                ),
            ],
        },
        {
            title: "fails a Firehose stream on the AWS-owned key",
            build: () => firehose({ serverSideEncryption: { enabled: true } }),
            expected: [
                atRest(
                    "firehose",
                    'serverSideEncryption.keyType is missing (an AWS-owned key, default AWS_OWNED_CMK): set keyType "CUSTOMER_MANAGED_CMK" and keyArn.',
                ),
            ],
        },
        {
            title: "fails a Firehose stream with a customer-managed key type and no keyArn",
            build: () =>
                firehose({
                    serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK" },
                }),
            expected: [
                atRest(
                    "firehose",
                    "serverSideEncryption.keyArn is missing: set it to the customer-managed KMS key's ARN.",
                ),
            ],
        },
        {
            title: "fails an SQS queue on SSE-SQS",
            build: () => new aws.sqs.Queue("queue", { sqsManagedSseEnabled: true }),
            expected: [
                atRest(
                    "queue",
                    "kmsMasterKeyId is missing: SSE-SQS (sqsManagedSseEnabled) uses a key only SQS owns; set kmsMasterKeyId to a KMS key (alias/aws/sqs, or a customer-managed key so that SNS and EventBridge can deliver).",
                ),
            ],
        },
        {
            title: "fails an SNS topic without kmsMasterKeyId",
            build: () => new aws.sns.Topic("topic", {}),
            expected: [
                atRest(
                    "topic",
                    "kmsMasterKeyId is missing: set kmsMasterKeyId to a KMS key (alias/aws/sns, or a customer-managed key so that AWS services can publish).",
                ),
            ],
        },
        {
            title: "fails a DynamoDB table on the default AWS-owned key",
            build: () => table({}),
            expected: [
                atRest(
                    "table",
                    "serverSideEncryption.enabled is missing: the default is a key only DynamoDB owns; set serverSideEncryption { enabled: true } (the AWS-managed aws/dynamodb key), with kmsKeyArn for a customer-managed key.",
                ),
            ],
        },
        {
            title: "fails a DynamoDB table with serverSideEncryption disabled",
            build: () => table({ serverSideEncryption: { enabled: false } }),
            expected: [
                atRest(
                    "table",
                    "serverSideEncryption.enabled is false: the default is a key only DynamoDB owns; set serverSideEncryption { enabled: true } (the AWS-managed aws/dynamodb key), with kmsKeyArn for a customer-managed key.",
                ),
            ],
        },
        {
            title: "fails OpenSearch and Elasticsearch domains without encryptAtRest",
            build: () => {
                new aws.opensearch.Domain("search", {});
                new aws.elasticsearch.Domain("legacy-search", {
                    encryptAtRest: { enabled: false },
                });
            },
            expected: [
                atRest(
                    "legacy-search",
                    "encryptAtRest.enabled is false: set encryptAtRest { enabled: true } (the AWS-managed aws/es key), with kmsKeyId for a customer-managed key.",
                ),
                atRest(
                    "search",
                    "encryptAtRest.enabled is missing: set encryptAtRest { enabled: true } (the AWS-managed aws/es key), with kmsKeyId for a customer-managed key.",
                ),
            ],
        },
        {
            title: "fails a Redis replication group without atRestEncryptionEnabled",
            build: () => replicationGroup({}),
            expected: [
                atRest(
                    "cache",
                    "atRestEncryptionEnabled is missing: set atRestEncryptionEnabled true and kmsKeyId (a customer-managed KMS key).",
                ),
            ],
        },
        {
            title: "fails a replication group on ElastiCache's service-owned key",
            build: () => replicationGroup({ engine: "valkey" }),
            expected: [
                atRest(
                    "cache",
                    "kmsKeyId is missing: without it ElastiCache encrypts with a key only the service owns; set kmsKeyId to a customer-managed KMS key.",
                ),
            ],
        },
        {
            title: "fails a standalone Redis cluster, which cannot be encrypted at rest",
            build: () =>
                new aws.elasticache.Cluster("standalone", {
                    engine: "redis",
                    nodeType: "cache.t4g.micro",
                    numCacheNodes: 1,
                }),
            expected: [
                atRest(
                    "standalone",
                    'engine is "redis" without replicationGroupId: a standalone Redis/Valkey cluster cannot be encrypted at rest; create an aws.elasticache.ReplicationGroup with atRestEncryptionEnabled and kmsKeyId.',
                ),
            ],
        },
        {
            title: "fails a serverless cache on ElastiCache's service-owned key",
            build: () => new aws.elasticache.ServerlessCache("serverless", { engine: "valkey" }),
            expected: [
                atRest(
                    "serverless",
                    "kmsKeyId is missing: without it ElastiCache encrypts with a key only the service owns; set kmsKeyId to a customer-managed KMS key.",
                ),
            ],
        },
        {
            title: "fails an EKS cluster without secrets encryption",
            build: () => eksCluster({}),
            expected: [
                atRest(
                    "cluster",
                    'encryptionConfig is missing: Kubernetes secrets are not envelope-encrypted; set encryptionConfig { resources: ["secrets"], provider: { keyArn } } with a customer-managed KMS key.',
                ),
            ],
        },
        {
            title: "fails an EKS encryptionConfig that leaves out secrets",
            build: () =>
                eksCluster({
                    encryptionConfig: { resources: [], provider: { keyArn: cmk().arn } },
                }),
            expected: [atRest("cluster", 'encryptionConfig.resources is []: include "secrets".')],
        },
        {
            title: "fails an eks.Cluster component without encryptionConfigKeyArn",
            build: () => new eks.Cluster("k8s", {}),
            expected: [
                // The aws.eks.Cluster of the engine's model of the component (tools/engine/models).
                atRest(
                    "k8s-eksCluster",
                    'encryptionConfig is missing: Kubernetes secrets are not envelope-encrypted; set encryptionConfig { resources: ["secrets"], provider: { keyArn } } with a customer-managed KMS key.',
                ),
                atRest(
                    "k8s",
                    "encryptionConfigKeyArn is missing: Kubernetes secrets are not envelope-encrypted; set it to a customer-managed KMS key ARN.",
                ),
            ],
        },
        {
            title: "fails a log group on CloudWatch Logs' own encryption",
            build: () => new aws.cloudwatch.LogGroup("logs", { retentionInDays: 30 }),
            expected: [
                atRest(
                    "logs",
                    "kmsKeyId is missing: CloudWatch Logs' default encryption uses a key only the service owns; set kmsKeyId to a customer-managed KMS key whose policy lets logs.<region>.amazonaws.com use it.",
                ),
            ],
        },
        {
            title: "fails unencrypted EBS volumes, instance block devices and launch template mappings",
            build: () => {
                new aws.ebs.Volume("volume", { availabilityZone: "us-east-1a", size: 8 });
                instance({
                    rootBlockDevice: { encrypted: false },
                    ebsBlockDevices: [{ deviceName: "/dev/sdf" }],
                });
                new aws.ec2.LaunchTemplate("template", {
                    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20 } }],
                });
            },
            expected: [
                atRest(
                    "template",
                    'blockDeviceMappings[0].ebs.encrypted is missing: set blockDeviceMappings[0].ebs.encrypted "true", with kmsKeyId for a customer-managed key.',
                ),
                atRest(
                    "vm",
                    "ebsBlockDevices[0].encrypted is missing: set ebsBlockDevices[0].encrypted true, with kmsKeyId for a customer-managed key.",
                ),
                atRest(
                    "vm",
                    "rootBlockDevice.encrypted is false: set rootBlockDevice.encrypted true, with kmsKeyId for a customer-managed key.",
                ),
                atRest(
                    "volume",
                    "encrypted is missing: set encrypted true, with kmsKeyId for a customer-managed key.",
                ),
            ],
        },
        {
            title: "fails AWS-managed keys and AWS-managed defaults with requireCustomerManagedKeys",
            options: CMK_ONLY,
            build: () => {
                stream({ encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" });
                new aws.sqs.Queue("queue", {
                    kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/sqs",
                });
                table({ serverSideEncryption: { enabled: true } });
                new aws.dynamodb.TableReplica("replica", {
                    globalTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/t",
                });
                new aws.opensearch.Domain("search", { encryptAtRest: { enabled: true } });
                new aws.secretsmanager.Secret("secret", {});
                new aws.ebs.Volume("volume", {
                    availabilityZone: "us-east-1a",
                    size: 8,
                    encrypted: true,
                });
            },
            expected: [
                atRest(
                    "queue",
                    'kmsMasterKeyId is the AWS-managed key "arn:aws:kms:us-east-1:123456789012:alias/aws/sqs": requireCustomerManagedKeys is on; use a customer-managed KMS key.',
                ),
                atRest(
                    "replica",
                    "kmsKeyArn is missing: requireCustomerManagedKeys is on and the default is the AWS-managed aws/dynamodb key; set kmsKeyArn to a customer-managed KMS key.",
                ),
                atRest(
                    "search",
                    "encryptAtRest.kmsKeyId is missing: requireCustomerManagedKeys is on and the default is the AWS-managed aws/es key; set encryptAtRest.kmsKeyId to a customer-managed KMS key.",
                ),
                atRest(
                    "secret",
                    "kmsKeyId is missing: requireCustomerManagedKeys is on and the default is the AWS-managed aws/secretsmanager key; set kmsKeyId to a customer-managed KMS key.",
                ),
                atRest(
                    "stream",
                    'kmsKeyId is the AWS-managed key "alias/aws/kinesis": requireCustomerManagedKeys is on; use a customer-managed KMS key.',
                ),
                atRest(
                    "table",
                    "serverSideEncryption.kmsKeyArn is missing: requireCustomerManagedKeys is on and the default is the AWS-managed aws/dynamodb key; set serverSideEncryption.kmsKeyArn to a customer-managed KMS key.",
                ),
                atRest(
                    "volume",
                    "kmsKeyId is missing: requireCustomerManagedKeys is on and the default is the AWS-managed aws/ebs key; set kmsKeyId to a customer-managed KMS key.",
                ),
            ],
        },
    ]);
});

// --- s3-encryption -----------------------------------------------------------------------------

const S3 = "s3-encryption";
const s3 = (name: string, finding: string) => `mandatory ${S3} ${name}: ${finding}`;

/** A bucket and its default-encryption configuration. */
function bucketWith(sseAlgorithm: pulumi.Input<string>, kmsMasterKeyId?: pulumi.Input<string>) {
    const bucket = new aws.s3.Bucket("bucket", {});
    new aws.s3.BucketServerSideEncryptionConfiguration("bucket-sse", {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyId } }],
    });
    return bucket;
}

describe("s3-encryption", () => {
    cases(S3, [
        {
            title: "passes a bucket whose configuration resource names SSE-KMS with a customer-managed key",
            build: () => bucketWith("aws:kms", cmk().arn),
            options: { policyConfig: { [S3]: { requireCustomerManagedKeys: true } } },
            expected: [],
        },
        {
            title: "passes DSSE-KMS on the AWS-managed key, by bucket name, and the V2 resource",
            build: () => {
                new aws.s3.Bucket("named", { bucket: "lightspeed-archive" });
                new BucketServerSideEncryptionConfigurationV2("named-sse", {
                    bucket: "lightspeed-archive",
                    rules: [
                        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse" } },
                    ],
                });
            },
            expected: [],
        },
        {
            title: "passes a bucket's own (deprecated) serverSideEncryptionConfiguration with SSE-KMS",
            build: () =>
                new aws.s3.Bucket("inline", {
                    serverSideEncryptionConfiguration: {
                        rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } },
                    },
                }),
            expected: [],
        },
        {
            title: "fails a bucket without a default-encryption configuration",
            build: () => new aws.s3.Bucket("bucket", {}),
            expected: [
                s3(
                    "bucket",
                    'no default encryption, so S3 uses SSE-S3 (a key only S3 owns): add an aws.s3.BucketServerSideEncryptionConfiguration with bucket set to this bucket and rules [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId } }].',
                ),
            ],
        },
        {
            title: "fails a configuration resource on SSE-S3",
            build: () => bucketWith("AES256"),
            expected: [
                s3(
                    "bucket",
                    'BucketServerSideEncryptionConfiguration "bucket-sse" rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is "AES256" (SSE-S3, a key only S3 owns): set "aws:kms" (or "aws:kms:dsse") with kmsMasterKeyId.',
                ),
            ],
        },
        {
            title: "fails a bucket's own serverSideEncryptionConfiguration on SSE-S3",
            build: () =>
                new aws.s3.Bucket("inline", {
                    serverSideEncryptionConfiguration: {
                        rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                    },
                }),
            expected: [
                s3(
                    "inline",
                    'serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm is "AES256" (SSE-S3, a key only S3 owns): set "aws:kms" (or "aws:kms:dsse") with kmsMasterKeyId.',
                ),
            ],
        },
        {
            title: "fails a configuration rule without applyServerSideEncryptionByDefault",
            build: () => {
                const bucket = new aws.s3.Bucket("bucket", {});
                new aws.s3.BucketServerSideEncryptionConfiguration("bucket-sse", {
                    bucket: bucket.id,
                    rules: [{ bucketKeyEnabled: true }],
                });
            },
            expected: [
                s3(
                    "bucket",
                    'BucketServerSideEncryptionConfiguration "bucket-sse" rules[0].applyServerSideEncryptionByDefault is missing: set { sseAlgorithm: "aws:kms", kmsMasterKeyId }.',
                ),
            ],
        },
        {
            title: "fails closed on an sseAlgorithm unknown during preview",
            build: () => bucketWith(later(cmk(), "aws:kms")),
            expected: [
                s3(
                    "bucket",
                    'BucketServerSideEncryptionConfiguration "bucket-sse" rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is unknown during preview: pass a plain string ("aws:kms").',
                ),
            ],
        },
        {
            title: "fails the AWS-managed aws/s3 key with requireCustomerManagedKeys",
            build: () => bucketWith("aws:kms"),
            options: { policyConfig: { [S3]: { requireCustomerManagedKeys: true } } },
            expected: [
                s3(
                    "bucket",
                    'BucketServerSideEncryptionConfiguration "bucket-sse" rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId is missing: requireCustomerManagedKeys is on and the default is the AWS-managed aws/s3 key; set a customer-managed KMS key.',
                ),
            ],
        },
    ]);
});

// --- opensearch-transport ----------------------------------------------------------------------

const OS = "opensearch-transport";
const os = (name: string, finding: string) => `mandatory ${OS} ${name}: ${finding}`;
const SECURE_DOMAIN = {
    nodeToNodeEncryption: { enabled: true },
    domainEndpointOptions: {
        enforceHttps: true,
        tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10",
    },
};

describe("opensearch-transport", () => {
    cases(OS, [
        {
            title: "passes OpenSearch and Elasticsearch domains with node-to-node encryption and HTTPS on TLS 1.2",
            build: () => {
                new aws.opensearch.Domain("search", SECURE_DOMAIN);
                new aws.elasticsearch.Domain("legacy-search", {
                    ...SECURE_DOMAIN,
                    domainEndpointOptions: {
                        enforceHttps: true,
                        tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07",
                    },
                });
            },
            expected: [],
        },
        {
            title: "fails a domain without node-to-node encryption",
            build: () =>
                new aws.opensearch.Domain("search", {
                    ...SECURE_DOMAIN,
                    nodeToNodeEncryption: { enabled: false },
                }),
            expected: [
                os(
                    "search",
                    "nodeToNodeEncryption.enabled is false: set nodeToNodeEncryption { enabled: true }.",
                ),
            ],
        },
        {
            title: "fails a domain without domainEndpointOptions or nodeToNodeEncryption",
            build: () => new aws.elasticsearch.Domain("legacy-search", {}),
            expected: [
                os(
                    "legacy-search",
                    'domainEndpointOptions is missing: set domainEndpointOptions { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" }.',
                ),
                os(
                    "legacy-search",
                    "nodeToNodeEncryption.enabled is missing: set nodeToNodeEncryption { enabled: true }.",
                ),
            ],
        },
        {
            title: "fails a domain that accepts plain HTTP",
            build: () =>
                new aws.opensearch.Domain("search", {
                    ...SECURE_DOMAIN,
                    domainEndpointOptions: {
                        enforceHttps: false,
                        tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07",
                    },
                }),
            expected: [
                os(
                    "search",
                    "domainEndpointOptions.enforceHttps is false: set it to true so the domain refuses plain HTTP.",
                ),
            ],
        },
        {
            title: "fails a domain on the TLS 1.0 policy",
            build: () =>
                new aws.opensearch.Domain("search", {
                    ...SECURE_DOMAIN,
                    domainEndpointOptions: {
                        enforceHttps: true,
                        tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07",
                    },
                }),
            expected: [
                os(
                    "search",
                    'domainEndpointOptions.tlsSecurityPolicy is "Policy-Min-TLS-1-0-2019-07": set "Policy-Min-TLS-1-2-PFS-2023-10" or "Policy-Min-TLS-1-2-2019-07" (TLS 1.2 or newer).',
                ),
            ],
        },
        {
            title: "fails closed on an enforceHttps unknown during preview",
            build: () =>
                new aws.opensearch.Domain("search", {
                    ...SECURE_DOMAIN,
                    domainEndpointOptions: {
                        enforceHttps: later(cmk(), true),
                        tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07",
                    },
                }),
            expected: [
                os(
                    "search",
                    "domainEndpointOptions.enforceHttps is unknown during preview: pass a plain true.",
                ),
            ],
        },
    ]);
});

// --- elasticache-transport ---------------------------------------------------------------------

const EC = "elasticache-transport";
const ec = (name: string, finding: string) => `mandatory ${EC} ${name}: ${finding}`;

describe("elasticache-transport", () => {
    cases(EC, [
        {
            title: "passes TLS with AUTH or RBAC, TLS Memcached, group members and serverless caches",
            build: () => {
                const group = replicationGroup({
                    transitEncryptionEnabled: true,
                    transitEncryptionMode: "required",
                    authToken: pulumi.secret("a-long-auth-token-from-config"),
                });
                new aws.elasticache.ReplicationGroup("rbac", {
                    description: "rbac",
                    engine: "valkey",
                    nodeType: "cache.t4g.micro",
                    transitEncryptionEnabled: true,
                    userGroupIds: ["app-users"],
                });
                new aws.elasticache.Cluster("member", { replicationGroupId: group.id });
                new aws.elasticache.Cluster("memcached", {
                    engine: "memcached",
                    nodeType: "cache.t4g.micro",
                    numCacheNodes: 1,
                    transitEncryptionEnabled: true,
                });
                new aws.elasticache.ServerlessCache("serverless", {
                    engine: "valkey",
                    userGroupId: "app-users",
                });
                new aws.elasticache.ServerlessCache("serverless-memcached", {
                    engine: "memcached",
                });
            },
            expected: [],
        },
        {
            title: "fails a replication group without TLS or authentication",
            build: () => replicationGroup({}),
            expected: [
                ec(
                    "cache",
                    "no authentication: set authToken (Redis AUTH, from a secret) or userGroupIds (RBAC users).",
                ),
                ec(
                    "cache",
                    "transitEncryptionEnabled is missing: set transitEncryptionEnabled true.",
                ),
            ],
        },
        {
            title: "fails a replication group with TLS disabled",
            build: () => replicationGroup({ transitEncryptionEnabled: false, authToken: "t" }),
            expected: [
                ec(
                    "cache",
                    "transitEncryptionEnabled is false: set transitEncryptionEnabled true.",
                ),
            ],
        },
        {
            title: 'fails a replication group in "preferred" TLS mode',
            build: () =>
                replicationGroup({
                    transitEncryptionEnabled: true,
                    transitEncryptionMode: "preferred",
                    userGroupIds: ["app-users"],
                }),
            expected: [
                ec(
                    "cache",
                    'transitEncryptionMode is "preferred": clients may still connect in plaintext; set "required" (the default) once every client uses TLS.',
                ),
            ],
        },
        {
            title: "fails a replication group with TLS and an empty user group list",
            build: () => replicationGroup({ transitEncryptionEnabled: true, userGroupIds: [] }),
            expected: [
                ec(
                    "cache",
                    "no authentication: set authToken (Redis AUTH, from a secret) or userGroupIds (RBAC users).",
                ),
            ],
        },
        {
            title: "fails closed on transitEncryptionEnabled unknown during preview",
            build: () =>
                replicationGroup({
                    transitEncryptionEnabled: later(cmk(), true),
                    authToken: "t",
                }),
            expected: [
                ec(
                    "cache",
                    "transitEncryptionEnabled is unknown during preview: pass a plain true.",
                ),
            ],
        },
        {
            title: "fails a Memcached cluster without TLS",
            build: () =>
                new aws.elasticache.Cluster("memcached", {
                    engine: "memcached",
                    nodeType: "cache.t4g.micro",
                    numCacheNodes: 1,
                }),
            expected: [
                ec(
                    "memcached",
                    "transitEncryptionEnabled is missing: set transitEncryptionEnabled true (Memcached 1.6.12 or newer).",
                ),
            ],
        },
        {
            title: "fails a standalone Valkey cluster, which supports neither TLS nor AUTH",
            build: () =>
                new aws.elasticache.Cluster("standalone", {
                    engine: "valkey",
                    nodeType: "cache.t4g.micro",
                    numCacheNodes: 1,
                }),
            expected: [
                ec(
                    "standalone",
                    'engine is "valkey" without replicationGroupId: a standalone Redis/Valkey cluster supports neither TLS nor AUTH; create an aws.elasticache.ReplicationGroup with transitEncryptionEnabled and authToken or userGroupIds.',
                ),
            ],
        },
        {
            title: "fails a serverless Redis cache without a user group",
            build: () => new aws.elasticache.ServerlessCache("serverless", { engine: "redis" }),
            expected: [
                ec(
                    "serverless",
                    "userGroupId is missing: without a user group any client that reaches the cache connects as the default user; set userGroupId (RBAC users).",
                ),
            ],
        },
    ]);
});

// --- cloudfront-https --------------------------------------------------------------------------

const CF = "cloudfront-https";
const cf = (name: string, finding: string) => `mandatory ${CF} ${name}: ${finding}`;

/** A distribution with an S3 origin, a custom API origin and an /api/* behavior, all HTTPS. */
function distributionArgs(
    over: {
        viewer?: string;
        apiViewer?: string;
        certificate?: aws.types.input.cloudfront.DistributionViewerCertificate;
        origin?: Partial<aws.types.input.cloudfront.DistributionOriginCustomOriginConfig>;
    } = {},
): aws.cloudfront.DistributionArgs {
    const behavior = {
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    };
    return {
        enabled: true,
        aliases: ["www.example.com"],
        origins: [
            { originId: "site", domainName: "site.s3.us-east-1.amazonaws.com" },
            {
                originId: "api",
                domainName: "api.example.com",
                customOriginConfig: {
                    httpPort: 80,
                    httpsPort: 443,
                    originProtocolPolicy: "https-only",
                    originSslProtocols: ["TLSv1.2"],
                    ...over.origin,
                },
            },
        ],
        defaultCacheBehavior: {
            ...behavior,
            targetOriginId: "site",
            viewerProtocolPolicy: over.viewer ?? "redirect-to-https",
        },
        orderedCacheBehaviors: [
            {
                ...behavior,
                pathPattern: "/api/*",
                targetOriginId: "api",
                viewerProtocolPolicy: over.apiViewer ?? "https-only",
            },
        ],
        viewerCertificate: over.certificate ?? {
            acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.2_2021",
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
    };
}

const distribution = (over: Parameters<typeof distributionArgs>[0] = {}) =>
    new aws.cloudfront.Distribution("cdn", distributionArgs(over));

describe("cloudfront-https", () => {
    cases(CF, [
        {
            title: "passes HTTPS-only viewers on TLSv1.2_2021 and an HTTPS origin",
            build: () => distribution(),
            expected: [],
        },
        {
            title: "passes a multi-tenant distribution on TLSv1.3_2025",
            build: () =>
                new aws.cloudfront.MultitenantDistribution("saas", {
                    comment: "tenants",
                    enabled: true,
                    tenantConfig: {},
                    origins: [
                        {
                            id: "app",
                            domainName: "app.example.com",
                            customOriginConfigs: [
                                {
                                    httpPort: 80,
                                    httpsPort: 443,
                                    originProtocolPolicy: "match-viewer",
                                    originSslProtocols: ["TLSv1.2"],
                                },
                            ],
                        },
                    ],
                    defaultCacheBehavior: {
                        allowedMethods: { items: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"] },
                        targetOriginId: "app",
                        viewerProtocolPolicy: "redirect-to-https",
                        cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
                    },
                    cacheBehaviors: [
                        {
                            pathPattern: "/static/*",
                            allowedMethods: {
                                items: ["GET", "HEAD"],
                                cachedMethods: ["GET", "HEAD"],
                            },
                            targetOriginId: "app",
                            viewerProtocolPolicy: "https-only",
                            cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
                        },
                    ],
                    viewerCertificate: {
                        acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                        sslSupportMethod: "sni-only",
                        minimumProtocolVersion: "TLSv1.3_2025",
                    },
                }),
            expected: [],
        },
        {
            title: "fails a default cache behavior that allows HTTP",
            build: () => distribution({ viewer: "allow-all" }),
            expected: [
                cf(
                    "cdn",
                    'defaultCacheBehavior.viewerProtocolPolicy is "allow-all": set "redirect-to-https" or "https-only".',
                ),
            ],
        },
        {
            title: "fails an ordered cache behavior that allows HTTP",
            build: () => distribution({ apiViewer: "allow-all" }),
            expected: [
                cf(
                    "cdn",
                    'orderedCacheBehaviors[0] ("/api/*").viewerProtocolPolicy is "allow-all": set "redirect-to-https" or "https-only".',
                ),
            ],
        },
        {
            title: "fails the default CloudFront certificate, whose minimum stays TLSv1",
            build: () => distribution({ certificate: { cloudfrontDefaultCertificate: true } }),
            expected: [
                cf(
                    "cdn",
                    'viewerCertificate.cloudfrontDefaultCertificate is true: the default *.cloudfront.net certificate accepts TLSv1 viewers and its minimum cannot be raised; use an ACM certificate (acmCertificateArn, sslSupportMethod "sni-only") with minimumProtocolVersion "TLSv1.2_2021" or newer.',
                ),
            ],
        },
        {
            title: "fails a custom certificate on TLSv1.2_2019",
            build: () =>
                distribution({
                    certificate: {
                        acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                        sslSupportMethod: "sni-only",
                        minimumProtocolVersion: "TLSv1.2_2019",
                    },
                }),
            expected: [
                cf(
                    "cdn",
                    'viewerCertificate.minimumProtocolVersion is "TLSv1.2_2019" (the default is TLSv1): set "TLSv1.2_2021" or newer (TLSv1.2_2025, TLSv1.3_2025).',
                ),
            ],
        },
        {
            title: "fails a custom certificate without minimumProtocolVersion",
            build: () =>
                distribution({
                    certificate: {
                        acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                        sslSupportMethod: "sni-only",
                    },
                }),
            expected: [
                cf(
                    "cdn",
                    'viewerCertificate.minimumProtocolVersion is missing (the default is TLSv1): set "TLSv1.2_2021" or newer (TLSv1.2_2025, TLSv1.3_2025).',
                ),
            ],
        },
        {
            title: "fails a custom origin reached over HTTP",
            build: () => distribution({ origin: { originProtocolPolicy: "http-only" } }),
            expected: [
                cf(
                    "cdn",
                    'origins[1] ("api").customOriginConfig.originProtocolPolicy is "http-only": set "https-only" so traffic to the origin is encrypted.',
                ),
            ],
        },
        {
            title: "fails closed on behaviors, an origin and a custom origin config unknown during preview",
            // Lists and objects built in an apply could hold "allow-all" or "http-only" when applied.
            build: () => {
                const key = cmk();
                const args = distributionArgs();
                // The same inputs, unknown until the key exists.
                const unknown = <T>(value: pulumi.Input<T>) =>
                    later(key, undefined).apply(() => pulumi.output(value));
                const [site, api] = args.origins as aws.types.input.cloudfront.DistributionOrigin[];
                new aws.cloudfront.Distribution("cdn", {
                    ...args,
                    orderedCacheBehaviors: unknown(args.orderedCacheBehaviors!),
                });
                new aws.cloudfront.Distribution("cdn-origin", {
                    ...args,
                    origins: [site, unknown(api)],
                });
                new aws.cloudfront.Distribution("cdn-custom", {
                    ...args,
                    origins: [
                        site,
                        { ...api, customOriginConfig: unknown(api.customOriginConfig!) },
                    ],
                });
                new aws.cloudfront.Distribution("cdn-origins", {
                    ...args,
                    origins: unknown(args.origins),
                });
            },
            expected: [
                cf(
                    "cdn-custom",
                    'origins[1] ("api").customOriginConfig is unknown during preview: pass it as a plain object, so its originProtocolPolicy and originSslProtocols can be read.',
                ),
                cf(
                    "cdn-origin",
                    "origins[1] is unknown during preview: pass it as a plain object, so its originProtocolPolicy and originSslProtocols can be read.",
                ),
                cf(
                    "cdn-origins",
                    "origins is unknown during preview: pass a plain list of plain objects, so each one's originProtocolPolicy and originSslProtocols can be read.",
                ),
                cf(
                    "cdn",
                    "orderedCacheBehaviors is unknown during preview: pass a plain list of plain objects, so each one's viewerProtocolPolicy can be read.",
                ),
            ],
        },
        {
            title: "fails a custom origin that still offers TLS 1.0 and 1.1",
            build: () =>
                distribution({ origin: { originSslProtocols: ["TLSv1", "TLSv1.1", "TLSv1.2"] } }),
            expected: [
                cf(
                    "cdn",
                    'origins[1] ("api").customOriginConfig.originSslProtocols includes "TLSv1", "TLSv1.1": list only "TLSv1.2".',
                ),
            ],
        },
    ]);
});
