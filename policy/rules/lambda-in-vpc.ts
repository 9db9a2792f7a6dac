import { containsUnknown, isUnknown, resourceRule } from "../lib/rule";

/** Every Lambda function runs in the VPC's private subnets, behind security groups. */
export const rule = resourceRule({
    name: "lambda-in-vpc",
    description:
        "Lambda functions must run inside the VPC (vpcConfig with subnets and security groups).",
    nearest: {
        cdkNag: ["AwsSolutions-L1 (none exact)", "NIST.800.53.R5-LambdaInsideVPC"],
        checkov: ["CKV_AWS_117"],
    },
    types: ["aws:lambda/function:Function"],
    check: ({ props }) => {
        const vpc = props.vpcConfig as
            { subnetIds?: unknown; securityGroupIds?: unknown } | undefined;
        if (vpc === undefined || vpc === null) {
            return [
                "vpcConfig is missing: set vpcConfig.subnetIds (private subnets) and vpcConfig.securityGroupIds.",
            ];
        }
        if (isUnknown(vpc)) return [];
        const problems: string[] = [];
        const nonEmpty = (v: unknown) =>
            isUnknown(v) || (Array.isArray(v) && v.length > 0) || containsUnknown(v);
        if (!nonEmpty(vpc.subnetIds))
            problems.push("vpcConfig.subnetIds is empty: name the private subnets.");
        if (!nonEmpty(vpc.securityGroupIds))
            problems.push("vpcConfig.securityGroupIds is empty: name a security group.");
        return problems;
    },
});
