/**
 * The IAM documents StaticSite writes, as objects, so that the policy pack reads their actions,
 * principals and condition keys during a preview even while the ARNs in them are unknown.
 */
import type * as aws from "@pulumi/aws";
import { denyInsecureTransport } from "../lib/iam";
import { KEY_ACCOUNT_ACTIONS } from "../lib/kms";
import * as pulumi from "@pulumi/pulumi";

/** The service principal CloudFront signs origin requests with (Origin Access Control). */
export const CLOUDFRONT_PRINCIPAL = "cloudfront.amazonaws.com";

/** The service principal that writes CloudWatch-vended logs (CloudFront standard logging v2). */
export const LOG_DELIVERY_PRINCIPAL = "delivery.logs.amazonaws.com";

/** Refuses every request to the bucket and its objects that does not arrive over TLS. */
function denyInsecureBucketTransport(bucketArn: pulumi.Input<string>): aws.iam.PolicyStatement {
    return denyInsecureTransport("s3:*", [bucketArn, pulumi.interpolate`${bucketArn}/*`]);
}

/**
 * The content bucket's policy: TLS only, and objects readable by CloudFront only when the request
 * is signed for this one distribution (`AWS:SourceArn`). No other principal is granted anything:
 * the account's own IAM principals reach the bucket through IAM.
 */
export function contentBucketPolicy(
    bucketArn: pulumi.Input<string>,
    distributionArn: pulumi.Input<string>,
): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureBucketTransport(bucketArn),
            {
                Sid: "AllowCloudFrontReadThroughOriginAccessControl",
                Effect: "Allow",
                Principal: { Service: CLOUDFRONT_PRINCIPAL },
                Action: "s3:GetObject",
                Resource: pulumi.interpolate`${bucketArn}/*`,
                Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
            },
        ],
    };
}

/**
 * The log bucket's policy: TLS only, and CloudWatch's log delivery may check the bucket and write
 * objects (owned by the bucket, `bucket-owner-full-control`) only for this account's one delivery
 * source. This is what CloudWatch would add by itself; written here, nothing edits the policy
 * behind Pulumi's back.
 */
export function logBucketPolicy(
    bucketArn: pulumi.Input<string>,
    accountId: pulumi.Input<string>,
    deliverySourceArn: pulumi.Input<string>,
): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureBucketTransport(bucketArn),
            {
                Sid: "AllowLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY_PRINCIPAL },
                Action: "s3:PutObject",
                Resource: pulumi.interpolate`${bucketArn}/*`,
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": accountId,
                        "s3:x-amz-acl": "bucket-owner-full-control",
                    },
                    ArnLike: { "aws:SourceArn": deliverySourceArn },
                },
            },
            {
                Sid: "AllowLogDeliveryAclCheck",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY_PRINCIPAL },
                // ListBucket too: without it delivery still works but fills CloudTrail with denials.
                Action: ["s3:GetBucketAcl", "s3:ListBucket"],
                Resource: bucketArn,
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": deliverySourceArn },
                },
            },
        ],
    };
}

/**
 * The policy of the key the component creates for both buckets. `aws.kms.Key#policy` takes only a
 * string, so it must not hold an id created in this run, or it would be unknown during a preview:
 * hence CloudFront's grant names this account's distributions (`distribution/*`) rather than this
 * one. The content bucket's policy is what pins reads to this distribution; the key only lets
 * S3 decrypt for CloudFront, and log delivery encrypt, for this account.
 */
export function siteKeyPolicy(
    partition: pulumi.Input<string>,
    accountId: pulumi.Input<string>,
    cloudFrontRegion: string,
): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersAndUsesKey",
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
                Action: KEY_ACCOUNT_ACTIONS,
                // In a key policy, "*" means "this key": a key policy cannot name other keys.
                Resource: "*",
            },
            {
                Sid: "CloudFrontDecryptsThisAccountsDistributionsReads",
                Effect: "Allow",
                Principal: { Service: CLOUDFRONT_PRINCIPAL },
                Action: "kms:Decrypt",
                Resource: "*",
                // Only AWS:SourceArn, as AWS documents for OAC with SSE-KMS: it is the key CloudFront
                // sets on the request S3 makes to KMS for it, and the account is inside the ARN.
                Condition: {
                    ArnLike: {
                        "aws:SourceArn": pulumi.interpolate`arn:${partition}:cloudfront::${accountId}:distribution/*`,
                    },
                },
            },
            {
                Sid: "LogDeliveryEncryptsThisAccountsAccessLogs",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY_PRINCIPAL },
                // What S3 calls for a PutObject under SSE-KMS (Decrypt for multipart uploads).
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: {
                        "aws:SourceArn": pulumi.interpolate`arn:${partition}:logs:${cloudFrontRegion}:${accountId}:delivery-source:*`,
                    },
                },
            },
        ],
    };
}
