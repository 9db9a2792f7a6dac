/**
 * `eks-control-plane-logs` (advisory; mandatory in the prod config): EKS clusters send their
 * control-plane logs to CloudWatch Logs. By default "api", "audit" and "authenticator": who called
 * the Kubernetes API, what they changed, and how they authenticated. `requiredLogTypes` asks for
 * more ("controllerManager", "scheduler", as AwsSolutions-EKS2 does). Covers aws.eks.Cluster and
 * the eks:index:Cluster component (@pulumi/eks), both through `enabledClusterLogTypes`.
 */
import { isUnknown, resourceRule } from "../lib/rule";

/** Every control-plane log type EKS offers. */
export const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** Who called the API, what they changed, how they authenticated. */
const DEFAULT_LOG_TYPES = ["api", "audit", "authenticator"];

/** EKS control-plane logs are on for at least the required log types. */
export const rule = resourceRule({
    name: "eks-control-plane-logs",
    description:
        "EKS clusters must send their control-plane logs (at least api, audit and authenticator) to CloudWatch Logs.",
    enforcementLevel: "advisory",
    nearest: {
        cdkNag: ["AwsSolutions-EKS2"],
        checkov: ["CKV_AWS_37"],
    },
    config: {
        requiredLogTypes: {
            type: "array",
            items: { type: "string", enum: EKS_LOG_TYPES },
            minItems: 1,
            default: DEFAULT_LOG_TYPES,
            description: "Control-plane log types every cluster must enable.",
        },
    },
    types: ["aws:eks/cluster:Cluster", "eks:index:Cluster"],
    check: ({ props }, config) => {
        const required = (config.requiredLogTypes as string[] | undefined) ?? DEFAULT_LOG_TYPES;
        const enabled = props.enabledClusterLogTypes;
        const quoted = (types: string[]) => types.map((t) => JSON.stringify(t)).join(", ");
        if (isUnknown(enabled) || (Array.isArray(enabled) && enabled.some(isUnknown))) {
            return [
                "enabledClusterLogTypes is unknown during preview: pass a plain list of log types.",
            ];
        }
        if (!Array.isArray(enabled) || enabled.length === 0) {
            return [
                `enabledClusterLogTypes is ${enabled === undefined || enabled === null ? "missing" : "empty"}: the control plane logs nothing; set enabledClusterLogTypes [${quoted(required)}].`,
            ];
        }
        const missing = required.filter((t) => !enabled.includes(t));
        return missing.length
            ? [
                  `enabledClusterLogTypes lacks ${quoted(missing)}: add ${missing.length > 1 ? "them" : "it"}.`,
              ]
            : [];
    },
});
