import { isUnknown, resourceRule } from "../lib/rule";
import { namesSomething, objectAt } from "../lib/network";

/**
 * Every Lambda function runs in the VPC's private subnets, behind security groups, so it reaches
 * data stores privately and its egress goes through the VPC's controls. `aws.lambda.CallbackFunction`
 * registers as the same type. Lambda@Edge cannot run in a VPC: waive it by exception.
 */
export const rule = resourceRule({
    name: "lambda-in-vpc",
    unknowns:
        "An unknown vpcConfig is judged by unknown-values-proven (it must come from subnets or groups of the program).",
    description:
        "Lambda functions must run inside the VPC (vpcConfig with subnets and security groups).",
    nearest: {
        cdkNag: ["NIST.800.53.R5-LambdaInsideVPC"],
        checkov: ["CKV_AWS_117"],
    },
    types: ["aws:lambda/function:Function"],
    check: ({ props }) => {
        if (isUnknown(props.vpcConfig)) return [];
        const vpc = objectAt(props.vpcConfig);
        if (vpc === undefined) {
            return [
                "vpcConfig is missing: set vpcConfig.subnetIds (private subnets) and vpcConfig.securityGroupIds.",
            ];
        }
        const problems: string[] = [];
        if (!namesSomething(vpc.subnetIds))
            problems.push("vpcConfig.subnetIds is empty: name the private subnets.");
        if (!namesSomething(vpc.securityGroupIds))
            problems.push("vpcConfig.securityGroupIds is empty: name a security group.");
        return problems;
    },
});
