/**
 * The one place StaticSite's defaults live. Every default is the secure choice (strict headers,
 * protected buckets and key); the cheap choices (price class) are the smallest that still serve
 * North America and Europe well, and a stack that wants more says so in its config.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PriceClass, ReferrerPolicy, StaticSiteArgs } from "./args";

export { PRICE_CLASSES, REFERRER_POLICIES } from "./args";
export type { PriceClass, ReferrerPolicy } from "./args";

/** Defaults for the optional {@link StaticSiteArgs}. */
export const STATIC_SITE_DEFAULTS = {
    defaultRootObject: "index.html",
    spaFallback: false,
    // Same-origin everything, no plugins, no framing, no inline script: a static site that needs
    // more (a CDN font, an analytics host) widens it on purpose in its args.
    contentSecurityPolicy:
        "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; " +
        "form-action 'self'; upgrade-insecure-requests",
    // Full URL to the same origin, origin only to others, nothing on an HTTPS-to-HTTP downgrade.
    referrerPolicy: "strict-origin-when-cross-origin" as ReferrerPolicy,
    priceClass: "PriceClass_100" as PriceClass,
    // Old versions are the rollback window for a bad deploy; keep them a month, then pay no more.
    noncurrentVersionExpirationDays: 30,
    logRetentionDays: 365,
    // Deleting a bucket or its key loses the site's history and access logs: refuse by default.
    protect: true,
} as const;

/** Settings that are not arguments: there is no safe reason to change them per stack. */
export const STATIC_SITE_FIXED = {
    /** CloudFront's newest viewer policy that still serves every current browser. */
    minimumProtocolVersion: "TLSv1.2_2021",
    /** AWS's managed "CachingOptimized" cache policy: honours the objects' Cache-Control. */
    cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
    /** Seconds; two years, the value browsers' HSTS preload lists require. */
    hstsMaxAgeSeconds: 63072000,
    /** Seconds CloudFront caches an error response (the SPA fallback, the not-found page). */
    errorCachingMinTtlSeconds: 10,
    /** Days after which S3 aborts an unfinished multipart upload and frees its parts. */
    abortIncompleteUploadDays: 7,
    /**
     * Days a deleted or overwritten access log stays recoverable: the log bucket is versioned, so
     * a delete (by a person or by the retention rule) leaves the old version this long.
     */
    logNoncurrentVersionDays: 30,
    /** Days a scheduled deletion of the site key can still be cancelled (AWS maximum). */
    keyDeletionWindowDays: 30,
    /** The region CloudFront reads viewer certificates and log delivery sources from. */
    cloudFrontRegion: "us-east-1",
    /** Cache-Control per kind of file (see `cacheKindOf` in ./content). */
    cacheControl: {
        // Browsers revalidate every time (a 304 is cheap); the edge copy is invalidated on deploy.
        html: "public, max-age=0, must-revalidate",
        // A content hash in the name: a change is a new name, so the old one never goes stale.
        immutable: "public, max-age=31536000, immutable",
        // Unhashed assets (robots.txt, favicon): short, since browsers cannot be invalidated.
        default: "public, max-age=300",
    },
} as const;

/** {@link StaticSiteArgs} with every default applied. */
export interface ResolvedStaticSiteArgs {
    readonly contentDir: string;
    readonly defaultRootObject: string;
    readonly spaFallback: boolean;
    readonly notFoundPage?: string;
    readonly contentSecurityPolicy: string;
    readonly referrerPolicy: ReferrerPolicy;
    readonly priceClass: PriceClass;
    readonly domainName?: string;
    readonly hostedZoneId?: pulumi.Input<string>;
    readonly webAclArn?: pulumi.Input<string>;
    readonly kmsKeyArn?: pulumi.Input<string>;
    readonly noncurrentVersionExpirationDays: number;
    readonly logRetentionDays: number;
    readonly protect: boolean;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Applies {@link STATIC_SITE_DEFAULTS} to every argument left undefined. */
export function withDefaults(args: StaticSiteArgs): ResolvedStaticSiteArgs {
    const d = STATIC_SITE_DEFAULTS;
    return {
        contentDir: args.contentDir,
        defaultRootObject: args.defaultRootObject ?? d.defaultRootObject,
        spaFallback: args.spaFallback ?? d.spaFallback,
        notFoundPage: args.notFoundPage,
        contentSecurityPolicy: args.contentSecurityPolicy ?? d.contentSecurityPolicy,
        referrerPolicy: args.referrerPolicy ?? d.referrerPolicy,
        priceClass: args.priceClass ?? d.priceClass,
        domainName: args.domainName,
        hostedZoneId: args.hostedZoneId,
        webAclArn: args.webAclArn,
        kmsKeyArn: args.kmsKeyArn,
        noncurrentVersionExpirationDays:
            args.noncurrentVersionExpirationDays ?? d.noncurrentVersionExpirationDays,
        logRetentionDays: args.logRetentionDays ?? d.logRetentionDays,
        protect: args.protect ?? d.protect,
        tags: args.tags,
    };
}
