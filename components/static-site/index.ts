import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cachedPaths, contentHashOf, readSiteContent } from "./content";
import { STATIC_SITE_FIXED, withDefaults } from "./defaults";
import type { StaticSiteArgs } from "./args";
import { CloudFrontInvalidation } from "./invalidation";
import { contentBucketPolicy, logBucketPolicy, siteKeyPolicy } from "./policies";
import { validateStaticSiteArgs } from "./validate";
import { assetPath } from "../lib/asset-path";

export {
    cacheKindOf,
    cachedPaths,
    contentHashOf,
    contentTypeOf,
    invalidationPathOf,
    readSiteContent,
} from "./content";
export type { CacheKind, SiteFile } from "./content";
export {
    PRICE_CLASSES,
    REFERRER_POLICIES,
    STATIC_SITE_DEFAULTS,
    STATIC_SITE_FIXED,
} from "./defaults";
export type { PriceClass, ReferrerPolicy, StaticSiteArgs } from "./args";
export { CloudFrontInvalidation, changedPaths, invalidationProvider } from "./invalidation";
export type {
    CloudFrontInvalidationArgs,
    InvalidationInputs,
    InvalidationOutputs,
} from "./invalidation";
export {
    CONTENT_SECURITY_POLICY_MAX_LENGTH,
    isCloudFrontWebAclArn,
    isHostedZoneId,
    isSiteDomainName,
    RETENTION_DAYS_RANGE,
    validateStaticSiteArgs,
} from "./validate";

/** The origin id of the content bucket inside the distribution. */
const ORIGIN_ID = "content";

/**
 * A static website: a private, versioned, KMS-encrypted S3 bucket that only this CloudFront
 * distribution may read (Origin Access Control, SigV4 on every request); CloudFront serving HTTPS
 * only with TLS 1.2+, HTTP/2 and HTTP/3, security headers and access logs (standard logging v2 to
 * a private log bucket); with a domain, an ACM certificate in us-east-1 and alias records. A local
 * folder is uploaded with content types and cache-control, and every deploy that changes content
 * invalidates exactly the changed paths.
 */
export class StaticSite extends pulumi.ComponentResource {
    /** The content bucket's name. */
    public readonly bucketName: pulumi.Output<string>;
    /** The access log bucket's name. */
    public readonly logBucketName: pulumi.Output<string>;
    /** The distribution's id. */
    public readonly distributionId: pulumi.Output<string>;
    /** The distribution's ARN. */
    public readonly distributionArn: pulumi.Output<string>;
    /** The distribution's `*.cloudfront.net` domain name. */
    public readonly distributionDomainName: pulumi.Output<string>;
    /** The site's URL: https:// and domainName, or the distribution's domain without one. */
    public readonly url: pulumi.Output<string>;
    /** The KMS key encrypting both buckets (created, or the kmsKeyArn argument). */
    public readonly kmsKeyArn: pulumi.Output<string>;

    constructor(name: string, args: StaticSiteArgs, opts?: pulumi.ComponentResourceOptions) {
        validateStaticSiteArgs(name, args);
        super("lightspeed:index:StaticSite", name, args, opts);
        const a = withDefaults(args);
        const fixed = STATIC_SITE_FIXED;
        const stateful = { parent: this, protect: a.protect };

        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        // CloudFront reads viewer certificates, and takes log delivery sources, only in us-east-1.
        const usEast1 = new aws.Provider(
            `${name}-${fixed.cloudFrontRegion}`,
            { region: fixed.cloudFrontRegion },
            { parent: this },
        );

        // --- Encryption key ------------------------------------------------------------------

        let keyArn: pulumi.Output<string>;
        if (a.kmsKeyArn !== undefined) {
            keyArn = pulumi.output(a.kmsKeyArn);
        } else {
            const key = new aws.kms.Key(
                `${name}-key`,
                {
                    description: `Encrypts the content and access logs of StaticSite ${name}`,
                    enableKeyRotation: true,
                    deletionWindowInDays: fixed.keyDeletionWindowDays,
                    // aws.kms.Key#policy takes only a string (pulumi/pulumi-aws#2170); built from
                    // invoke results only, so it stays known, and readable, during a preview.
                    policy: pulumi.jsonStringify(
                        siteKeyPolicy(partition, accountId, fixed.cloudFrontRegion),
                    ),
                    tags: a.tags,
                },
                stateful,
            );
            keyArn = key.arn;
        }

        // --- Buckets ---------------------------------------------------------------------------

        const bucket = this.privateBucket(`${name}-bucket`, keyArn, a.tags, stateful);
        const versioning = new aws.s3.BucketVersioning(
            `${name}-bucket-versioning`,
            { bucket: bucket.bucket.id, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-bucket-lifecycle`,
            {
                bucket: bucket.bucket.id,
                rules: [
                    {
                        id: "expire-noncurrent-versions",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: {
                            noncurrentDays: a.noncurrentVersionExpirationDays,
                        },
                        // A delete leaves a marker; once its old versions expire it marks nothing.
                        expiration: { expiredObjectDeleteMarker: true },
                        abortIncompleteMultipartUpload: {
                            daysAfterInitiation: fixed.abortIncompleteUploadDays,
                        },
                    },
                ],
            },
            // S3 rejects noncurrent-version rules until versioning is on.
            { parent: this, dependsOn: [versioning] },
        );

        const logBucket = this.privateBucket(`${name}-logs`, keyArn, a.tags, stateful);
        // Versioned, as the audit trail it is: a deleted log can be restored for a while.
        const logVersioning = new aws.s3.BucketVersioning(
            `${name}-logs-versioning`,
            { bucket: logBucket.bucket.id, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-logs-lifecycle`,
            {
                bucket: logBucket.bucket.id,
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        filter: {},
                        // With Days, S3 also removes the delete markers left once the old
                        // versions are gone (S3 user guide, "Managing delete markers").
                        expiration: { days: a.logRetentionDays },
                        noncurrentVersionExpiration: {
                            noncurrentDays: fixed.logNoncurrentVersionDays,
                        },
                        abortIncompleteMultipartUpload: {
                            daysAfterInitiation: fixed.abortIncompleteUploadDays,
                        },
                    },
                ],
            },
            // S3 rejects noncurrent-version rules until versioning is on.
            { parent: this, dependsOn: [logVersioning] },
        );

        // --- Certificate (with a domain) -------------------------------------------------------

        let certificateArn: pulumi.Output<string> | undefined;
        if (a.domainName !== undefined && a.hostedZoneId !== undefined) {
            const certificate = new aws.acm.Certificate(
                `${name}-certificate`,
                { domainName: a.domainName, validationMethod: "DNS", tags: a.tags },
                { parent: this, provider: usEast1 },
            );
            // One domain, so exactly one validation option (read in apply, nothing created there).
            // ACM always returns it for DNS validation; the "" only keeps an offline plan with
            // faked outputs, which has none, from failing.
            const option = (
                field: "resourceRecordName" | "resourceRecordType" | "resourceRecordValue",
            ) =>
                certificate.domainValidationOptions.apply((options) => options?.[0]?.[field] ?? "");
            const validationRecord = new aws.route53.Record(
                `${name}-certificate-validation-record`,
                {
                    zoneId: a.hostedZoneId,
                    name: option("resourceRecordName"),
                    type: option("resourceRecordType"),
                    records: [option("resourceRecordValue")],
                    ttl: 300,
                    // The CNAME is the same for every certificate of this name and account.
                    allowOverwrite: true,
                },
                { parent: this },
            );
            const validation = new aws.acm.CertificateValidation(
                `${name}-certificate-validation`,
                {
                    certificateArn: certificate.arn,
                    validationRecordFqdns: [validationRecord.fqdn],
                },
                { parent: this, provider: usEast1 },
            );
            // From the validation, so the distribution waits until the certificate is issued.
            certificateArn = validation.certificateArn;
        }

        // --- CloudFront -------------------------------------------------------------------------

        const oac = new aws.cloudfront.OriginAccessControl(
            `${name}-oac`,
            {
                description: `StaticSite ${name}: CloudFront signs every request to its bucket`,
                originAccessControlOriginType: "s3",
                signingBehavior: "always",
                signingProtocol: "sigv4",
            },
            { parent: this },
        );

        const headers = new aws.cloudfront.ResponseHeadersPolicy(
            `${name}-headers`,
            {
                comment: `StaticSite ${name}: security headers`,
                securityHeadersConfig: {
                    strictTransportSecurity: {
                        accessControlMaxAgeSec: fixed.hstsMaxAgeSeconds,
                        includeSubdomains: true,
                        // Preloading binds the whole registrable domain: a decision for its owner.
                        preload: false,
                        override: true,
                    },
                    contentSecurityPolicy: {
                        contentSecurityPolicy: a.contentSecurityPolicy,
                        override: true,
                    },
                    contentTypeOptions: { override: true },
                    frameOptions: { frameOption: "DENY", override: true },
                    referrerPolicy: { referrerPolicy: a.referrerPolicy, override: true },
                },
            },
            { parent: this },
        );

        const errorPage = a.spaFallback ? a.defaultRootObject : a.notFoundPage;
        const errorStatus = a.spaFallback ? 200 : 404;
        const customErrorResponses =
            errorPage === undefined
                ? []
                : [403, 404].map((errorCode) => ({
                      errorCode,
                      responseCode: errorStatus,
                      responsePagePath: `/${errorPage}`,
                      errorCachingMinTtl: fixed.errorCachingMinTtlSeconds,
                  }));

        const distribution = new aws.cloudfront.Distribution(
            `${name}-cdn`,
            {
                enabled: true,
                comment: `StaticSite ${name}`,
                aliases: a.domainName !== undefined ? [a.domainName] : [],
                defaultRootObject: a.defaultRootObject,
                httpVersion: "http2and3",
                isIpv6Enabled: true,
                priceClass: a.priceClass,
                webAclId: a.webAclArn,
                origins: [
                    {
                        originId: ORIGIN_ID,
                        domainName: bucket.bucket.bucketRegionalDomainName,
                        originAccessControlId: oac.id,
                    },
                ],
                defaultCacheBehavior: {
                    targetOriginId: ORIGIN_ID,
                    viewerProtocolPolicy: "redirect-to-https",
                    allowedMethods: ["GET", "HEAD"],
                    cachedMethods: ["GET", "HEAD"],
                    compress: true,
                    cachePolicyId: fixed.cachePolicyId,
                    responseHeadersPolicyId: headers.id,
                },
                customErrorResponses,
                restrictions: { geoRestriction: { restrictionType: "none" } },
                // The default certificate's minimum is TLSv1 and cannot be raised: CloudFront
                // ignores minimumProtocolVersion with it, so none is written.
                viewerCertificate:
                    certificateArn !== undefined
                        ? {
                              acmCertificateArn: certificateArn,
                              sslSupportMethod: "sni-only",
                              minimumProtocolVersion: fixed.minimumProtocolVersion,
                          }
                        : { cloudfrontDefaultCertificate: true },
                tags: a.tags,
            },
            { parent: this },
        );

        const bucketPolicy = new aws.s3.BucketPolicy(
            `${name}-bucket-policy`,
            {
                bucket: bucket.bucket.id,
                policy: contentBucketPolicy(bucket.bucket.arn, distribution.arn),
            },
            // S3 refuses a policy while the public access block is being written.
            { parent: this, dependsOn: [bucket.publicAccessBlock] },
        );

        if (a.domainName !== undefined && a.hostedZoneId !== undefined) {
            for (const type of ["A", "AAAA"]) {
                new aws.route53.Record(
                    `${name}-alias-${type.toLowerCase()}`,
                    {
                        zoneId: a.hostedZoneId,
                        name: a.domainName,
                        type,
                        aliases: [
                            {
                                name: distribution.domainName,
                                zoneId: distribution.hostedZoneId,
                                evaluateTargetHealth: false,
                            },
                        ],
                    },
                    { parent: this },
                );
            }
        }

        // --- Access logs: CloudFront standard logging v2 (CloudWatch-vended) ----------------------
        // Legacy standard logging writes with ACLs, which needs an ACL-enabled bucket
        // (BucketOwnerPreferred) and a grant to the awslogsdelivery account. Vended delivery
        // writes under a bucket policy, so the log bucket keeps ACLs disabled (BucketOwnerEnforced)
        // like every other bucket.

        const logSource = new aws.cloudwatch.LogDeliverySource(
            `${name}-access-logs-source`,
            { logType: "ACCESS_LOGS", resourceArn: distribution.arn, tags: a.tags },
            { parent: this, provider: usEast1 },
        );
        const logDestination = new aws.cloudwatch.LogDeliveryDestination(
            `${name}-access-logs-destination`,
            {
                outputFormat: "json",
                deliveryDestinationConfiguration: { destinationResourceArn: logBucket.bucket.arn },
                tags: a.tags,
            },
            { parent: this, provider: usEast1 },
        );
        const logPolicy = new aws.s3.BucketPolicy(
            `${name}-logs-policy`,
            {
                bucket: logBucket.bucket.id,
                policy: logBucketPolicy(logBucket.bucket.arn, accountId, logSource.arn),
            },
            { parent: this, dependsOn: [logBucket.publicAccessBlock] },
        );
        new aws.cloudwatch.LogDelivery(
            `${name}-access-logs`,
            {
                deliverySourceName: logSource.name,
                deliveryDestinationArn: logDestination.arn,
                tags: a.tags,
            },
            // Delivery checks its permissions when created: the policy and encryption come first.
            {
                parent: this,
                provider: usEast1,
                dependsOn: [logPolicy, logBucket.encryption, logBucket.ownership],
            },
        );

        // --- Content ------------------------------------------------------------------------------

        const files = readSiteContent(a.contentDir);
        const objects = files.map(
            (f) =>
                new aws.s3.BucketObjectv2(
                    `${name}-content-${f.key}`,
                    {
                        bucket: bucket.bucket.id,
                        key: f.key,
                        source: new pulumi.asset.FileAsset(assetPath(f.file)),
                        contentType: f.contentType,
                        cacheControl: f.cacheControl,
                        tags: a.tags,
                    },
                    // Written after default encryption exists, so every object is under the key.
                    {
                        parent: this,
                        dependsOn: [bucket.encryption, bucket.ownership, bucket.publicAccessBlock],
                    },
                ),
        );
        const paths = cachedPaths(files, a.defaultRootObject);
        new CloudFrontInvalidation(
            `${name}-invalidation`,
            { distributionId: distribution.id, files: paths, contentHash: contentHashOf(paths) },
            // After every upload, and after CloudFront may read them: then nothing stale remains.
            { parent: this, dependsOn: [...objects, bucketPolicy] },
        );

        this.bucketName = bucket.bucket.bucket;
        this.logBucketName = logBucket.bucket.bucket;
        this.distributionId = distribution.id;
        this.distributionArn = distribution.arn;
        this.distributionDomainName = distribution.domainName;
        this.url =
            a.domainName !== undefined
                ? pulumi.output(`https://${a.domainName}`)
                : pulumi.interpolate`https://${distribution.domainName}`;
        this.kmsKeyArn = keyArn;
        this.registerOutputs({
            bucketName: this.bucketName,
            logBucketName: this.logBucketName,
            distributionId: this.distributionId,
            distributionArn: this.distributionArn,
            distributionDomainName: this.distributionDomainName,
            url: this.url,
            kmsKeyArn: this.kmsKeyArn,
        });
    }

    /**
     * A bucket nobody outside the account can reach: all four public-access-block settings on,
     * ACLs disabled (BucketOwnerEnforced: the bucket owns every object), and SSE-KMS under `keyArn`
     * with S3 Bucket Keys (one KMS call per bucket key, not per object).
     */
    private privateBucket(
        name: string,
        keyArn: pulumi.Input<string>,
        tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
        opts: pulumi.CustomResourceOptions,
    ): {
        bucket: aws.s3.Bucket;
        publicAccessBlock: aws.s3.BucketPublicAccessBlock;
        ownership: aws.s3.BucketOwnershipControls;
        encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    } {
        const bucket = new aws.s3.Bucket(name, { tags }, opts);
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access-block`,
            {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        const ownership = new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: keyArn,
                        },
                        bucketKeyEnabled: true,
                    },
                ],
            },
            { parent: this },
        );
        return { bucket, publicAccessBlock, ownership, encryption };
    }
}
