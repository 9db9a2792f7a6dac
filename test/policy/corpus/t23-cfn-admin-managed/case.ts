import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { doc } from "../fixtures";

/** t23-cfn-admin-managed: cloudformation-iam on "cfn". */
const c: Case = {
    class: "5-types",
    rule: "cloudformation-iam",
    target: "cfn",
    unsafe: (n) => {
        new aws.cloudformation.Stack(n("cfn"), {
            templateBody: JSON.stringify({
                Resources: {
                    R: {
                        Type: "AWS::IAM::Role",
                        Properties: {
                            AssumeRolePolicyDocument: doc({
                                Effect: "Allow",
                                Principal: { Service: "ec2.amazonaws.com" },
                                Action: "sts:AssumeRole",
                            }),
                            ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
                        },
                    },
                },
            }),
        });
    },
    careful: (n) => {
        new aws.cloudformation.Stack(n("cfn"), {
            templateBody: JSON.stringify({
                Resources: {
                    R: {
                        Type: "AWS::IAM::Role",
                        Properties: {
                            AssumeRolePolicyDocument: doc({
                                Effect: "Allow",
                                Principal: { Service: "ec2.amazonaws.com" },
                                Action: "sts:AssumeRole",
                            }),
                            ManagedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                        },
                    },
                },
            }),
        });
    },
};
export default c;
