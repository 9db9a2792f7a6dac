import { isUnknown, resourceRule } from "../lib/rule";
import { listAt, objectAt } from "../lib/network";

const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const MEMORYDB = "aws:memorydb/cluster:Cluster";

/**
 * ELB security policies that refuse TLS 1.0 and 1.1: the TLS 1.3 families, and the TLS 1.2-only
 * ones (`...-1-2-...`). ELBSecurityPolicy-2016-08, ...-TLS-1-0-..., ...-TLS-1-1-... and
 * ...-FS-2018-06 still accept TLS 1.0 or 1.1.
 */
const MODERN_SSL_POLICY = /^ELBSecurityPolicy-(TLS13-|TLS-1-2-|FS-1-2-)/;

function listenerProblems(p: Record<string, unknown>): string[] {
    if (isUnknown(p.protocol)) return ["protocol is unknown during preview: pass a plain string."];
    // ALB listeners default to HTTP; NLB TCP/UDP listeners pass bytes through untouched.
    const protocol = typeof p.protocol === "string" ? p.protocol.toUpperCase() : "HTTP";
    if (protocol === "HTTPS" || protocol === "TLS") {
        if (isUnknown(p.sslPolicy)) {
            return ["sslPolicy is unknown during preview: pass a plain policy name."];
        }
        if (typeof p.sslPolicy !== "string" || !MODERN_SSL_POLICY.test(p.sslPolicy)) {
            const got = typeof p.sslPolicy === "string" ? `"${p.sslPolicy}"` : "not set";
            return [
                `sslPolicy is ${got}, which accepts TLS 1.0 or 1.1 (or leaves the choice to the provider): set sslPolicy "ELBSecurityPolicy-TLS13-1-2-2021-06".`,
            ];
        }
        return [];
    }
    if (protocol !== "HTTP") return [];
    const actions = p.defaultActions;
    if (isUnknown(actions)) {
        return ["defaultActions is unknown during preview: pass the actions as plain objects."];
    }
    const redirectsToHttps = (a: unknown) => {
        const action = objectAt(a);
        const redirect = objectAt(action?.redirect);
        return (
            action?.type === "redirect" &&
            typeof redirect?.protocol === "string" &&
            redirect.protocol.toUpperCase() === "HTTPS"
        );
    };
    const list = listAt(actions);
    if (list.length > 0 && list.every(redirectsToHttps)) return [];
    return [
        'protocol is HTTP and defaultActions do not redirect to HTTPS, so requests and responses cross the network in clear text: listen on HTTPS (with a certificate and a TLS 1.2+ sslPolicy), or make the HTTP listener\'s only default action { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }.',
    ];
}

/**
 * Data in transit is encrypted. Load-balancer listeners: HTTPS and TLS listeners use a security
 * policy that refuses TLS 1.0/1.1, and an HTTP listener only redirects to HTTPS (TCP and UDP
 * listeners pass through traffic whose encryption is the target's). SNS subscriptions never
 * deliver over `http`. MemoryDB clusters keep TLS on. OpenSearch, ElastiCache and CloudFront have
 * their own transport rules.
 */
export const rule = resourceRule({
    name: "transport-encrypted",
    description:
        "Load-balancer listeners must use TLS 1.2+ (HTTP only to redirect to HTTPS), SNS subscriptions must not use http, and MemoryDB must keep TLS on.",
    nearest: {
        awsguard: ["alb-http-to-https-redirection"],
        cdkNag: ["AwsSolutions-ELB2", "NIST.800.53.R5-ALBHttpToHttpsRedirection"],
        checkov: ["CKV_AWS_2", "CKV_AWS_103", "CKV2_AWS_20", "CKV_AWS_202"],
    },
    types: [...LISTENERS, SUBSCRIPTION, MEMORYDB],
    check: ({ type, props }) => {
        if (LISTENERS.includes(type)) return listenerProblems(props);
        if (type === SUBSCRIPTION) {
            if (isUnknown(props.protocol)) {
                return ["protocol is unknown during preview: pass a plain string."];
            }
            // Compared in lower case: the check must not hinge on how the protocol is spelled.
            return typeof props.protocol === "string" && props.protocol.toLowerCase() === "http"
                ? [
                      'protocol is "http", so every message is delivered in clear text: use "https" (or sqs, lambda, firehose).',
                  ]
                : [];
        }
        if (isUnknown(props.tlsEnabled)) {
            return ["tlsEnabled is unknown during preview: pass a plain true."];
        }
        return props.tlsEnabled === false
            ? ["tlsEnabled is false: set it true (the default) so clients connect over TLS."]
            : [];
    },
});
