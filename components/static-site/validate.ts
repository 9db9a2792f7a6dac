/**
 * Pure validation for StaticSite: runs before any resource is registered, and every message names
 * the component, its name and the argument at fault.
 */
import * as fs from "fs";
import * as path from "path";
import { PRICE_CLASSES, REFERRER_POLICIES } from "./args";
import type { StaticSiteArgs } from "./args";
import { STATIC_SITE_DEFAULTS } from "./defaults";

/** CloudFront's limit on a response headers policy's Content-Security-Policy value. */
export const CONTENT_SECURITY_POLICY_MAX_LENGTH = 1783;

/** Days StaticSite accepts for `noncurrentVersionExpirationDays` and `logRetentionDays`. */
export const RETENTION_DAYS_RANGE = { min: 1, max: 3650 } as const;

/** A value as a message shows it: strings quoted, arrays as JSON, numbers as written. */
function show(value: unknown): string {
    if (value === undefined || typeof value === "number") return String(value);
    return JSON.stringify(value);
}

/** Lower-case DNS name of two or more labels, no trailing dot (ACM and CloudFront aliases). */
const DOMAIN_NAME =
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** CloudFront accepts only WAFv2 web ACLs of the CLOUDFRONT scope, which live in us-east-1. */
const GLOBAL_WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[^/]+\/[^/]+$/;

const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Whether `text` is a domain StaticSite serves under: lower case, two or more labels, no final dot. */
export function isSiteDomainName(text: string): boolean {
    return DOMAIN_NAME.test(text);
}

/** Whether `text` looks like a Route 53 hosted zone id ("Z" and up to 31 upper-case alphanumerics). */
export function isHostedZoneId(text: string): boolean {
    return HOSTED_ZONE_ID.test(text);
}

/** Whether `text` is the ARN of a WAFv2 web ACL that CloudFront accepts (CLOUDFRONT scope). */
export function isCloudFrontWebAclArn(text: string): boolean {
    return GLOBAL_WEB_ACL_ARN.test(text);
}

/** A file name relative to the content folder, with "/" separators and no "." or ".." segment. */
function isRelativeKey(key: string): boolean {
    return (
        key.length > 0 &&
        !key.startsWith("/") &&
        !key.includes("\\") &&
        key.split("/").every((s) => s !== "" && s !== "." && s !== "..")
    );
}

function isFileIn(dir: string, key: string): boolean {
    try {
        return fs.statSync(path.join(dir, ...key.split("/"))).isFile();
    } catch {
        return false;
    }
}

function isDirectory(dir: string): boolean {
    try {
        return fs.statSync(dir).isDirectory();
    } catch {
        return false;
    }
}

/**
 * Throws the first problem with a StaticSite's arguments, as
 * `StaticSite "<name>": <argument> must be ..., got ...`. Arguments left undefined are checked at
 * their defaults (the default root object must still exist in the content folder).
 */
export function validateStaticSiteArgs(name: string, args: StaticSiteArgs): void {
    const fail = (message: string): never => {
        throw new Error(`StaticSite "${name}": ${message}`);
    };
    const d = STATIC_SITE_DEFAULTS;

    if (typeof args.contentDir !== "string" || !isDirectory(args.contentDir)) {
        fail(`contentDir must be an existing directory, got ${show(args.contentDir)}`);
    }

    const rootObject = args.defaultRootObject ?? d.defaultRootObject;
    if (typeof rootObject !== "string" || !isRelativeKey(rootObject)) {
        fail(
            `defaultRootObject must be a file path relative to contentDir, like "index.html", ` +
                `got ${show(rootObject)}`,
        );
    }
    if (!isFileIn(args.contentDir, rootObject)) {
        fail(
            `defaultRootObject ${show(rootObject)} is not a file in contentDir ` +
                `${show(args.contentDir)}`,
        );
    }

    if (args.notFoundPage !== undefined) {
        if (args.spaFallback === true) {
            fail(
                `notFoundPage and spaFallback exclude each other: the SPA fallback answers ` +
                    `every missing path with ${show(rootObject)}; got notFoundPage ` +
                    `${show(args.notFoundPage)}`,
            );
        }
        if (typeof args.notFoundPage !== "string" || !isRelativeKey(args.notFoundPage)) {
            fail(
                `notFoundPage must be a file path relative to contentDir, like "404.html", ` +
                    `got ${show(args.notFoundPage)}`,
            );
        }
        if (!isFileIn(args.contentDir, args.notFoundPage)) {
            fail(
                `notFoundPage ${show(args.notFoundPage)} is not a file in contentDir ` +
                    `${show(args.contentDir)}`,
            );
        }
    }

    const csp = args.contentSecurityPolicy ?? d.contentSecurityPolicy;
    if (
        typeof csp !== "string" ||
        csp.trim() === "" ||
        /[\r\n]/.test(csp) ||
        csp.length > CONTENT_SECURITY_POLICY_MAX_LENGTH
    ) {
        fail(
            `contentSecurityPolicy must be one line of 1..${CONTENT_SECURITY_POLICY_MAX_LENGTH} ` +
                `characters, got ${show(csp)}`,
        );
    }

    const referrerPolicy = args.referrerPolicy ?? d.referrerPolicy;
    if (!REFERRER_POLICIES.includes(referrerPolicy)) {
        fail(
            `referrerPolicy must be one of ${REFERRER_POLICIES.join(", ")}, ` +
                `got ${show(referrerPolicy)}`,
        );
    }

    const priceClass = args.priceClass ?? d.priceClass;
    if (!PRICE_CLASSES.includes(priceClass)) {
        fail(`priceClass must be one of ${PRICE_CLASSES.join(", ")}, got ${show(priceClass)}`);
    }

    const hasDomain = args.domainName !== undefined;
    const hasZone = args.hostedZoneId !== undefined;
    if (hasDomain !== hasZone) {
        fail(
            hasDomain
                ? `domainName ${show(args.domainName)} needs hostedZoneId (the Route 53 zone ` +
                      `that validates its certificate and holds its records)`
                : `hostedZoneId needs domainName (the name the site is served under)`,
        );
    }
    if (hasDomain && (typeof args.domainName !== "string" || !isSiteDomainName(args.domainName))) {
        fail(
            `domainName must be a lower-case DNS name like "www.example.com" (no trailing dot), ` +
                `got ${show(args.domainName)}`,
        );
    }
    if (typeof args.hostedZoneId === "string" && !isHostedZoneId(args.hostedZoneId)) {
        fail(
            `hostedZoneId must be a Route 53 zone id like "Z0123456789ABCDEFGHIJ", ` +
                `got ${show(args.hostedZoneId)}`,
        );
    }

    // Outputs are checked by AWS; plain strings are checked here, where the message is clearer.
    if (typeof args.webAclArn === "string" && !isCloudFrontWebAclArn(args.webAclArn)) {
        fail(
            `webAclArn must be the ARN of a WAFv2 web ACL with CLOUDFRONT scope ` +
                `("arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>"), ` +
                `got ${show(args.webAclArn)}`,
        );
    }
    if (typeof args.kmsKeyArn === "string" && !KMS_KEY_ARN.test(args.kmsKeyArn)) {
        fail(
            `kmsKeyArn must be a KMS key ARN ("arn:aws:kms:<region>:<account>:key/<id>"), ` +
                `got ${show(args.kmsKeyArn)}`,
        );
    }

    const { min, max } = RETENTION_DAYS_RANGE;
    for (const [arg, value] of [
        ["noncurrentVersionExpirationDays", args.noncurrentVersionExpirationDays],
        ["logRetentionDays", args.logRetentionDays],
    ] as const) {
        if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
            fail(`${arg} must be an integer from ${min} to ${max}, got ${show(value)}`);
        }
    }
}
