import { isUnknown, resourceRule } from "../lib/rule";
import { listAt, objectAt } from "../lib/network";

const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const MEMORYDB = "aws:memorydb/cluster:Cluster";
const API_DOMAIN = "aws:apigateway/domainName:DomainName";
const API_V2_DOMAIN = "aws:apigatewayv2/domainName:DomainName";
const CLASSIC_ELB = "aws:elb/loadBalancer:LoadBalancer";

/** API Gateway security policies with TLS 1.2 or newer as the minimum. */
const API_TLS12 = /^(TLS_1_2|SecurityPolicy_TLS1[23]_1_[23](_.*)?)$/;

function apiDomainProblems(path: string, policy: unknown): string[] {
    if (isUnknown(policy)) return [`${path} is unknown during preview: pass a plain "TLS_1_2".`];
    if (typeof policy === "string" && API_TLS12.test(policy)) return [];
    return [
        `${path} is ${policy === undefined || policy === null ? "not set (API Gateway may default to TLS_1_0)" : JSON.stringify(policy)}, so clients may connect with TLS 1.0 or 1.1: set "TLS_1_2" (or a SecurityPolicy_TLS13_1_2_... enhanced policy).`,
    ];
}

/** Classic load balancers: every listener on the client side is HTTPS or SSL. */
function classicProblems(listeners: unknown): string[] {
    if (isUnknown(listeners)) return ["listeners is unknown during preview: pass plain objects."];
    return listAt(listeners).flatMap((l, i) => {
        const protocol = objectAt(l)?.lbProtocol;
        if (isUnknown(protocol)) {
            return [`listeners[${i}].lbProtocol is unknown during preview: pass a plain string.`];
        }
        const p = typeof protocol === "string" ? protocol.toLowerCase() : "";
        return p === "https" || p === "ssl"
            ? []
            : [
                  `listeners[${i}].lbProtocol is ${JSON.stringify(protocol)}, so clients reach the load balancer in clear text (a classic load balancer cannot redirect): listen on HTTPS or SSL, or use an application load balancer.`,
              ];
    });
}

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
 * deliver over `http`. MemoryDB clusters keep TLS on. API Gateway custom domains (REST and HTTP)
 * use a TLS 1.2+ security policy; classic load balancers listen on HTTPS or SSL only. OpenSearch,
 * ElastiCache and CloudFront have
 * their own transport rules.
 */
export const rule = resourceRule({
    name: "transport-encrypted",
    description:
        "Load-balancer listeners must use TLS 1.2+ (HTTP only to redirect to HTTPS; classic load balancers HTTPS or SSL only), API Gateway custom domains TLS 1.2+, SNS subscriptions must not use http, and MemoryDB must keep TLS on.",
    nearest: {
        awsguard: ["alb-http-to-https-redirection"],
        cdkNag: ["AwsSolutions-ELB2", "NIST.800.53.R5-ALBHttpToHttpsRedirection"],
        checkov: ["CKV_AWS_2", "CKV_AWS_103", "CKV2_AWS_20", "CKV_AWS_202"],
    },
    types: [...LISTENERS, SUBSCRIPTION, MEMORYDB, API_DOMAIN, API_V2_DOMAIN, CLASSIC_ELB],
    check: ({ type, props }) => {
        if (LISTENERS.includes(type)) return listenerProblems(props);
        if (type === API_DOMAIN) return apiDomainProblems("securityPolicy", props.securityPolicy);
        if (type === API_V2_DOMAIN) {
            const config = props.domainNameConfiguration;
            if (isUnknown(config)) {
                return [
                    "domainNameConfiguration is unknown during preview: pass it as a plain object.",
                ];
            }
            return apiDomainProblems(
                "domainNameConfiguration.securityPolicy",
                objectAt(config)?.securityPolicy,
            );
        }
        if (type === CLASSIC_ELB) return classicProblems(props.listeners);
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
