/**
 * `opensearch-transport`: OpenSearch and legacy Elasticsearch domains encrypt every hop: between
 * nodes, and from clients over HTTPS only with TLS 1.2 or newer. Each setting must be written
 * out: when `domainEndpointOptions` is left out, AWS neither enforces HTTPS nor sets a TLS 1.2
 * policy, and a preview cannot see the defaults a provider would fill in.
 */
import { isUnknown, resourceRule } from "../lib/rule";

/** The domain endpoint TLS policies with TLS 1.2 as the minimum. */
export const TLS12_POLICIES = ["Policy-Min-TLS-1-2-PFS-2023-10", "Policy-Min-TLS-1-2-2019-07"];

type Props = Record<string, unknown>;

function obj(value: unknown): Props | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Props)
        : undefined;
}

function shown(value: unknown): string {
    return value === undefined || value === null ? "missing" : JSON.stringify(value);
}

const ENDPOINT_FIX = `set domainEndpointOptions { enforceHttps: true, tlsSecurityPolicy: "${TLS12_POLICIES[0]}" }.`;

function nodeToNode(props: Props): string[] {
    const n2n = obj(props.nodeToNodeEncryption);
    const enabled = n2n ? n2n.enabled : props.nodeToNodeEncryption;
    if (enabled === true) return [];
    if (isUnknown(enabled)) {
        return ["nodeToNodeEncryption.enabled is unknown during preview: pass a plain true."];
    }
    return [
        `nodeToNodeEncryption.enabled is ${shown(n2n ? enabled : undefined)}: set nodeToNodeEncryption { enabled: true }.`,
    ];
}

function endpoint(props: Props): string[] {
    const options = obj(props.domainEndpointOptions);
    if (!options) {
        if (isUnknown(props.domainEndpointOptions)) {
            return ["domainEndpointOptions is unknown during preview: pass a plain object."];
        }
        return [`domainEndpointOptions is missing: ${ENDPOINT_FIX}`];
    }
    const problems: string[] = [];
    if (isUnknown(options.enforceHttps)) {
        problems.push(
            "domainEndpointOptions.enforceHttps is unknown during preview: pass a plain true.",
        );
    } else if (options.enforceHttps !== true) {
        problems.push(
            `domainEndpointOptions.enforceHttps is ${shown(options.enforceHttps)}: set it to true so the domain refuses plain HTTP.`,
        );
    }
    const policy = options.tlsSecurityPolicy;
    if (isUnknown(policy)) {
        problems.push(
            "domainEndpointOptions.tlsSecurityPolicy is unknown during preview: pass a plain string.",
        );
    } else if (typeof policy !== "string" || !TLS12_POLICIES.includes(policy)) {
        problems.push(
            `domainEndpointOptions.tlsSecurityPolicy is ${shown(policy)}: set "${TLS12_POLICIES[0]}" or "${TLS12_POLICIES[1]}" (TLS 1.2 or newer).`,
        );
    }
    return problems;
}

/** OpenSearch domains encrypt node-to-node traffic and accept only HTTPS with TLS 1.2+. */
export const rule = resourceRule({
    name: "opensearch-transport",
    description:
        "OpenSearch and Elasticsearch domains must encrypt node-to-node traffic and accept only HTTPS with TLS 1.2 or newer.",
    nearest: {
        cdkNag: ["AwsSolutions-OS2"],
        checkov: ["CKV_AWS_6", "CKV_AWS_83", "CKV_AWS_228"],
    },
    types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
    check: ({ props }) => [...nodeToNode(props), ...endpoint(props)],
});
