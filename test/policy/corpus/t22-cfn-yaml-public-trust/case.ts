import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t22-cfn-yaml-public-trust: cloudformation-iam on "cfn". */
const c: Case = {
    class: "5-types",
    rule: "cloudformation-iam",
    target: "cfn",
    unsafe: (n) => {
        new aws.cloudformation.Stack(n("cfn"), {
            templateBody: [
                "Resources:",
                "  R:",
                "    Type: AWS::IAM::Role",
                "    Properties:",
                "      AssumeRolePolicyDocument:",
                "        Statement:",
                "          - Effect: Allow",
                "            Principal: '*'",
                "            Action: sts:AssumeRole",
            ].join("\n"),
        });
    },
    careful: (n) => {
        new aws.cloudformation.Stack(n("cfn"), {
            templateBody: [
                "Resources:",
                "  R:",
                "    Type: AWS::IAM::Role",
                "    Properties:",
                "      AssumeRolePolicyDocument:",
                "        Statement:",
                "          - Effect: Allow",
                "            Principal: { Service: lambda.amazonaws.com }",
                "            Action: sts:AssumeRole",
            ].join("\n"),
        });
    },
};
export default c;
