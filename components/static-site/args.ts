/**
 * StaticSite's argument types and the value sets they draw from: the module every other file
 * of the component imports, which imports none of them back.
 */
import type * as pulumi from "@pulumi/pulumi";

/** CloudFront price classes: which edge locations serve the site (more edges, higher price). */
export type PriceClass = "PriceClass_100" | "PriceClass_200" | "PriceClass_All";

/** Every {@link PriceClass}, cheapest first. */
export const PRICE_CLASSES: readonly PriceClass[] = [
    "PriceClass_100",
    "PriceClass_200",
    "PriceClass_All",
];

/** The `Referrer-Policy` values a CloudFront response headers policy accepts. */
export type ReferrerPolicy =
    | "no-referrer"
    | "no-referrer-when-downgrade"
    | "origin"
    | "origin-when-cross-origin"
    | "same-origin"
    | "strict-origin"
    | "strict-origin-when-cross-origin"
    | "unsafe-url";

/** Every {@link ReferrerPolicy}. */
export const REFERRER_POLICIES: readonly ReferrerPolicy[] = [
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
];

/** Arguments for {@link StaticSite}. */
export interface StaticSiteArgs {
    /**
     * The local folder whose files are the site, uploaded as they are (hidden files skipped,
     * `.well-known/` kept). Plain string: it is read when the program runs. Required.
     */
    readonly contentDir: string;
    /** The file served at "/", relative to contentDir. Plain string. Default "index.html". */
    readonly defaultRootObject?: string;
    /**
     * Single-page-app fallback: a path with no object (S3 answers 403 to CloudFront, which may not
     * list the bucket) or a 404 is answered with the default root object and status 200, so the
     * app's router handles it. Plain boolean. Default false.
     */
    readonly spaFallback?: boolean;
    /**
     * A page, relative to contentDir, served with status 404 for a path with no object. Plain
     * string; excludes spaFallback. Default none: CloudFront passes S3's 403 through.
     */
    readonly notFoundPage?: string;
    /**
     * The Content-Security-Policy header on every response, one line of at most 1783 characters.
     * Plain string. Default same-origin only, no plugins, no framing (STATIC_SITE_DEFAULTS).
     */
    readonly contentSecurityPolicy?: string;
    /** The Referrer-Policy header on every response. Default "strict-origin-when-cross-origin". */
    readonly referrerPolicy?: ReferrerPolicy;
    /** Which CloudFront edge locations serve the site. Default "PriceClass_100". */
    readonly priceClass?: PriceClass;
    /**
     * The DNS name the site is served under, like "www.example.com". Plain string: with it the
     * component creates an ACM certificate in us-east-1, its DNS validation and A/AAAA alias
     * records in `hostedZoneId`. Without it the site is served on CloudFront's default
     * `*.cloudfront.net` certificate, which the lightspeed-guard `cloudfront-https` rule rejects
     * (its minimum TLS version cannot be raised). Default none; requires hostedZoneId.
     */
    readonly domainName?: string;
    /** The Route 53 public hosted zone holding domainName. Default none; requires domainName. */
    readonly hostedZoneId?: pulumi.Input<string>;
    /** The ARN of a WAFv2 web ACL with CLOUDFRONT scope to attach. Default none. */
    readonly webAclArn?: pulumi.Input<string>;
    /**
     * A KMS key ARN (in the stack's region) to encrypt both buckets with. Its policy must let
     * `cloudfront.amazonaws.com` Decrypt (for this distribution) and `delivery.logs.amazonaws.com`
     * GenerateDataKey and Decrypt (for this account's log delivery sources). Default: the
     * component creates a key with exactly that policy.
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Days an overwritten or deleted object's old version is kept, 1..3650. Default 30. */
    readonly noncurrentVersionExpirationDays?: number;
    /** Days CloudFront access logs are kept, 1..3650. Default 365. */
    readonly logRetentionDays?: number;
    /**
     * Protect the stateful children (both buckets and the KMS key the component creates) from
     * deletion. Plain boolean: it is a resource option. Default true.
     */
    readonly protect?: boolean;
    /** Tags for every taggable resource the component creates. Default none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}
