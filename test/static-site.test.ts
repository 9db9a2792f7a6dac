import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CloudFrontClient, CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import { mockClient } from "aws-sdk-client-mock";
import {
    cacheKindOf,
    cachedPaths,
    changedPaths,
    contentHashOf,
    contentTypeOf,
    invalidationPathOf,
    isCloudFrontWebAclArn,
    isHostedZoneId,
    isSiteDomainName,
    readSiteContent,
    StaticSite,
    StaticSiteArgs,
    validateStaticSiteArgs,
} from "../components/static-site";
import { create, diff, update } from "../components/static-site/invalidation";
import type { InvalidationOutputs } from "../components/static-site/invalidation";
import { knownOutputs } from "../tools/engine/fakes";
import { startPolicyPack } from "../tools/engine/policy-gate";
import { Plan, planComponent, RecordedResource, repoRoot, UNKNOWN, valueOf } from "./helpers/plan";
import { packDir, violationsOf } from "./helpers/policy";

const T = {
    site: "lightspeed:index:StaticSite",
    provider: "pulumi:providers:aws",
    key: "aws:kms/key:Key",
    bucket: "aws:s3/bucket:Bucket",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    encryption:
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    object: "aws:s3/bucketObjectv2:BucketObjectv2",
    certificate: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
    record: "aws:route53/record:Record",
    oac: "aws:cloudfront/originAccessControl:OriginAccessControl",
    headers: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
    distribution: "aws:cloudfront/distribution:Distribution",
    logSource: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    logDestination: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
    logDelivery: "aws:cloudwatch/logDelivery:LogDelivery",
    invalidation: "pulumi-nodejs:dynamic:CloudFrontInvalidation",
} as const;

const ACCOUNT = "123456789012"; // the offline engine's getCallerIdentity answer
const SITE_DIR = path.join(repoRoot, "site");
const DOMAIN = "www.example.com";
const ZONE = "Z0123456789ABCDEFGHIJ";
const WITH_DOMAIN: StaticSiteArgs = {
    contentDir: SITE_DIR,
    domainName: DOMAIN,
    hostedZoneId: ZONE,
};
const HTML_CACHE = "public, max-age=0, must-revalidate";
const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";
const DEFAULT_CACHE = "public, max-age=300";

/** Plans one StaticSite named "site" and keeps the instance. */
async function planSite(
    args: StaticSiteArgs,
    options: { known?: boolean } = {},
): Promise<{ plan: Plan; site: StaticSite }> {
    let site: StaticSite | undefined;
    const plan = await planComponent(() => {
        site = new StaticSite("site", args);
    }, options);
    return { plan, site: site! };
}

/** `[type, name]` pairs, sorted, so that registration order (which is async) does not matter. */
function sorted(pairs: string[][]): string[][] {
    return [...pairs].sort((a, b) => a.join(" ").localeCompare(b.join(" ")));
}

/** The resources as sorted `[type, name]` pairs. */
function typesAndNames(resources: readonly RecordedResource[]): string[][] {
    return sorted(resources.map((r) => [r.type, r.name]));
}

/** The URN part of a provider reference (`urn::id`). */
function providerUrn(r: RecordedResource): string | undefined {
    return r.provider?.split("::").slice(0, -1).join("::");
}

/** A throwaway content folder: `files` maps relative paths to contents. */
function contentFolder(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "static-site-"));
    for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
    }
    return dir;
}

describe("StaticSite", () => {
    // The pack compiles TypeScript for seconds when it starts: let it boot while the plans run.
    before(() => startPolicyPack(packDir));

    describe("with a domain and a Route 53 zone (first preview)", () => {
        let plan: Plan;
        let site: StaticSite;
        before(async () => {
            ({ plan, site } = await planSite(WITH_DOMAIN));
        });

        it("registers exactly its children, each directly under the component and named after it", () => {
            const component = plan.one(T.site, "site");
            const objects = [
                "404.html",
                "assets/app.3f9a2c1b.js",
                "assets/site.8d41e0a7.css",
                "index.html",
                "robots.txt",
            ].map((key) => [T.object, `site-content-${key}`]);
            const expected = [
                [T.provider, "site-us-east-1"],
                [T.key, "site-key"],
                ...["site-bucket", "site-logs"].flatMap((b) => [
                    [T.bucket, b],
                    [T.publicAccessBlock, `${b}-public-access-block`],
                    [T.ownership, `${b}-ownership`],
                    [T.encryption, `${b}-encryption`],
                    [T.lifecycle, `${b}-lifecycle`],
                ]),
                [T.versioning, "site-bucket-versioning"],
                [T.versioning, "site-logs-versioning"],
                [T.bucketPolicy, "site-bucket-policy"],
                [T.bucketPolicy, "site-logs-policy"],
                [T.certificate, "site-certificate"],
                [T.record, "site-certificate-validation-record"],
                [T.validation, "site-certificate-validation"],
                [T.oac, "site-oac"],
                [T.headers, "site-headers"],
                [T.distribution, "site-cdn"],
                [T.record, "site-alias-a"],
                [T.record, "site-alias-aaaa"],
                [T.logSource, "site-access-logs-source"],
                [T.logDestination, "site-access-logs-destination"],
                [T.logDelivery, "site-access-logs"],
                ...objects,
                [T.invalidation, "site-invalidation"],
            ];
            assert.deepEqual(typesAndNames(plan.childrenOf(component)), sorted(expected));
            assert.equal(plan.childrenOf(component).length, 33);
            assert.equal(plan.descendantsOf(component).length, 33);
        });

        it("protects exactly the stateful children: both buckets and the key", () => {
            assert.deepEqual(
                typesAndNames(plan.resources.filter((r) => r.protect)),
                sorted([
                    [T.bucket, "site-bucket"],
                    [T.bucket, "site-logs"],
                    [T.key, "site-key"],
                ]),
            );
        });

        it("blocks all public access and disables ACLs on both buckets", () => {
            for (const name of ["site-bucket", "site-logs"]) {
                const bucketUrn = plan.one(T.bucket, name).urn;
                const block = plan.one(T.publicAccessBlock, `${name}-public-access-block`);
                assert.deepEqual(block.inputs, {
                    bucket: UNKNOWN,
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                });
                assert.deepEqual(block.propertyDependencies.bucket, [bucketUrn]);
                const ownership = plan.one(T.ownership, `${name}-ownership`);
                assert.deepEqual(ownership.inputs, {
                    bucket: UNKNOWN,
                    rule: { objectOwnership: "BucketOwnerEnforced" },
                });
                assert.deepEqual(ownership.propertyDependencies.bucket, [bucketUrn]);
            }
        });

        it("encrypts both buckets with SSE-KMS under the component's key, with bucket keys", () => {
            const keyUrn = plan.one(T.key, "site-key").urn;
            for (const name of ["site-bucket", "site-logs"]) {
                const sse = plan.one(T.encryption, `${name}-encryption`);
                assert.deepEqual(sse.inputs.rules, [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: UNKNOWN,
                        },
                        bucketKeyEnabled: true,
                    },
                ]);
                assert.deepEqual(sse.propertyDependencies.rules, [keyUrn]);
                assert.deepEqual(sse.propertyDependencies.bucket, [plan.one(T.bucket, name).urn]);
            }
            const key = plan.one(T.key, "site-key");
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.equal(key.inputs.deletionWindowInDays, 30);
        });

        it("versions the content and log buckets and expires noncurrent versions after 30 days", () => {
            assert.deepEqual(plan.one(T.versioning, "site-bucket-versioning").inputs, {
                bucket: UNKNOWN,
                versioningConfiguration: { status: "Enabled" },
            });
            const lifecycle = plan.one(T.lifecycle, "site-bucket-lifecycle");
            assert.deepEqual(lifecycle.inputs.rules, [
                {
                    id: "expire-noncurrent-versions",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionExpiration: { noncurrentDays: 30 },
                    expiration: { expiredObjectDeleteMarker: true },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ]);
            assert.ok(
                lifecycle.dependencies.includes(
                    plan.one(T.versioning, "site-bucket-versioning").urn,
                ),
            );
            assert.deepEqual(plan.one(T.lifecycle, "site-logs-lifecycle").inputs.rules, [
                {
                    id: "expire-access-logs",
                    status: "Enabled",
                    filter: {},
                    expiration: { days: 365 },
                    noncurrentVersionExpiration: { noncurrentDays: 30 },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ]);
            assert.deepEqual(plan.one(T.versioning, "site-logs-versioning").inputs, {
                bucket: UNKNOWN,
                versioningConfiguration: { status: "Enabled" },
            });
            assert.ok(
                plan
                    .one(T.lifecycle, "site-logs-lifecycle")
                    .dependencies.includes(plan.one(T.versioning, "site-logs-versioning").urn),
            );
        });

        it("content bucket policy: denies non-TLS, lets only CloudFront for this distribution read", () => {
            const policy = plan.one(T.bucketPolicy, "site-bucket-policy");
            // A structured document: the pack reads actions, principals and condition keys while
            // the ARNs are still unknown.
            assert.deepEqual(policy.inputs.policy, {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [UNKNOWN, UNKNOWN],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                    {
                        Sid: "AllowCloudFrontReadThroughOriginAccessControl",
                        Effect: "Allow",
                        Principal: { Service: "cloudfront.amazonaws.com" },
                        Action: "s3:GetObject",
                        Resource: UNKNOWN,
                        Condition: { StringEquals: { "AWS:SourceArn": UNKNOWN } },
                    },
                ],
            });
            assert.deepEqual(
                [...policy.propertyDependencies.policy].sort(),
                [
                    plan.one(T.bucket, "site-bucket").urn,
                    plan.one(T.distribution, "site-cdn").urn,
                ].sort(),
            );
        });

        it("key policy: the account administers it; CloudFront and log delivery only for this account", () => {
            const policy = JSON.parse(plan.one(T.key, "site-key").inputs.policy as string);
            assert.equal(policy.Statement.length, 3);
            const [account, cloudFront, logs] = policy.Statement;
            assert.equal(account.Sid, "AccountAdministersAndUsesKey");
            assert.deepEqual(account.Principal, { AWS: `arn:aws:iam::${ACCOUNT}:root` });
            assert.equal(account.Resource, "*");
            assert.deepEqual(
                account.Action.filter((a: string) => a.includes("*")),
                [],
            );
            assert.deepEqual(cloudFront, {
                Sid: "CloudFrontDecryptsThisAccountsDistributionsReads",
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: {
                    ArnLike: { "aws:SourceArn": `arn:aws:cloudfront::${ACCOUNT}:distribution/*` },
                },
            });
            assert.deepEqual(logs, {
                Sid: "LogDeliveryEncryptsThisAccountsAccessLogs",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: {
                        "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:delivery-source:*`,
                    },
                },
            });
        });

        it("origin access control signs every request with SigV4", () => {
            const oac = plan.one(T.oac, "site-oac");
            assert.equal(oac.inputs.originAccessControlOriginType, "s3");
            assert.equal(oac.inputs.signingBehavior, "always");
            assert.equal(oac.inputs.signingProtocol, "sigv4");
        });

        it("distribution: HTTPS only on the validated certificate with TLSv1.2_2021, HTTP/2 and 3", () => {
            const cdn = plan.one(T.distribution, "site-cdn");
            const { origins, defaultCacheBehavior, viewerCertificate, ...rest } = cdn.inputs;
            assert.deepEqual(rest, {
                enabled: true,
                comment: "StaticSite site",
                aliases: [DOMAIN],
                defaultRootObject: "index.html",
                httpVersion: "http2and3",
                isIpv6Enabled: true,
                priceClass: "PriceClass_100",
                customErrorResponses: [],
                restrictions: { geoRestriction: { restrictionType: "none" } },
            });
            assert.deepEqual(viewerCertificate, {
                acmCertificateArn: UNKNOWN,
                sslSupportMethod: "sni-only",
                minimumProtocolVersion: "TLSv1.2_2021",
            });
            assert.deepEqual(cdn.propertyDependencies.viewerCertificate, [
                plan.one(T.validation, "site-certificate-validation").urn,
            ]);
            assert.deepEqual(origins, [
                { originId: "content", domainName: UNKNOWN, originAccessControlId: UNKNOWN },
            ]);
            assert.deepEqual(
                [...cdn.propertyDependencies.origins].sort(),
                [plan.one(T.bucket, "site-bucket").urn, plan.one(T.oac, "site-oac").urn].sort(),
            );
            assert.deepEqual(defaultCacheBehavior, {
                targetOriginId: "content",
                viewerProtocolPolicy: "redirect-to-https",
                allowedMethods: ["GET", "HEAD"],
                cachedMethods: ["GET", "HEAD"],
                compress: true,
                cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
                responseHeadersPolicyId: UNKNOWN,
            });
            assert.deepEqual(cdn.propertyDependencies.defaultCacheBehavior, [
                plan.one(T.headers, "site-headers").urn,
            ]);
        });

        it("response headers: HSTS, the default CSP, nosniff, frame DENY and the referrer policy", () => {
            assert.deepEqual(plan.one(T.headers, "site-headers").inputs.securityHeadersConfig, {
                strictTransportSecurity: {
                    accessControlMaxAgeSec: 63072000,
                    includeSubdomains: true,
                    preload: false,
                    override: true,
                },
                contentSecurityPolicy: {
                    contentSecurityPolicy:
                        "default-src 'self'; base-uri 'self'; object-src 'none'; " +
                        "frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests",
                    override: true,
                },
                contentTypeOptions: { override: true },
                frameOptions: { frameOption: "DENY", override: true },
                referrerPolicy: {
                    referrerPolicy: "strict-origin-when-cross-origin",
                    override: true,
                },
            });
        });

        it("issues the certificate and its validation through the component's us-east-1 provider", () => {
            const component = plan.one(T.site, "site");
            const provider = plan.one(T.provider, "site-us-east-1");
            assert.equal(provider.parent, component.urn);
            assert.equal(provider.inputs.region, "us-east-1");
            const certificate = plan.one(T.certificate, "site-certificate");
            assert.deepEqual(certificate.inputs, {
                domainName: DOMAIN,
                validationMethod: "DNS",
            });
            const validation = plan.one(T.validation, "site-certificate-validation");
            for (const r of [certificate, validation]) {
                assert.equal(providerUrn(r), provider.urn, `${r.name} provider`);
            }
            assert.deepEqual(validation.propertyDependencies.certificateArn, [certificate.urn]);
            assert.deepEqual(validation.propertyDependencies.validationRecordFqdns, [
                plan.one(T.record, "site-certificate-validation-record").urn,
            ]);
            // Everything else stays on the stack's own provider.
            for (const r of [
                plan.one(T.distribution, "site-cdn"),
                plan.one(T.bucket, "site-bucket"),
                plan.one(T.record, "site-alias-a"),
                plan.one(T.record, "site-certificate-validation-record"),
            ]) {
                assert.equal(r.provider, undefined, `${r.name} provider`);
            }
        });

        it("writes the certificate's DNS validation record into the zone", () => {
            const record = plan.one(T.record, "site-certificate-validation-record");
            assert.deepEqual(record.inputs, {
                zoneId: ZONE,
                name: UNKNOWN,
                type: UNKNOWN,
                records: [UNKNOWN],
                ttl: 300,
                allowOverwrite: true,
            });
            const certificateUrn = plan.one(T.certificate, "site-certificate").urn;
            assert.deepEqual(record.propertyDependencies.name, [certificateUrn]);
            assert.deepEqual(record.propertyDependencies.records, [certificateUrn]);
        });

        it("points A and AAAA alias records for the domain at the distribution", () => {
            const cdnUrn = plan.one(T.distribution, "site-cdn").urn;
            for (const type of ["A", "AAAA"]) {
                const record = plan.one(T.record, `site-alias-${type.toLowerCase()}`);
                assert.deepEqual(record.inputs, {
                    zoneId: ZONE,
                    name: DOMAIN,
                    type,
                    aliases: [{ name: UNKNOWN, zoneId: UNKNOWN, evaluateTargetHealth: false }],
                });
                assert.deepEqual(record.propertyDependencies.aliases, [cdnUrn]);
            }
        });

        it("delivers access logs (standard logging v2) from us-east-1 into the private log bucket", () => {
            const providerUrnValue = plan.one(T.provider, "site-us-east-1").urn;
            const source = plan.one(T.logSource, "site-access-logs-source");
            const destination = plan.one(T.logDestination, "site-access-logs-destination");
            const delivery = plan.one(T.logDelivery, "site-access-logs");
            for (const r of [source, destination, delivery]) {
                assert.equal(providerUrn(r), providerUrnValue, `${r.name} provider`);
            }
            assert.equal(source.inputs.logType, "ACCESS_LOGS");
            assert.deepEqual(source.propertyDependencies.resourceArn, [
                plan.one(T.distribution, "site-cdn").urn,
            ]);
            assert.equal(destination.inputs.outputFormat, "json");
            assert.deepEqual(destination.propertyDependencies.deliveryDestinationConfiguration, [
                plan.one(T.bucket, "site-logs").urn,
            ]);
            assert.deepEqual(delivery.propertyDependencies.deliverySourceName, [source.urn]);
            assert.deepEqual(delivery.propertyDependencies.deliveryDestinationArn, [
                destination.urn,
            ]);
            for (const before of [
                plan.one(T.bucketPolicy, "site-logs-policy"),
                plan.one(T.encryption, "site-logs-encryption"),
                plan.one(T.ownership, "site-logs-ownership"),
            ]) {
                assert.ok(
                    delivery.dependencies.includes(before.urn),
                    `delivery after ${before.name}`,
                );
            }
        });

        it("log bucket policy: non-TLS denied, log delivery writes only for its source and account", () => {
            assert.deepEqual(plan.one(T.bucketPolicy, "site-logs-policy").inputs.policy, {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [UNKNOWN, UNKNOWN],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                    {
                        Sid: "AllowLogDeliveryWrite",
                        Effect: "Allow",
                        Principal: { Service: "delivery.logs.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: UNKNOWN,
                        Condition: {
                            StringEquals: {
                                "aws:SourceAccount": ACCOUNT,
                                "s3:x-amz-acl": "bucket-owner-full-control",
                            },
                            ArnLike: { "aws:SourceArn": UNKNOWN },
                        },
                    },
                    {
                        Sid: "AllowLogDeliveryAclCheck",
                        Effect: "Allow",
                        Principal: { Service: "delivery.logs.amazonaws.com" },
                        Action: ["s3:GetBucketAcl", "s3:ListBucket"],
                        Resource: UNKNOWN,
                        Condition: {
                            StringEquals: { "aws:SourceAccount": ACCOUNT },
                            ArnLike: { "aws:SourceArn": UNKNOWN },
                        },
                    },
                ],
            });
        });

        it("uploads every file with its content type and cache-control, after encryption is set", () => {
            const objects = plan.ofType(T.object).map((o) => ({
                key: o.inputs.key,
                contentType: o.inputs.contentType,
                cacheControl: o.inputs.cacheControl,
                source: (o.inputs.source as { path?: string }).path,
            }));
            // Relative to the program's directory, so the path in the state holds on any machine.
            const at = (key: string) => path.join("site", key);
            const html = "text/html; charset=utf-8";
            assert.deepEqual(
                objects.sort((a, b) => String(a.key).localeCompare(String(b.key))),
                [
                    { key: "404.html", contentType: html, cacheControl: HTML_CACHE },
                    {
                        key: "assets/app.3f9a2c1b.js",
                        contentType: "text/javascript; charset=utf-8",
                        cacheControl: IMMUTABLE_CACHE,
                    },
                    {
                        key: "assets/site.8d41e0a7.css",
                        contentType: "text/css; charset=utf-8",
                        cacheControl: IMMUTABLE_CACHE,
                    },
                    { key: "index.html", contentType: html, cacheControl: HTML_CACHE },
                    {
                        key: "robots.txt",
                        contentType: "text/plain; charset=utf-8",
                        cacheControl: DEFAULT_CACHE,
                    },
                ].map((o) => ({ ...o, source: at(o.key) })),
            );
            const bucketUrn = plan.one(T.bucket, "site-bucket").urn;
            const encryptionUrn = plan.one(T.encryption, "site-bucket-encryption").urn;
            for (const o of plan.ofType(T.object)) {
                assert.deepEqual(o.propertyDependencies.bucket, [bucketUrn]);
                assert.ok(o.dependencies.includes(encryptionUrn), `${o.name} after encryption`);
            }
        });

        it("invalidates through a self-contained dynamic provider after every upload", () => {
            const invalidation = plan.one(T.invalidation, "site-invalidation");
            const files = cachedPaths(readSiteContent(SITE_DIR), "index.html");
            assert.deepEqual(Object.keys(files).sort(), [
                "/",
                "/404.html",
                "/assets/app.3f9a2c1b.js",
                "/assets/site.8d41e0a7.css",
                "/index.html",
                "/robots.txt",
            ]);
            assert.equal(invalidation.inputs.distributionId, UNKNOWN);
            assert.deepEqual(invalidation.inputs.files, files);
            assert.equal(invalidation.inputs.contentHash, contentHashOf(files));
            assert.deepEqual(invalidation.propertyDependencies.distributionId, [
                plan.one(T.distribution, "site-cdn").urn,
            ]);
            for (const o of plan.ofType(T.object)) {
                assert.ok(invalidation.dependencies.includes(o.urn), `after ${o.name}`);
            }
            // The serialized provider loads the SDK itself and drags in no Pulumi module.
            const code = JSON.stringify(plan.rawInputs.get(invalidation.urn)?.__provider);
            assert.ok(
                code.includes('require(\\"@aws-sdk/client-cloudfront\\")'),
                "requires the SDK",
            );
            assert.ok(!code.includes("@pulumi/"), "captures no Pulumi module");
        });

        it("exposes the site URL as known and the created names and ids as unknown", async () => {
            assert.equal(await valueOf(site.url), `https://${DOMAIN}`);
            assert.equal(await valueOf(site.bucketName), undefined);
            assert.equal(await valueOf(site.distributionId), undefined);
            assert.equal(await valueOf(site.distributionDomainName), undefined);
            assert.deepEqual(Object.keys(plan.one(T.site, "site").outputs ?? {}).sort(), [
                "bucketName",
                "distributionArn",
                "distributionDomainName",
                "distributionId",
                "kmsKeyArn",
                "logBucketName",
                "url",
            ]);
        });
    });

    describe("with a domain (existing stack, outputs known)", () => {
        it("pins CloudFront's read to this very distribution's ARN", async () => {
            const { plan } = await planSite(WITH_DOMAIN, { known: true });
            const arnOf = (r: RecordedResource) =>
                knownOutputs(r.type, r.name, r.inputs, "us-east-1").state.arn as string;
            const bucketArn = arnOf(plan.one(T.bucket, "site-bucket"));
            const distributionArn = arnOf(plan.one(T.distribution, "site-cdn"));
            assert.match(distributionArn, /^arn:aws:cloudfront::123456789012:distribution\/.+/);
            const policy = plan.one(T.bucketPolicy, "site-bucket-policy").inputs.policy as {
                Statement: unknown[];
            };
            assert.deepEqual(policy.Statement[1], {
                Sid: "AllowCloudFrontReadThroughOriginAccessControl",
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "s3:GetObject",
                Resource: `${bucketArn}/*`,
                Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
            });
            assert.deepEqual((policy.Statement[0] as { Resource: unknown }).Resource, [
                bucketArn,
                `${bucketArn}/*`,
            ]);
        });
    });

    describe("without a domain, as a single-page app", () => {
        let plan: Plan;
        before(async () => {
            ({ plan } = await planSite({
                contentDir: SITE_DIR,
                spaFallback: true,
                protect: false,
            }));
        });

        it("serves on CloudFront's default certificate: no certificate, no records", () => {
            const cdn = plan.one(T.distribution, "site-cdn");
            assert.deepEqual(cdn.inputs.viewerCertificate, { cloudfrontDefaultCertificate: true });
            assert.deepEqual(cdn.inputs.aliases, []);
            assert.deepEqual(plan.ofType(T.certificate), []);
            assert.deepEqual(plan.ofType(T.validation), []);
            assert.deepEqual(plan.ofType(T.record), []);
            // The provider stays: log delivery sources for CloudFront live in us-east-1.
            assert.equal(plan.ofType(T.provider).length, 1);
        });

        it("answers S3's 403 and a 404 with index.html and status 200", () => {
            assert.deepEqual(plan.one(T.distribution, "site-cdn").inputs.customErrorResponses, [
                {
                    errorCode: 403,
                    responseCode: 200,
                    responsePagePath: "/index.html",
                    errorCachingMinTtl: 10,
                },
                {
                    errorCode: 404,
                    responseCode: 200,
                    responsePagePath: "/index.html",
                    errorCachingMinTtl: 10,
                },
            ]);
        });

        it("protects nothing with protect: false (a throwaway stack)", () => {
            assert.deepEqual(
                plan.resources.filter((r) => r.protect).map((r) => r.name),
                [],
            );
        });
    });

    describe("with a not-found page, a given key, a web ACL and options", () => {
        const keyArn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const webAclArn = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/site/a1b2c3d4`;
        let plan: Plan;
        before(async () => {
            ({ plan } = await planSite({
                ...WITH_DOMAIN,
                notFoundPage: "404.html",
                kmsKeyArn: keyArn,
                webAclArn,
                priceClass: "PriceClass_All",
                contentSecurityPolicy: "default-src 'self' https://cdn.example.com",
                referrerPolicy: "no-referrer",
                noncurrentVersionExpirationDays: 7,
                logRetentionDays: 90,
            }));
        });

        it("serves 404.html with status 404 for a missing path", () => {
            assert.deepEqual(plan.one(T.distribution, "site-cdn").inputs.customErrorResponses, [
                {
                    errorCode: 403,
                    responseCode: 404,
                    responsePagePath: "/404.html",
                    errorCachingMinTtl: 10,
                },
                {
                    errorCode: 404,
                    responseCode: 404,
                    responsePagePath: "/404.html",
                    errorCachingMinTtl: 10,
                },
            ]);
        });

        it("encrypts with the given key and creates none", () => {
            assert.deepEqual(plan.ofType(T.key), []);
            for (const name of ["site-bucket", "site-logs"]) {
                const rules = plan.one(T.encryption, `${name}-encryption`).inputs.rules as {
                    applyServerSideEncryptionByDefault: unknown;
                }[];
                assert.deepEqual(rules[0].applyServerSideEncryptionByDefault, {
                    sseAlgorithm: "aws:kms",
                    kmsMasterKeyId: keyArn,
                });
            }
        });

        it("passes the web ACL, price class, headers and retention through", () => {
            const cdn = plan.one(T.distribution, "site-cdn");
            assert.equal(cdn.inputs.webAclId, webAclArn);
            assert.equal(cdn.inputs.priceClass, "PriceClass_All");
            const headers = plan.one(T.headers, "site-headers").inputs.securityHeadersConfig as {
                contentSecurityPolicy: unknown;
                referrerPolicy: unknown;
            };
            assert.deepEqual(headers.contentSecurityPolicy, {
                contentSecurityPolicy: "default-src 'self' https://cdn.example.com",
                override: true,
            });
            assert.deepEqual(headers.referrerPolicy, {
                referrerPolicy: "no-referrer",
                override: true,
            });
            const rules = (r: string) =>
                plan.one(T.lifecycle, r).inputs.rules as Record<string, unknown>[];
            assert.deepEqual(rules("site-bucket-lifecycle")[0].noncurrentVersionExpiration, {
                noncurrentDays: 7,
            });
            assert.deepEqual(rules("site-logs-lifecycle")[0].expiration, { days: 90 });
        });
    });

    describe("lightspeed-guard", () => {
        it("passes a fully configured site (domain and zone) with no violation at all", async () => {
            assert.deepEqual(
                await violationsOf("*", () => new StaticSite("site", WITH_DOMAIN)),
                [],
            );
        });

        it("without a domain: exactly cloudfront-https on the default certificate", async () => {
            assert.deepEqual(
                await violationsOf(
                    "*",
                    () => new StaticSite("site", { contentDir: SITE_DIR, protect: false }),
                ),
                [
                    "advisory stateful-protect site-bucket: protect is not set: deleting or replacing this resource loses its objects; pass { protect: true } in its resource options.",
                    "advisory stateful-protect site-key: protect is not set: deleting or replacing this resource loses every piece of data encrypted under it; pass { protect: true } in its resource options.",
                    "advisory stateful-protect site-logs: protect is not set: deleting or replacing this resource loses its objects; pass { protect: true } in its resource options.",
                    'mandatory cloudfront-https site-cdn: viewerCertificate.cloudfrontDefaultCertificate is true: the default *.cloudfront.net certificate accepts TLSv1 viewers and its minimum cannot be raised; use an ACM certificate (acmCertificateArn, sslSupportMethod "sni-only") with minimumProtocolVersion "TLSv1.2_2021" or newer.',
                ],
            );
        });

        it("without a domain: the recommended dev exception leaves only its advisory notice", async () => {
            const reason =
                "dev has no domain: the site is served on the default *.cloudfront.net certificate, whose minimum TLS CloudFront cannot raise; prod serves it on an ACM certificate";
            const violations = await violationsOf(
                "*",
                () => new StaticSite("site", { contentDir: SITE_DIR }),
                {
                    policyConfig: {
                        "cloudfront-https": {
                            exceptions: [
                                {
                                    resource:
                                        "lightspeed:index:StaticSite::site$aws:cloudfront/distribution:Distribution::site-cdn",
                                    reason,
                                },
                            ],
                        },
                    },
                },
            );
            assert.equal(violations.length, 1);
            assert.ok(
                violations[0].startsWith(
                    `advisory exceptions-in-force site-cdn: cloudfront-https waived by exception "lightspeed:index:StaticSite::site$aws:cloudfront/distribution:Distribution::site-cdn": ${reason} | (finding: viewerCertificate.cloudfrontDefaultCertificate is true`,
                ),
                violations[0],
            );
        });
    });
});

describe("StaticSite content", () => {
    it("content types by extension, text with charset=utf-8", () => {
        const table: [string, string][] = [
            ["index.html", "text/html; charset=utf-8"],
            ["a/b/page.HTM", "text/html; charset=utf-8"],
            ["app.3f9a2c1b.js", "text/javascript; charset=utf-8"],
            ["mod.mjs", "text/javascript; charset=utf-8"],
            ["site.css", "text/css; charset=utf-8"],
            ["data.json", "application/json; charset=utf-8"],
            ["app.js.map", "application/json; charset=utf-8"],
            ["logo.svg", "image/svg+xml; charset=utf-8"],
            ["photo.JPG", "image/jpeg"],
            ["font.woff2", "font/woff2"],
            ["favicon.ico", "image/x-icon"],
            ["manifest.webmanifest", "application/manifest+json; charset=utf-8"],
            ["LICENSE", "application/octet-stream"],
            ["archive.tar.gz", "application/octet-stream"],
        ];
        for (const [key, type] of table) assert.equal(contentTypeOf(key), type, key);
    });

    it("cache kinds: HTML always short, hashed names immutable, the rest short", () => {
        const table: [string, string][] = [
            ["index.html", "html"],
            ["app.3f9a2c1b.html", "html"],
            ["assets/app.3f9a2c1b.js", "immutable"],
            ["assets/chunk-0a1b2c3d4e5f.css", "immutable"],
            ["assets/APP.3F9A2C1B.JS", "immutable"],
            ["assets/app.js", "default"],
            ["assets/app.3f9a2c1.js", "default"], // 7 hex digits: not a hash
            ["assets/my-component.js", "default"], // not hex
            ["assets/3f9a2c1b.js", "default"], // no name before the hash
            ["robots.txt", "default"],
        ];
        for (const [key, kind] of table) assert.equal(cacheKindOf(key), kind, key);
    });

    it("invalidation paths: leading slash, URL-encoded segments, a literal * encoded", () => {
        const table: [string, string][] = [
            ["index.html", "/index.html"],
            ["assets/app.3f9a2c1b.js", "/assets/app.3f9a2c1b.js"],
            ["docs/read me.html", "/docs/read%20me.html"],
            ["star*.txt", "/star%2A.txt"],
            ["café.html", "/caf%C3%A9.html"],
        ];
        for (const [key, p] of table) assert.equal(invalidationPathOf(key), p, key);
    });

    it("reads a folder: nested keys sorted, hidden files skipped, .well-known kept", () => {
        const dir = contentFolder({
            "index.html": "<p>hi</p>",
            ".DS_Store": "x",
            "assets/.gitkeep": "",
            "assets/app.3f9a2c1b.js": "1",
            ".well-known/security.txt": "Contact: mailto:security@example.com",
        });
        try {
            const files = readSiteContent(dir);
            assert.deepEqual(
                files.map((f) => [f.key, f.cacheKind, f.file]),
                [
                    [
                        ".well-known/security.txt",
                        "default",
                        path.join(dir, ".well-known", "security.txt"),
                    ],
                    [
                        "assets/app.3f9a2c1b.js",
                        "immutable",
                        path.join(dir, "assets", "app.3f9a2c1b.js"),
                    ],
                    ["index.html", "html", path.join(dir, "index.html")],
                ],
            );
            assert.ok(files.every((f) => /^[0-9a-f]{64}$/.test(f.hash)));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("caches the root object under / too; the content hash follows content, not order", () => {
        const dir = contentFolder({ "index.html": "v1", "about.html": "a" });
        try {
            const before = cachedPaths(readSiteContent(dir), "index.html");
            assert.deepEqual(Object.keys(before).sort(), ["/", "/about.html", "/index.html"]);
            assert.equal(before["/"], before["/index.html"]);
            const reordered = Object.fromEntries(Object.entries(before).reverse());
            assert.equal(contentHashOf(reordered), contentHashOf(before));
            fs.writeFileSync(path.join(dir, "index.html"), "v2");
            const after = cachedPaths(readSiteContent(dir), "index.html");
            assert.notEqual(contentHashOf(after), contentHashOf(before));
            assert.deepEqual(changedPaths(before, after), ["/", "/index.html"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("StaticSite invalidation provider", () => {
    const cloudFront = mockClient(CloudFrontClient);
    const DISTRIBUTION = "E2QWRUHAPOMQZL";
    const filesV1 = {
        "/": "h-index-1",
        "/index.html": "h-index-1",
        "/assets/app.1111aaaa.js": "h-app-1",
        "/robots.txt": "h-robots",
        "/old.html": "h-old",
    };
    const filesV2 = {
        "/": "h-index-2",
        "/index.html": "h-index-2",
        "/assets/app.1111aaaa.js": "h-app-1",
        "/robots.txt": "h-robots",
        "/new.html": "h-new",
    };
    const olds: InvalidationOutputs = {
        distributionId: DISTRIBUTION,
        files: filesV1,
        contentHash: contentHashOf(filesV1),
        invalidationId: "I1",
        invalidatedPaths: ["/*"],
        callerReference: "first",
    };

    beforeEach(() => {
        cloudFront.reset();
        let n = 0;
        cloudFront.on(CreateInvalidationCommand).callsFake(() => ({
            Invalidation: { Id: `I${++n + 1}`, Status: "InProgress" },
        }));
    });
    after(() => cloudFront.restore());

    /** The inputs of every CreateInvalidation call so far. */
    const calls = () =>
        cloudFront.commandCalls(CreateInvalidationCommand).map((c) => c.args[0].input);

    it("create: invalidates everything once and records the invalidation", async () => {
        const inputs = {
            distributionId: DISTRIBUTION,
            files: filesV1,
            contentHash: olds.contentHash,
        };
        const result = await create(inputs);
        assert.equal(calls().length, 1);
        const [call] = calls();
        assert.equal(call.DistributionId, DISTRIBUTION);
        assert.deepEqual(call.InvalidationBatch?.Paths, { Quantity: 1, Items: ["/*"] });
        const reference = call.InvalidationBatch?.CallerReference ?? "";
        assert.match(reference, /^lightspeed-[0-9a-f]{12}-\d+-[0-9a-f-]{36}$/);
        assert.deepEqual(result, {
            id: "I2",
            outs: {
                ...inputs,
                invalidationId: "I2",
                invalidatedPaths: ["/*"],
                callerReference: reference,
            },
        });
    });

    it("diff: the same content hash is no change at all, even on a new distribution id", async () => {
        const news = {
            distributionId: "ENEWDISTRIBUTION",
            files: { ...filesV1 },
            contentHash: olds.contentHash,
        };
        assert.deepEqual(await diff("I1", olds, news), {
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
        assert.equal(calls().length, 0);
    });

    it("diff: a new content hash is an update, never a replacement", async () => {
        const news = {
            distributionId: DISTRIBUTION,
            files: filesV2,
            contentHash: contentHashOf(filesV2),
        };
        assert.deepEqual(await diff("I1", olds, news), {
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
    });

    it("update: invalidates only the changed, added and removed paths, on the new distribution id", async () => {
        const news = {
            distributionId: "ENEWDISTRIBUTION",
            files: filesV2,
            contentHash: contentHashOf(filesV2),
        };
        const result = await update("I1", olds, news);
        const expectedPaths = ["/", "/index.html", "/new.html", "/old.html"];
        assert.equal(calls().length, 1);
        const [call] = calls();
        assert.equal(call.DistributionId, "ENEWDISTRIBUTION");
        assert.deepEqual(call.InvalidationBatch?.Paths, { Quantity: 4, Items: expectedPaths });
        assert.deepEqual(result.outs, {
            ...news,
            invalidationId: "I2",
            invalidatedPaths: expectedPaths,
            callerReference: call.InvalidationBatch?.CallerReference,
        });
    });

    it("update: every CreateInvalidation gets a unique caller reference", async () => {
        const news = {
            distributionId: DISTRIBUTION,
            files: filesV2,
            contentHash: contentHashOf(filesV2),
        };
        await update("I1", olds, news);
        await update("I1", olds, news);
        const references = calls().map((c) => c.InvalidationBatch?.CallerReference);
        assert.equal(references.length, 2);
        assert.notEqual(references[0], references[1]);
    });

    it("update: more than 100 changed paths become one /* invalidation", async () => {
        const many = Object.fromEntries(
            Array.from({ length: 101 }, (_, i) => [`/p${i}.html`, `h${i}`]),
        );
        const news = {
            distributionId: DISTRIBUTION,
            files: many,
            contentHash: contentHashOf(many),
        };
        await update("I1", olds, news);
        assert.deepEqual(calls()[0].InvalidationBatch?.Paths, { Quantity: 1, Items: ["/*"] });
        const hundred = Object.fromEntries(Object.entries(many).slice(0, 100));
        assert.equal(changedPaths({}, hundred).length, 100);
    });

    it("update: a CloudFront error fails the update", async () => {
        cloudFront
            .on(CreateInvalidationCommand)
            .rejects(new Error("TooManyInvalidationsInProgress"));
        const news = {
            distributionId: DISTRIBUTION,
            files: filesV2,
            contentHash: contentHashOf(filesV2),
        };
        await assert.rejects(update("I1", olds, news), /TooManyInvalidationsInProgress/);
    });
});

describe("StaticSite validation", () => {
    let dir: string;
    before(() => {
        dir = contentFolder({ "index.html": "<p>hi</p>", "404.html": "<p>no</p>" });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const prefix = 'StaticSite "site": ';
    const cases: [string, (dir: string) => Partial<StaticSiteArgs>, (dir: string) => string][] = [
        [
            "a missing content folder",
            () => ({ contentDir: "/no/such/folder" }),
            () => 'contentDir must be an existing directory, got "/no/such/folder"',
        ],
        [
            "an absolute default root object",
            () => ({ defaultRootObject: "/index.html" }),
            () =>
                'defaultRootObject must be a file path relative to contentDir, like "index.html", got "/index.html"',
        ],
        [
            "a default root object that is not there",
            () => ({ defaultRootObject: "home.html" }),
            (d) => `defaultRootObject "home.html" is not a file in contentDir ${JSON.stringify(d)}`,
        ],
        [
            "a not-found page with the SPA fallback",
            () => ({ notFoundPage: "404.html", spaFallback: true }),
            () =>
                'notFoundPage and spaFallback exclude each other: the SPA fallback answers every missing path with "index.html"; got notFoundPage "404.html"',
        ],
        [
            "a not-found page that is not there",
            () => ({ notFoundPage: "missing.html" }),
            (d) => `notFoundPage "missing.html" is not a file in contentDir ${JSON.stringify(d)}`,
        ],
        [
            "an empty CSP",
            () => ({ contentSecurityPolicy: " " }),
            () => 'contentSecurityPolicy must be one line of 1..1783 characters, got " "',
        ],
        [
            "a CSP over two lines",
            () => ({ contentSecurityPolicy: "default-src 'self';\nimg-src *" }),
            () =>
                `contentSecurityPolicy must be one line of 1..1783 characters, got "default-src 'self';\\nimg-src *"`,
        ],
        [
            "an unknown referrer policy",
            () => ({ referrerPolicy: "always" as never }),
            () =>
                'referrerPolicy must be one of no-referrer, no-referrer-when-downgrade, origin, origin-when-cross-origin, same-origin, strict-origin, strict-origin-when-cross-origin, unsafe-url, got "always"',
        ],
        [
            "an unknown price class",
            () => ({ priceClass: "PriceClass_50" as never }),
            () =>
                'priceClass must be one of PriceClass_100, PriceClass_200, PriceClass_All, got "PriceClass_50"',
        ],
        [
            "a domain without a zone",
            () => ({ domainName: DOMAIN }),
            () =>
                'domainName "www.example.com" needs hostedZoneId (the Route 53 zone that validates its certificate and holds its records)',
        ],
        [
            "a zone without a domain",
            () => ({ hostedZoneId: ZONE }),
            () => "hostedZoneId needs domainName (the name the site is served under)",
        ],
        [
            "an upper-case domain",
            () => ({ domainName: "WWW.Example.com", hostedZoneId: ZONE }),
            () =>
                'domainName must be a lower-case DNS name like "www.example.com" (no trailing dot), got "WWW.Example.com"',
        ],
        [
            "a domain with a trailing dot",
            () => ({ domainName: "www.example.com.", hostedZoneId: ZONE }),
            () =>
                'domainName must be a lower-case DNS name like "www.example.com" (no trailing dot), got "www.example.com."',
        ],
        [
            "a malformed zone id",
            () => ({ domainName: DOMAIN, hostedZoneId: "example.com" }),
            () =>
                'hostedZoneId must be a Route 53 zone id like "Z0123456789ABCDEFGHIJ", got "example.com"',
        ],
        [
            "a regional web ACL",
            () => ({ webAclArn: `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/site/a1b2` }),
            () =>
                'webAclArn must be the ARN of a WAFv2 web ACL with CLOUDFRONT scope ("arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>"), got "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/site/a1b2"',
        ],
        [
            "an alias for a key",
            () => ({ kmsKeyArn: "alias/aws/s3" }),
            () =>
                'kmsKeyArn must be a KMS key ARN ("arn:aws:kms:<region>:<account>:key/<id>"), got "alias/aws/s3"',
        ],
        [
            "a zero-day version expiry",
            () => ({ noncurrentVersionExpirationDays: 0 }),
            () => "noncurrentVersionExpirationDays must be an integer from 1 to 3650, got 0",
        ],
        [
            "a fractional log retention",
            () => ({ logRetentionDays: 1.5 }),
            () => "logRetentionDays must be an integer from 1 to 3650, got 1.5",
        ],
    ];
    for (const [what, args, message] of cases) {
        it(`rejects ${what}`, () => {
            assert.throws(() => validateStaticSiteArgs("site", { contentDir: dir, ...args(dir) }), {
                message: prefix + message(dir),
            });
        });
    }

    it("rejects a CSP over CloudFront's 1783 characters", () => {
        assert.throws(
            () =>
                validateStaticSiteArgs("site", {
                    contentDir: dir,
                    contentSecurityPolicy: "a".repeat(1784),
                }),
            {
                message:
                    /^StaticSite "site": contentSecurityPolicy must be one line of 1\.\.1783 characters, got "a{1784}"$/,
            },
        );
    });

    it("accepts every argument set at once, and the defaults", () => {
        validateStaticSiteArgs("site", { contentDir: dir });
        validateStaticSiteArgs("site", {
            contentDir: dir,
            defaultRootObject: "index.html",
            notFoundPage: "404.html",
            contentSecurityPolicy: "default-src 'self'",
            referrerPolicy: "same-origin",
            priceClass: "PriceClass_200",
            domainName: "static.example.co.uk",
            hostedZoneId: ZONE,
            webAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/site/a1b2`,
            kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/mrk-1234abcd`,
            noncurrentVersionExpirationDays: 1,
            logRetentionDays: 3650,
            protect: false,
        });
    });

    it("shares its name rules with the stack config", () => {
        const table: [(text: string) => boolean, string, boolean][] = [
            [isSiteDomainName, "www.example.com", true],
            [isSiteDomainName, "static.example.co.uk", true],
            [isSiteDomainName, "example", false],
            [isSiteDomainName, "www.example.com.", false],
            [isSiteDomainName, "-www.example.com", false],
            [isSiteDomainName, "", false],
            [isHostedZoneId, ZONE, true],
            [isHostedZoneId, "z0123", false],
            [isHostedZoneId, "/hostedzone/Z0123", false],
            [isCloudFrontWebAclArn, `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/a/b`, true],
            [
                isCloudFrontWebAclArn,
                `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/a/b`,
                false,
            ],
        ];
        for (const [rule, text, expected] of table) {
            assert.equal(rule(text), expected, `${rule.name}(${JSON.stringify(text)})`);
        }
    });

    it("validates before registering anything", () => {
        assert.throws(() => new StaticSite("site", { contentDir: "/no/such/folder" }), {
            message:
                'StaticSite "site": contentDir must be an existing directory, got "/no/such/folder"',
        });
    });
});
