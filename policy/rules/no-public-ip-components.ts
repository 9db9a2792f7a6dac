/**
 * `no-public-ip-components`: the eks component's node settings ask for no public IP address.
 *
 * The same check as `no-public-ip` for the multi-language components whose settings are inputs:
 * the stack check sees each resource's final state, and a component's state is its outputs
 * (pkg/resource/deploy/step_generator.go `AnalyzeResources`), where these settings do not appear.
 * Analyze sees the inputs, so this rule reads them there.
 */
import { resourceRule } from "../lib/rule";
import { COMPONENT_TYPES, ownProblems } from "./no-public-ip";

/** eks.Cluster's default node group and eks node groups ask for no public IP. */
export const rule = resourceRule({
    name: "no-public-ip-components",
    description:
        "The eks component's node groups (and its default node group) must not ask for public IP addresses.",
    types: COMPONENT_TYPES,
    unknowns: "Unknown public-IP flags are violations naming the input (pass a plain false).",
    nearest: {
        awsguard: ["ec2-instance-no-public-ip"],
        cdkNag: ["NIST.800.53.R5-EC2InstanceNoPublicIp"],
        checkov: ["CKV_AWS_88"],
    },
    check: (resource) => ownProblems(resource),
});
