import { isUnknown, Resource, stackRule } from "../lib/rule";
import { flag, refersTo } from "../lib/network";

const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const BUCKET_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ACCOUNT_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";

/** The four settings of a public access block, each of which must be true. */
const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

function flagProblems(block: Resource): string[] {
    return FLAGS.flatMap((name) => {
        const v = flag(block.props[name]);
        if (v === true) return [];
        if (v === "unknown") return [`${name} is unknown during preview: pass a plain true.`];
        return v === false
            ? [`${name} is false: set it true.`]
            : [`${name} is not set (it defaults to false): set it true.`];
    });
}

/** True when `block`'s `bucket` input names `bucket`: from its URN, or by its plain name. */
function blocks(block: Resource, bucket: Resource): boolean {
    const name = bucket.props.bucket;
    return refersTo(block, "bucket", bucket, isUnknown(name) ? undefined : name);
}

/**
 * Every S3 bucket has an `aws.s3.BucketPublicAccessBlock` whose `bucket` comes from it (found
 * through propertyDependencies, so it works while the bucket's name is unknown) or names it, and
 * every public access block, of a bucket or of the account, has all four settings true. The
 * account-level block does not stand in for a bucket's own: an account setting can be changed
 * outside this program.
 */
export const rule = stackRule({
    name: "s3-public-access-blocked",
    description:
        "Every S3 bucket must have a public access block with all four settings true, and no public access block (bucket or account) may turn one off.",
    nearest: {
        cdkNag: ["AwsSolutions-S2", "NIST.800.53.R5-S3BucketLevelPublicAccessProhibited"],
        checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
    },
    check: (resources) => {
        const blockResources = resources.filter((r) => r.type === BUCKET_BLOCK);
        return resources.flatMap((resource) => {
            let messages: string[] = [];
            if (resource.type === BUCKET_BLOCK || resource.type === ACCOUNT_BLOCK) {
                messages = flagProblems(resource);
            } else if (BUCKET_TYPES.includes(resource.type)) {
                if (!blockResources.some((b) => blocks(b, resource))) {
                    messages = [
                        "no aws.s3.BucketPublicAccessBlock names this bucket: add one with bucket set to this bucket and blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
                    ];
                }
            }
            return messages.map((message) => ({ resource, message }));
        });
    },
});
