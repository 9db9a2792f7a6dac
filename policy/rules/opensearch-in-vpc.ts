import { isUnknown, resourceRule } from "../lib/rule";
import { flag, namesSomething, objectAt } from "../lib/network";

const DOMAIN_TYPES = ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"];
const SERVERLESS_POLICY = "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy";

function domainProblems(props: Record<string, unknown>): string[] {
    if (isUnknown(props.vpcOptions)) return [];
    const vpc = objectAt(props.vpcOptions);
    if (vpc === undefined) {
        return [
            "vpcOptions is missing, so the domain gets a public endpoint: set vpcOptions.subnetIds (private subnets) and vpcOptions.securityGroupIds.",
        ];
    }
    const problems: string[] = [];
    if (!namesSomething(vpc.subnetIds))
        problems.push("vpcOptions.subnetIds is empty: name the private subnets.");
    if (!namesSomething(vpc.securityGroupIds))
        problems.push(
            "vpcOptions.securityGroupIds is empty, so the domain uses the VPC's default security group: name a security group.",
        );
    return problems;
}

/** OpenSearch Serverless network policies: no rule may allow access from the public internet. */
function networkPolicyProblems(props: Record<string, unknown>): string[] {
    if (isUnknown(props.type)) {
        return ["type is unknown during preview: pass a plain string."];
    }
    if (typeof props.type !== "string" || props.type.toLowerCase() !== "network") return [];
    if (isUnknown(props.policy) || typeof props.policy !== "string") {
        return [
            "policy is unknown during preview: pass the network policy as a plain JSON string.",
        ];
    }
    let doc: unknown;
    try {
        doc = JSON.parse(props.policy);
    } catch {
        return ["policy is not valid JSON: pass the network policy as a JSON array of rules."];
    }
    const rules = Array.isArray(doc) ? doc : [doc];
    return rules.flatMap((r, i) =>
        flag(objectAt(r)?.AllowFromPublic) === true
            ? [
                  `policy[${i}].AllowFromPublic is true: set it false and list the VPC endpoints that may reach the collections in SourceVPCEs.`,
              ]
            : [],
    );
}

/**
 * OpenSearch (and legacy Elasticsearch) domains run inside the VPC, in private subnets behind a
 * security group; OpenSearch Serverless collections are not reachable from the public internet.
 */
export const rule = resourceRule({
    name: "opensearch-in-vpc",
    unknowns: "An unknown vpcOptions is judged by unknown-values-proven.",
    description:
        "OpenSearch domains must run inside the VPC (vpcOptions with subnets and security groups), and OpenSearch Serverless network policies must not allow public access.",
    nearest: {
        awsguard: ["elasticsearch-in-vpc-only"],
        cdkNag: ["AwsSolutions-OS1", "NIST.800.53.R5-OpenSearchInVPCOnly"],
        checkov: ["CKV_AWS_137", "CKV_AWS_248"],
    },
    types: [...DOMAIN_TYPES, SERVERLESS_POLICY],
    check: ({ type, props }) =>
        type === SERVERLESS_POLICY ? networkPolicyProblems(props) : domainProblems(props),
});
