import * as aws from "@pulumi/aws";
import { Case } from "../case";

/**
 * t33-cfn-if-branch: cloudformation-iam on "stack". A role trusts everyone in one branch of an
 * Fn::If: either branch may be the one deployed.
 */
const stack = (name: string, otherwise: string) =>
    new aws.cloudformation.Stack(name, {
        templateBody: JSON.stringify({
            Conditions: { Prod: { "Fn::Equals": [{ Ref: "AWS::Region" }, "us-east-1"] } },
            Resources: {
                Deployer: {
                    Type: "AWS::IAM::Role",
                    Properties: {
                        AssumeRolePolicyDocument: {
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Effect: "Allow",
                                    Principal: {
                                        AWS: {
                                            "Fn::If": [
                                                "Prod",
                                                "arn:aws:iam::123456789012:role/deployer",
                                                otherwise,
                                            ],
                                        },
                                    },
                                    Action: "sts:AssumeRole",
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
        stack(n("stack"), "*");
    },
    careful: (n) => {
        stack(n("stack"), "arn:aws:iam::123456789012:role/staging-deployer");
    },
};
export default c;
