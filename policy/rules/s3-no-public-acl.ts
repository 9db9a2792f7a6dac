import { isUnknown, resourceRule } from "../lib/rule";
import { listAt, objectAt } from "../lib/network";

/** Canned ACLs that grant everyone, or every AWS account, access. */
const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];

/** Grantee groups that stand for everyone and for every AWS account. */
const PUBLIC_GROUPS = [
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const ACL_TYPES = ["aws:s3/bucketAclV2:BucketAclV2", "aws:s3/bucketAcl:BucketAcl"];
const OBJECT_TYPES = [
    "aws:s3/bucketObject:BucketObject",
    "aws:s3/bucketObjectv2:BucketObjectv2",
    "aws:s3/objectCopy:ObjectCopy",
];

function cannedAclProblems(acl: unknown): string[] {
    if (isUnknown(acl))
        return ['acl is unknown during preview: pass a plain canned ACL ("private").'];
    return typeof acl === "string" && PUBLIC_CANNED_ACLS.includes(acl)
        ? [
              `acl is "${acl}": remove it (S3 is private by default) and grant access to named principals in a bucket policy.`,
          ]
        : [];
}

/** Grants to the public groups, with `uriOf` reading a grant's grantee URI. */
function grantProblems(
    path: string,
    grants: unknown,
    uriOf: (grant: Record<string, unknown>) => unknown,
): string[] {
    if (isUnknown(grants)) return [`${path} is unknown during preview: pass plain grants.`];
    return listAt(grants).flatMap((g, i) => {
        const uri = uriOf(objectAt(g) ?? {});
        if (isUnknown(uri))
            return [`${path}[${i}] grantee URI is unknown during preview: pass a plain value.`];
        return typeof uri === "string" && PUBLIC_GROUPS.includes(uri)
            ? [
                  `${path}[${i}] grants access to ${uri}: remove the grant and grant access to named principals in a bucket policy.`,
              ]
            : [];
    });
}

/**
 * No S3 ACL makes a bucket or an object public: no public canned ACL on a bucket, a bucket ACL
 * resource, or an object, and no grant to the AllUsers or AuthenticatedUsers groups. Public access
 * blocks (s3-public-access-blocked) make AWS ignore such ACLs; this rule keeps them from being
 * written at all.
 */
export const rule = resourceRule({
    name: "s3-no-public-acl",
    description:
        "S3 buckets and objects must not have a public ACL (public-read, public-read-write, authenticated-read, or grants to AllUsers or AuthenticatedUsers).",
    nearest: {
        cdkNag: [
            "NIST.800.53.R5-S3BucketPublicReadProhibited",
            "NIST.800.53.R5-S3BucketPublicWriteProhibited",
        ],
        checkov: ["CKV_AWS_20", "CKV_AWS_57"],
    },
    types: [...BUCKET_TYPES, ...ACL_TYPES, ...OBJECT_TYPES],
    check: ({ type, props }) => {
        const problems = cannedAclProblems(props.acl);
        if (ACL_TYPES.includes(type)) {
            if (isUnknown(props.accessControlPolicy)) {
                problems.push(
                    "accessControlPolicy is unknown during preview: pass it as a plain object.",
                );
            } else {
                problems.push(
                    ...grantProblems(
                        "accessControlPolicy.grants",
                        objectAt(props.accessControlPolicy)?.grants,
                        (g) => objectAt(g.grantee)?.uri,
                    ),
                );
            }
        } else if (props.grants !== undefined) {
            problems.push(...grantProblems("grants", props.grants, (g) => g.uri));
        }
        return problems;
    },
});
