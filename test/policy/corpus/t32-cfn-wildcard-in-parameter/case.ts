import * as aws from "@pulumi/aws";
import { Case } from "../case";

/**
 * t32-cfn-wildcard-in-parameter: cloudformation-iam on "stack". The template's policy takes its
 * action from a parameter whose Default is "s3:*".
 */
const stack = (name: string, action: string) =>
    new aws.cloudformation.Stack(name, {
        templateBody: JSON.stringify({
            Parameters: { Action: { Type: "String", Default: action } },
            Resources: {
                Reader: {
                    Type: "AWS::IAM::ManagedPolicy",
                    Properties: {
                        PolicyDocument: {
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Effect: "Allow",
                                    Action: { Ref: "Action" },
                                    Resource: { "Fn::Sub": "arn:${AWS::Partition}:s3:::reports/*" },
                                },
                            ],
                        },
                    },
                },
            },
        }),
    });

const c: Case = {
    class: "1-wildcards",
    rule: "cloudformation-iam",
    target: "stack",
    unsafe: (n) => {
        stack(n("stack"), "s3:*");
    },
    careful: (n) => {
        stack(n("stack"), "s3:GetObject");
    },
};
export default c;
