/**
 * `s3-encryption`: every S3 bucket's default encryption is SSE-KMS.
 *
 * S3 encrypts every new object since January 2023, but by default with SSE-S3 (AES256): a key only
 * S3 owns, which no key policy can restrict and whose use CloudTrail never shows. So, as in
 * `encrypted-at-rest`, the bucket must name KMS ("aws:kms" or "aws:kms:dsse"), with the
 * AWS-managed aws/s3 key or a customer-managed one (`requireCustomerManagedKeys` accepts only the
 * latter). A bucket's default encryption is a separate resource
 * (aws.s3.BucketServerSideEncryptionConfiguration, or its V2 alias) whose `bucket` comes from the
 * bucket: the stack rule matches them through the `bucket` property's dependencies, since the
 * bucket's name is unknown until it exists. The bucket's own deprecated
 * `serverSideEncryptionConfiguration` counts too. Buckets that must stay on SSE-S3 (load balancer
 * access logs only support it) take an exception in the policy config.
 */
import { isUnknown, Resource, stackRule } from "../lib/rule";

const BUCKET_TYPES = new Set(["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]);
const CONFIG_TYPES = new Set([
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
]);
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];
const AWS_MANAGED_ALIAS = /^(arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\//;

type Props = Record<string, unknown>;

function obj(value: unknown): Props | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Props)
        : undefined;
}

/** A default-encryption rule and where it was written, for messages. */
interface Default {
    readonly where: string;
    readonly rule: unknown;
}

/** The problems with one default-encryption rule (`where` names it). */
function problemsOf({ where, rule }: Default, cmk: boolean): string[] {
    const byDefault = obj(obj(rule)?.applyServerSideEncryptionByDefault);
    const path = `${where}.applyServerSideEncryptionByDefault`;
    if (!byDefault) {
        if (isUnknown(rule) || isUnknown(obj(rule)?.applyServerSideEncryptionByDefault)) {
            return [`${path} is unknown during preview: pass a plain object.`];
        }
        return [`${path} is missing: set { sseAlgorithm: "aws:kms", kmsMasterKeyId }.`];
    }
    const algorithm = byDefault.sseAlgorithm;
    if (isUnknown(algorithm)) {
        return [`${path}.sseAlgorithm is unknown during preview: pass a plain string ("aws:kms").`];
    }
    if (typeof algorithm !== "string" || !KMS_ALGORITHMS.includes(algorithm)) {
        return [
            `${path}.sseAlgorithm is ${JSON.stringify(algorithm ?? null)} (SSE-S3, a key only S3 owns): set "aws:kms" (or "aws:kms:dsse") with kmsMasterKeyId.`,
        ];
    }
    const keyId = byDefault.kmsMasterKeyId;
    if (!cmk || isUnknown(keyId)) return [];
    if (typeof keyId !== "string" || keyId === "") {
        return [
            `${path}.kmsMasterKeyId is missing: requireCustomerManagedKeys is on and the default is the AWS-managed aws/s3 key; set a customer-managed KMS key.`,
        ];
    }
    if (AWS_MANAGED_ALIAS.test(keyId)) {
        return [
            `${path}.kmsMasterKeyId is the AWS-managed key "${keyId}": requireCustomerManagedKeys is on; use a customer-managed KMS key.`,
        ];
    }
    return [];
}

/** Whether an encryption configuration resource is for this bucket. */
function configures(config: Resource, bucket: Resource): boolean {
    if ((config.propertyDependencies.bucket ?? []).includes(bucket.urn)) return true;
    const name = bucket.props.bucket;
    return typeof name === "string" && name !== "" && config.props.bucket === name;
}

/** The default-encryption rules that apply to a bucket, from itself and from separate resources. */
function defaultsOf(bucket: Resource, configs: readonly Resource[]): Default[] {
    const found: Default[] = [];
    const inline = obj(bucket.props.serverSideEncryptionConfiguration);
    // Unknown here means "not set by the program" (a computed output), not encryption.
    if (inline?.rule !== undefined) {
        found.push({ where: "serverSideEncryptionConfiguration.rule", rule: inline.rule });
    }
    for (const config of configs.filter((c) => configures(c, bucket))) {
        const where = `BucketServerSideEncryptionConfiguration "${config.name}"`;
        const rules = config.props.rules;
        if (Array.isArray(rules) && rules.length > 0) {
            rules.forEach((rule, i) => found.push({ where: `${where} rules[${i}]`, rule }));
        } else {
            found.push({ where: `${where} rules`, rule: isUnknown(rules) ? rules : undefined });
        }
    }
    return found;
}

/** Every S3 bucket's default encryption is SSE-KMS. */
export const rule = stackRule({
    name: "s3-encryption",
    description:
        "S3 buckets must default to SSE-KMS (aws:kms or aws:kms:dsse), not SSE-S3, whose key only S3 owns.",
    nearest: {
        cdkNag: ["AwsSolutions-S3"],
        checkov: ["CKV_AWS_19", "CKV_AWS_145"],
    },
    config: {
        requireCustomerManagedKeys: {
            type: "boolean",
            default: false,
            description:
                "Accept only customer-managed KMS keys: the AWS-managed aws/s3 key (kmsMasterKeyId omitted or alias/aws/s3) fails.",
        },
    },
    check: (resources, config) => {
        const cmk = config.requireCustomerManagedKeys === true;
        const configs = resources.filter((r) => CONFIG_TYPES.has(r.type));
        const out: { resource: Resource; message: string }[] = [];
        for (const bucket of resources.filter((r) => BUCKET_TYPES.has(r.type))) {
            const defaults = defaultsOf(bucket, configs);
            if (defaults.length === 0) {
                out.push({
                    resource: bucket,
                    message:
                        'no default encryption, so S3 uses SSE-S3 (a key only S3 owns): add an aws.s3.BucketServerSideEncryptionConfiguration with bucket set to this bucket and rules [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId } }].',
                });
            }
            for (const d of defaults) {
                for (const message of problemsOf(d, cmk)) out.push({ resource: bucket, message });
            }
        }
        return out;
    },
});
