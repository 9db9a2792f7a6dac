import { isUnknown, resourceRule } from "../lib/rule";
import { coversInternet, describeCoverage } from "../lib/cidr";
import { flag, listAt, objectAt } from "../lib/network";

const AWS_CLUSTER = "aws:eks/cluster:Cluster";
const EKS_CLUSTER = "eks:index:Cluster";

/**
 * The public endpoint's findings, with `at` the path of the inputs (`vpcConfig.` on the AWS
 * resource, nothing on the eks component). AWS enables the public endpoint when
 * `endpointPublicAccess` is omitted, and opens it to 0.0.0.0/0 when `publicAccessCidrs` is
 * omitted or empty; the eks component passes both through with the same defaults.
 */
function endpointProblems(inputs: Record<string, unknown>, at: string): string[] {
    const access = flag(inputs.endpointPublicAccess);
    if (access === false) return [];
    if (access === "unknown") {
        return [
            `${at}endpointPublicAccess is unknown during preview: pass a plain boolean (false).`,
        ];
    }
    const enabled =
        access === true
            ? `${at}endpointPublicAccess is true`
            : `${at}endpointPublicAccess is not set (AWS enables the public endpoint by default)`;
    const fix = `set ${at}endpointPublicAccess false and ${at}endpointPrivateAccess true, or list the only CIDRs that may reach the API server in ${at}publicAccessCidrs`;
    const cidrs = inputs.publicAccessCidrs;
    if (isUnknown(cidrs)) {
        return [`${at}publicAccessCidrs is unknown during preview: pass plain CIDR blocks.`];
    }
    if (listAt(cidrs).length === 0) {
        return [
            `${enabled} and ${at}publicAccessCidrs is not set, so the Kubernetes API server is open to 0.0.0.0/0: ${fix}.`,
        ];
    }
    if (listAt(cidrs).some(isUnknown)) {
        return [
            `${at}publicAccessCidrs holds a block that is unknown during preview: pass plain CIDR blocks.`,
        ];
    }
    const plain = listAt(cidrs).filter((c): c is string => typeof c === "string");
    const open = plain.filter((c) => coversInternet([c]));
    if (open.length > 0) {
        return [
            `${enabled} and ${at}publicAccessCidrs includes ${open.join(", ")}, so the Kubernetes API server is open to the internet: ${fix}.`,
        ];
    }
    return coversInternet(plain)
        ? [
              `${enabled} and ${at}publicAccessCidrs ${plain.join(", ")} together cover ${describeCoverage(plain)}, so the Kubernetes API server is open to the internet: ${fix}.`,
          ]
        : [];
}

/**
 * The EKS Kubernetes API server is private, or public only to named CIDR blocks: no block, and no
 * union of blocks, covers the internet (policy/lib/cidr.ts: `0.0.0.0/1` + `128.0.0.0/1` is
 * `0.0.0.0/0`).
 */
export const rule = resourceRule({
    name: "eks-endpoint-private",
    unknowns: "Unknown endpoint flags or CIDRs are violations.",
    description:
        "EKS API server endpoints must be private, or public only to CIDR blocks that exclude 0.0.0.0/0.",
    nearest: {
        cdkNag: ["AwsSolutions-EKS1"],
        checkov: ["CKV_AWS_38", "CKV_AWS_39"],
    },
    types: [AWS_CLUSTER, EKS_CLUSTER],
    check: ({ type, props }) => {
        if (type === EKS_CLUSTER) return endpointProblems(props, "");
        if (isUnknown(props.vpcConfig)) {
            return ["vpcConfig is unknown during preview: pass it as a plain object."];
        }
        return endpointProblems(objectAt(props.vpcConfig) ?? {}, "vpcConfig.");
    },
});
