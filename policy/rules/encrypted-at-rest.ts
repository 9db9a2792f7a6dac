/**
 * `encrypted-at-rest`: every data store is encrypted under a KMS key the account can see.
 *
 * The line this rule draws: an AWS-managed key (`alias/aws/<service>`) or a customer-managed key
 * is enough; a key that only the service owns is not, even where AWS switches it on by default
 * (SSE-SQS, DynamoDB's default, CloudWatch Logs' default, ElastiCache's and Firehose's
 * service-owned keys), because nobody can restrict it with a key policy, see its use in
 * CloudTrail, or revoke it to make the data unreadable. `requireCustomerManagedKeys` raises the
 * line to customer-managed keys only (for regimes that demand key ownership); an AWS-managed key
 * is recognised by its `alias/aws/` name or by the service's default being one, and a key id
 * unknown during preview is a key created by this program, so customer-managed.
 *
 * | Resource                                 | Required                                            |
 * | ---------------------------------------- | --------------------------------------------------- |
 * | aws.kinesis.Stream                       | encryptionType "KMS" and kmsKeyId                   |
 * | aws.kinesis.FirehoseDeliveryStream       | serverSideEncryption enabled, CUSTOMER_MANAGED_CMK, keyArn (Direct PUT only: a Kinesis or MSK source encrypts the records, and AWS refuses SSE with one) |
 * | aws.sqs.Queue                            | kmsMasterKeyId (SSE-SQS is a service-owned key)     |
 * | aws.sns.Topic                            | kmsMasterKeyId                                      |
 * | aws.dynamodb.Table                       | serverSideEncryption.enabled (aws/dynamodb or kmsKeyArn) |
 * | aws.dynamodb.TableReplica                | with requireCustomerManagedKeys: kmsKeyArn          |
 * | aws.opensearch.Domain, aws.elasticsearch.Domain | encryptAtRest.enabled (aws/es or kmsKeyId)   |
 * | aws.elasticache.ReplicationGroup         | atRestEncryptionEnabled (default true only for valkey) and kmsKeyId |
 * | aws.elasticache.Cluster                  | Redis/Valkey only inside a replication group; Memcached keeps no data on disk |
 * | aws.elasticache.ServerlessCache          | kmsKeyId (always encrypted, by default with a service-owned key) |
 * | aws.eks.Cluster                          | encryptionConfig: resources ["secrets"], provider.keyArn |
 * | eks:index:Cluster (@pulumi/eks)          | encryptionConfigKeyArn                              |
 * | aws.cloudwatch.LogGroup                  | kmsKeyId                                            |
 * | aws.secretsmanager.Secret                | always aws/secretsmanager; with requireCustomerManagedKeys: kmsKeyId |
 * | aws.ebs.Volume                           | encrypted                                           |
 * | aws.ec2.Instance                         | encrypted on rootBlockDevice and every ebsBlockDevices entry it declares |
 * | aws.ec2.LaunchTemplate                   | ebs.encrypted "true" on every blockDeviceMappings entry with ebs |
 * | aws.rds.Instance, aws.rds.Cluster        | storageEncrypted (aws/rds or kmsKeyId)              |
 * | aws.docdb.Cluster, aws.neptune.Cluster   | storageEncrypted (aws/rds or kmsKeyId / kmsKeyArn)  |
 * | aws.efs.FileSystem                       | encrypted (aws/elasticfilesystem or kmsKeyId)       |
 * | aws.redshift.Cluster                     | encrypted (aws/redshift or kmsKeyId)                |
 * | aws.memorydb.Cluster                     | kmsKeyArn (always encrypted, by default with a service-owned key) |
 * | aws.dax.Cluster                          | serverSideEncryption.enabled (DAX takes no key of yours) |
 *
 * S3 buckets are `s3-encryption` (a stack rule: their encryption is a separate resource).
 * Volumes an instance or launch template does not declare come from the AMI and the account's
 * EBS encryption-by-default, which a preview cannot see.
 */
import { isUnknown, resourceRule } from "../lib/rule";

type Props = Record<string, unknown>;

interface Options {
    /** Only customer-managed keys count (the rule's `requireCustomerManagedKeys`). */
    readonly cmk: boolean;
}

type Check = (props: Props, options: Options) => string[];

const AWS_MANAGED_ALIAS = /^(arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\//;

function obj(value: unknown): Props | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Props)
        : undefined;
}

/** How a value reads in a message: `missing`, `false`, `"NONE"`. */
function shown(value: unknown): string {
    return value === undefined || value === null ? "missing" : JSON.stringify(value);
}

/** A setting that decides safety must be plain: an unknown one fails closed. */
function unknownSetting(path: string, plain: string): string {
    return `${path} is unknown during preview: pass a plain ${plain}.`;
}

/** `value` must be `true`; the fix names what to set. */
function mustBeTrue(path: string, value: unknown, fix: string): string[] {
    if (value === true) return [];
    if (isUnknown(value)) return [unknownSetting(path, "true")];
    return [`${path} is ${shown(value)}: ${fix}`];
}

function present(value: unknown): boolean {
    return isUnknown(value) || (typeof value === "string" && value !== "");
}

/**
 * A KMS key reference: missing is `missing`; an unknown id is a key this program creates; with
 * `requireCustomerManagedKeys`, an `alias/aws/...` key is rejected.
 */
function key(path: string, value: unknown, options: Options, missing: string): string[] {
    if (!present(value)) return [`${path} is missing: ${missing}`];
    if (options.cmk && typeof value === "string" && AWS_MANAGED_ALIAS.test(value)) {
        return [
            `${path} is the AWS-managed key "${value}": requireCustomerManagedKeys is on; use a customer-managed KMS key.`,
        ];
    }
    return [];
}

/** Under `requireCustomerManagedKeys`, a key left to the service's AWS-managed default. */
function customerKey(path: string, value: unknown, options: Options, defaultKey: string): string[] {
    if (!options.cmk) return [];
    return key(
        path,
        value,
        options,
        `requireCustomerManagedKeys is on and the default is the AWS-managed ${defaultKey} key; set ${path} to a customer-managed KMS key.`,
    );
}

const kinesisStream: Check = (p, o) => {
    if (isUnknown(p.encryptionType)) return [unknownSetting("encryptionType", 'string ("KMS")')];
    if (p.encryptionType !== "KMS") {
        return [
            `encryptionType is ${shown(p.encryptionType)}: set encryptionType "KMS" and kmsKeyId (alias/aws/kinesis or a customer-managed key).`,
        ];
    }
    return key(
        "kmsKeyId",
        p.kmsKeyId,
        o,
        "set kmsKeyId (alias/aws/kinesis or a customer-managed key).",
    );
};

const firehose: Check = (p) => {
    // SSE applies to Direct PUT streams; a Kinesis or MSK source keeps the records encrypted.
    if (obj(p.kinesisSourceConfiguration) || obj(p.mskSourceConfiguration)) return [];
    const fix =
        'set serverSideEncryption { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn }.';
    const sse = obj(p.serverSideEncryption);
    if (!sse) {
        if (isUnknown(p.serverSideEncryption))
            return [unknownSetting("serverSideEncryption", "object")];
        return [`serverSideEncryption is missing: ${fix}`];
    }
    const problems = mustBeTrue("serverSideEncryption.enabled", sse.enabled, fix);
    if (problems.length) return problems;
    if (isUnknown(sse.keyType)) {
        return [unknownSetting("serverSideEncryption.keyType", 'string ("CUSTOMER_MANAGED_CMK")')];
    }
    if (sse.keyType !== "CUSTOMER_MANAGED_CMK") {
        return [
            `serverSideEncryption.keyType is ${shown(sse.keyType)} (an AWS-owned key, default AWS_OWNED_CMK): set keyType "CUSTOMER_MANAGED_CMK" and keyArn.`,
        ];
    }
    if (!present(sse.keyArn)) {
        return [
            "serverSideEncryption.keyArn is missing: set it to the customer-managed KMS key's ARN.",
        ];
    }
    return [];
};

const sqsQueue: Check = (p, o) =>
    key(
        "kmsMasterKeyId",
        p.kmsMasterKeyId,
        o,
        "SSE-SQS (sqsManagedSseEnabled) uses a key only SQS owns; set kmsMasterKeyId to a KMS key (alias/aws/sqs, or a customer-managed key so that SNS and EventBridge can deliver).",
    );

const snsTopic: Check = (p, o) =>
    key(
        "kmsMasterKeyId",
        p.kmsMasterKeyId,
        o,
        "set kmsMasterKeyId to a KMS key (alias/aws/sns, or a customer-managed key so that AWS services can publish).",
    );

const dynamodbTable: Check = (p, o) => {
    const sse = obj(p.serverSideEncryption);
    const problems = mustBeTrue(
        "serverSideEncryption.enabled",
        sse ? sse.enabled : isUnknown(p.serverSideEncryption) ? p.serverSideEncryption : undefined,
        "the default is a key only DynamoDB owns; set serverSideEncryption { enabled: true } (the AWS-managed aws/dynamodb key), with kmsKeyArn for a customer-managed key.",
    );
    if (problems.length) return problems;
    return customerKey("serverSideEncryption.kmsKeyArn", sse?.kmsKeyArn, o, "aws/dynamodb");
};

const dynamodbReplica: Check = (p, o) => customerKey("kmsKeyArn", p.kmsKeyArn, o, "aws/dynamodb");

const searchDomain: Check = (p, o) => {
    const ear = obj(p.encryptAtRest);
    const problems = mustBeTrue(
        "encryptAtRest.enabled",
        ear ? ear.enabled : isUnknown(p.encryptAtRest) ? p.encryptAtRest : undefined,
        "set encryptAtRest { enabled: true } (the AWS-managed aws/es key), with kmsKeyId for a customer-managed key.",
    );
    if (problems.length) return problems;
    return customerKey("encryptAtRest.kmsKeyId", ear?.kmsKeyId, o, "aws/es");
};

const ELASTICACHE_KEY =
    "without it ElastiCache encrypts with a key only the service owns; set kmsKeyId to a customer-managed KMS key.";

const replicationGroup: Check = (p, o) => {
    // Valkey groups are encrypted at rest unless told otherwise; Redis OSS groups are not.
    const atRest =
        p.atRestEncryptionEnabled === undefined && p.engine === "valkey"
            ? true
            : p.atRestEncryptionEnabled;
    const problems = mustBeTrue(
        "atRestEncryptionEnabled",
        atRest,
        "set atRestEncryptionEnabled true and kmsKeyId (a customer-managed KMS key).",
    );
    if (problems.length) return problems;
    return key("kmsKeyId", p.kmsKeyId, o, ELASTICACHE_KEY);
};

const cacheCluster: Check = (p) => {
    // A member of a replication group has the group's encryption.
    if (present(p.replicationGroupId)) return [];
    if (isUnknown(p.engine)) return [unknownSetting("engine", "string")];
    // Node-based Memcached keeps its data in memory only: no snapshots, nothing on disk.
    if (p.engine === "memcached") return [];
    return [
        `engine is ${shown(p.engine)} without replicationGroupId: a standalone Redis/Valkey cluster cannot be encrypted at rest; create an aws.elasticache.ReplicationGroup with atRestEncryptionEnabled and kmsKeyId.`,
    ];
};

const serverlessCache: Check = (p, o) => key("kmsKeyId", p.kmsKeyId, o, ELASTICACHE_KEY);

const eksCluster: Check = (p) => {
    const fix =
        'set encryptionConfig { resources: ["secrets"], provider: { keyArn } } with a customer-managed KMS key.';
    const ec = obj(p.encryptionConfig);
    if (!ec) {
        if (isUnknown(p.encryptionConfig)) return [unknownSetting("encryptionConfig", "object")];
        return [
            `encryptionConfig is missing: Kubernetes secrets are not envelope-encrypted; ${fix}`,
        ];
    }
    const problems: string[] = [];
    if (isUnknown(ec.resources)) {
        problems.push(unknownSetting("encryptionConfig.resources", 'list (["secrets"])'));
    } else if (!Array.isArray(ec.resources) || !ec.resources.includes("secrets")) {
        problems.push(`encryptionConfig.resources is ${shown(ec.resources)}: include "secrets".`);
    }
    const provider = obj(ec.provider);
    if (!present(provider?.keyArn) && !isUnknown(ec.provider)) {
        problems.push(
            "encryptionConfig.provider.keyArn is missing: set it to a customer-managed KMS key ARN.",
        );
    }
    return problems;
};

const eksComponent: Check = (p) =>
    present(p.encryptionConfigKeyArn)
        ? []
        : [
              "encryptionConfigKeyArn is missing: Kubernetes secrets are not envelope-encrypted; set it to a customer-managed KMS key ARN.",
          ];

const logGroup: Check = (p, o) =>
    key(
        "kmsKeyId",
        p.kmsKeyId,
        o,
        "CloudWatch Logs' default encryption uses a key only the service owns; set kmsKeyId to a customer-managed KMS key whose policy lets logs.<region>.amazonaws.com use it.",
    );

const secret: Check = (p, o) => customerKey("kmsKeyId", p.kmsKeyId, o, "aws/secretsmanager");

/**
 * One EBS volume, standalone or a block device: `encrypted` (`literal` is how the resource spells
 * true), and under `requireCustomerManagedKeys` its kmsKeyId.
 */
function ebs(path: string, block: Props, o: Options, literal = "true"): string[] {
    const prefix = path ? `${path}.` : "";
    const encrypted = block.encrypted === "true" ? true : block.encrypted;
    const problems = mustBeTrue(
        `${prefix}encrypted`,
        encrypted,
        `set ${prefix}encrypted ${literal}, with kmsKeyId for a customer-managed key.`,
    );
    if (problems.length) return problems;
    return customerKey(`${prefix}kmsKeyId`, block.kmsKeyId, o, "aws/ebs");
}

const ebsVolume: Check = (p, o) => ebs("", p, o);

function list(value: unknown): Props[] {
    return Array.isArray(value) ? value.map((v) => obj(v) ?? {}) : [];
}

const instance: Check = (p, o) => {
    const problems: string[] = [];
    const root = obj(p.rootBlockDevice);
    if (root) problems.push(...ebs("rootBlockDevice", root, o));
    list(p.ebsBlockDevices).forEach((d, i) => problems.push(...ebs(`ebsBlockDevices[${i}]`, d, o)));
    return problems;
};

const launchTemplate: Check = (p, o) => {
    const problems: string[] = [];
    list(p.blockDeviceMappings).forEach((m, i) => {
        const volume = obj(m.ebs);
        // The provider takes this flag as a string: "true".
        if (volume) problems.push(...ebs(`blockDeviceMappings[${i}].ebs`, volume, o, '"true"'));
    });
    return problems;
};

/**
 * Databases and file systems that take a storage-encryption flag: it must be true; without a key
 * they use the service's AWS-managed key (aws/rds, aws/elasticfilesystem, aws/redshift), and with
 * requireCustomerManagedKeys the key must be named.
 */
function storageFlag(flag: string, keyInput: string, defaultKey: string): Check {
    return (p, o) => {
        const problems = mustBeTrue(
            flag,
            p[flag] === "true" ? true : p[flag],
            `set ${flag} true (and ${keyInput} to a KMS key, or leave it for the AWS-managed ${defaultKey} key).`,
        );
        if (problems.length > 0) return problems;
        return customerKey(keyInput, p[keyInput], o, defaultKey);
    };
}

/** MemoryDB encrypts at rest with a service-owned key unless kmsKeyArn names one. */
const memorydbCluster: Check = (p, o) =>
    key(
        "kmsKeyArn",
        p.kmsKeyArn,
        o,
        "MemoryDB encrypts with a key only the service owns: set kmsKeyArn to a KMS key.",
    );

/** DAX encrypts its nodes' disks only when asked (with an AWS-owned key). */
const daxCluster: Check = (p) => {
    const sse = obj(p.serverSideEncryption);
    return mustBeTrue(
        "serverSideEncryption.enabled",
        sse ? sse.enabled : isUnknown(p.serverSideEncryption) ? p.serverSideEncryption : undefined,
        "set serverSideEncryption { enabled: true }.",
    );
};

const CHECKS: Record<string, Check> = {
    "aws:kinesis/stream:Stream": kinesisStream,
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": firehose,
    "aws:sqs/queue:Queue": sqsQueue,
    "aws:sns/topic:Topic": snsTopic,
    "aws:dynamodb/table:Table": dynamodbTable,
    "aws:dynamodb/tableReplica:TableReplica": dynamodbReplica,
    "aws:opensearch/domain:Domain": searchDomain,
    "aws:elasticsearch/domain:Domain": searchDomain,
    "aws:elasticache/replicationGroup:ReplicationGroup": replicationGroup,
    "aws:elasticache/cluster:Cluster": cacheCluster,
    "aws:elasticache/serverlessCache:ServerlessCache": serverlessCache,
    "aws:eks/cluster:Cluster": eksCluster,
    "eks:index:Cluster": eksComponent,
    "aws:cloudwatch/logGroup:LogGroup": logGroup,
    "aws:secretsmanager/secret:Secret": secret,
    "aws:ebs/volume:Volume": ebsVolume,
    "aws:ec2/instance:Instance": instance,
    "aws:ec2/launchTemplate:LaunchTemplate": launchTemplate,
    "aws:rds/instance:Instance": storageFlag("storageEncrypted", "kmsKeyId", "aws/rds"),
    "aws:rds/cluster:Cluster": storageFlag("storageEncrypted", "kmsKeyId", "aws/rds"),
    "aws:efs/fileSystem:FileSystem": storageFlag("encrypted", "kmsKeyId", "aws/elasticfilesystem"),
    "aws:docdb/cluster:Cluster": storageFlag("storageEncrypted", "kmsKeyId", "aws/rds"),
    "aws:neptune/cluster:Cluster": storageFlag("storageEncrypted", "kmsKeyArn", "aws/rds"),
    "aws:redshift/cluster:Cluster": storageFlag("encrypted", "kmsKeyId", "aws/redshift"),
    "aws:memorydb/cluster:Cluster": memorydbCluster,
    "aws:dax/cluster:Cluster": daxCluster,
};

/** Data stores are encrypted at rest under a KMS key the account controls. */
export const rule = resourceRule({
    name: "encrypted-at-rest",
    description:
        "Data stores must be encrypted at rest under a KMS key the account can see (AWS-managed or customer-managed), not a key only the service owns.",
    nearest: {
        awsguard: [
            "dynamodb-table-encryption-enabled",
            "efs-encrypted",
            "elasticsearch-encrypted-at-rest",
            "encrypted-volumes",
            "rds-storage-encrypted",
            "redshift-cluster-configuration",
        ],
        cdkNag: [
            "AwsSolutions-KDS1",
            "AwsSolutions-KDF1",
            "AwsSolutions-SQS2",
            "AwsSolutions-SNS2",
            "AwsSolutions-OS8",
            "AwsSolutions-AEC3",
            "AwsSolutions-EC26",
            "AwsSolutions-RDS2",
            "AwsSolutions-EFS1",
            "AwsSolutions-DOC1",
        ],
        checkov: [
            "CKV_AWS_43",
            "CKV_AWS_240",
            "CKV_AWS_241",
            "CKV_AWS_27",
            "CKV_AWS_26",
            "CKV_AWS_119",
            "CKV_AWS_5",
            "CKV_AWS_29",
            "CKV_AWS_58",
            "CKV_AWS_158",
            "CKV_AWS_149",
            "CKV_AWS_3",
            "CKV_AWS_8",
            "CKV_AWS_16",
            "CKV_AWS_96",
            "CKV_AWS_42",
            "CKV_AWS_74",
            "CKV_AWS_44",
            "CKV_AWS_64",
            "CKV_AWS_201",
        ],
    },
    config: {
        requireCustomerManagedKeys: {
            type: "boolean",
            default: false,
            description:
                "Accept only customer-managed KMS keys: AWS-managed keys (alias/aws/...) and service defaults that use them fail.",
        },
    },
    types: Object.keys(CHECKS),
    check: ({ type, props }, config) =>
        CHECKS[type](props, { cmk: config.requireCustomerManagedKeys === true }),
});
