/**
 * `cloudfront-https`: CloudFront serves viewers over HTTPS only, with TLS 1.2 or newer, and talks
 * to custom origins over HTTPS.
 *
 * - The default cache behavior and every other cache behavior use `viewerProtocolPolicy`
 *   "redirect-to-https" or "https-only".
 * - `viewerCertificate.minimumProtocolVersion` is one of {@link MODERN_VIEWER_POLICIES}. The default
 *   `*.cloudfront.net` certificate fails: CloudFront pins its minimum at TLSv1 and it cannot be
 *   raised, so a distribution that keeps it accepts TLS 1.0 and 1.1 viewers. Use an ACM
 *   certificate on an alias; a distribution that must stay on the default domain takes an
 *   exception in the policy config, with its reason.
 * - Custom origins use `originProtocolPolicy` "https-only" or "match-viewer" (viewers are HTTPS
 *   already) and `originSslProtocols` without SSLv3, TLSv1 or TLSv1.1.
 *
 * Covers aws.cloudfront.Distribution (`orderedCacheBehaviors`) and
 * aws.cloudfront.MultitenantDistribution (`cacheBehaviors`, `customOriginConfigs`). A list of
 * behaviors or origins, or one entry, unknown during preview fails closed: built in an `apply`,
 * it could allow HTTP when applied.
 */
import { isUnknown, resourceRule } from "../lib/rule";

/** CloudFront viewer security policies with TLS 1.2 or newer as the minimum, oldest first. */
export const MODERN_VIEWER_POLICIES = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

const HTTPS_VIEWER = ["redirect-to-https", "https-only"];
const HTTPS_ORIGIN = ["https-only", "match-viewer"];
const OLD_ORIGIN_PROTOCOLS = ["SSLv3", "TLSv1", "TLSv1.1"];

type Props = Record<string, unknown>;

function obj(value: unknown): Props | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Props)
        : undefined;
}

/**
 * The entries of a list input, each with its index. A list or an entry unknown during preview
 * (built in an `apply`) could hold "allow-all" or "http-only" when applied, so it is a finding,
 * pushed on `problems` naming `what` must be readable; unknown entries are left out.
 */
function list(name: string, value: unknown, what: string, problems: string[]): [Props, number][] {
    if (isUnknown(value)) {
        problems.push(
            `${name} is unknown during preview: pass a plain list of plain objects, so each one's ${what} can be read.`,
        );
        return [];
    }
    if (!Array.isArray(value)) return [];
    const out: [Props, number][] = [];
    value.forEach((v, i) => {
        if (isUnknown(v)) {
            problems.push(
                `${name}[${i}] is unknown during preview: pass it as a plain object, so its ${what} can be read.`,
            );
        } else out.push([obj(v) ?? {}, i]);
    });
    return out;
}

const ORIGIN_SETTINGS = "originProtocolPolicy and originSslProtocols";

function shown(value: unknown): string {
    return value === undefined || value === null ? "missing" : JSON.stringify(value);
}

function viewerPolicy(path: string, behavior: Props | undefined): string[] {
    const policy = behavior?.viewerProtocolPolicy;
    if (isUnknown(policy)) {
        return [`${path}.viewerProtocolPolicy is unknown during preview: pass a plain string.`];
    }
    if (typeof policy === "string" && HTTPS_VIEWER.includes(policy)) return [];
    return [
        `${path}.viewerProtocolPolicy is ${shown(policy)}: set "redirect-to-https" or "https-only".`,
    ];
}

function certificate(props: Props): string[] {
    const cert = obj(props.viewerCertificate) ?? {};
    if (isUnknown(cert.cloudfrontDefaultCertificate)) {
        return [
            "viewerCertificate.cloudfrontDefaultCertificate is unknown during preview: pass a plain boolean.",
        ];
    }
    if (cert.cloudfrontDefaultCertificate === true) {
        return [
            `viewerCertificate.cloudfrontDefaultCertificate is true: the default *.cloudfront.net certificate accepts TLSv1 viewers and its minimum cannot be raised; use an ACM certificate (acmCertificateArn, sslSupportMethod "sni-only") with minimumProtocolVersion "${MODERN_VIEWER_POLICIES[0]}" or newer.`,
        ];
    }
    const version = cert.minimumProtocolVersion;
    if (isUnknown(version)) {
        return [
            "viewerCertificate.minimumProtocolVersion is unknown during preview: pass a plain string.",
        ];
    }
    if (typeof version === "string" && MODERN_VIEWER_POLICIES.includes(version)) return [];
    return [
        `viewerCertificate.minimumProtocolVersion is ${shown(version)} (the default is TLSv1): set "${MODERN_VIEWER_POLICIES[0]}" or newer (${MODERN_VIEWER_POLICIES.slice(1).join(", ")}).`,
    ];
}

function origin(path: string, config: Props): string[] {
    const problems: string[] = [];
    const policy = config.originProtocolPolicy;
    if (isUnknown(policy)) {
        problems.push(
            `${path}.originProtocolPolicy is unknown during preview: pass a plain string.`,
        );
    } else if (typeof policy !== "string" || !HTTPS_ORIGIN.includes(policy)) {
        problems.push(
            `${path}.originProtocolPolicy is ${shown(policy)}: set "https-only" so traffic to the origin is encrypted.`,
        );
    }
    const protocols = config.originSslProtocols;
    if (isUnknown(protocols)) {
        problems.push(`${path}.originSslProtocols is unknown during preview: pass a plain list.`);
    } else if (Array.isArray(protocols)) {
        const old = protocols.filter((p) => OLD_ORIGIN_PROTOCOLS.includes(p as string));
        if (old.length) {
            problems.push(
                `${path}.originSslProtocols includes ${old.map((p) => JSON.stringify(p)).join(", ")}: list only "TLSv1.2".`,
            );
        }
    }
    return problems;
}

/** `name[i] ("label")`, so a message points at the entry a reader can find. */
function entry(name: string, i: number, label: unknown): string {
    return typeof label === "string" ? `${name}[${i}] (${JSON.stringify(label)})` : `${name}[${i}]`;
}

/** CloudFront viewers and custom origins use HTTPS with TLS 1.2 or newer. */
export const rule = resourceRule({
    name: "cloudfront-https",
    description:
        "CloudFront must serve viewers over HTTPS only with a TLS 1.2 (TLSv1.2_2021) or newer security policy, and reach custom origins over HTTPS.",
    nearest: {
        cdkNag: ["AwsSolutions-CFR4", "AwsSolutions-CFR5"],
        checkov: ["CKV_AWS_34", "CKV_AWS_174"],
    },
    types: [
        "aws:cloudfront/distribution:Distribution",
        "aws:cloudfront/multitenantDistribution:MultitenantDistribution",
    ],
    check: ({ type, props }) => {
        const multitenant = type.endsWith(":MultitenantDistribution");
        const behaviors = multitenant ? "cacheBehaviors" : "orderedCacheBehaviors";
        const problems = viewerPolicy("defaultCacheBehavior", obj(props.defaultCacheBehavior));
        for (const [b, i] of list(behaviors, props[behaviors], "viewerProtocolPolicy", problems)) {
            problems.push(...viewerPolicy(entry(behaviors, i, b.pathPattern), b));
        }
        problems.push(...certificate(props));
        for (const [o, i] of list("origins", props.origins, ORIGIN_SETTINGS, problems)) {
            const at = entry("origins", i, o.originId ?? o.id);
            if (multitenant) {
                const configs = `${at}.customOriginConfigs`;
                for (const [c, j] of list(
                    configs,
                    o.customOriginConfigs,
                    ORIGIN_SETTINGS,
                    problems,
                )) {
                    problems.push(...origin(`${configs}[${j}]`, c));
                }
            } else if (isUnknown(o.customOriginConfig)) {
                problems.push(
                    `${at}.customOriginConfig is unknown during preview: pass it as a plain object, so its ${ORIGIN_SETTINGS} can be read.`,
                );
            } else {
                const c = obj(o.customOriginConfig);
                if (c) problems.push(...origin(`${at}.customOriginConfig`, c));
            }
        }
        return problems;
    },
});
