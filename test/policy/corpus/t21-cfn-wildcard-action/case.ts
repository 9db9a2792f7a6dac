import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { doc } from "../fixtures";

/** t21-cfn-wildcard-action: cloudformation-iam on "cfn". */
const c: Case = {
    class: "5-types",
    rule: "cloudformation-iam",
    target: "cfn",
    unsafe: (n) => {
        new aws.cloudformation.Stack(n("cfn"), {
            templateBody: JSON.stringify({
                Resources: {
                    P: {
                        Type: "AWS::IAM::ManagedPolicy",
                        Properties: {
                            PolicyDocument: doc({
                                Effect: "Allow",
                                Action: "s3:*",
                                Resource: "arn:aws:s3:::data/*",
                            }),
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
                    P: {
                        Type: "AWS::IAM::ManagedPolicy",
                        Properties: {
                            PolicyDocument: doc({
                                Effect: "Allow",
                                Action: "s3:GetObject",
                                Resource: "arn:aws:s3:::data/*",
                            }),
                        },
                    },
                },
            }),
        });
    },
};
export default c;
