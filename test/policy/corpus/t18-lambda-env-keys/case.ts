import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { CODE, ROLE_ARN } from "../fixtures";

/** t18-lambda-env-keys: no-aws-keys-in-env on "fn". */
const c: Case = {
    class: "5-types",
    rule: "no-aws-keys-in-env",
    target: "fn",
    unsafe: (n) => {
        new aws.lambda.Function(n("fn"), {
            role: ROLE_ARN,
            runtime: "nodejs20.x",
            handler: "index.handler",
            code: CODE,
            vpcConfig: {
                subnetIds: ["subnet-0123456789abcdef0"],
                securityGroupIds: ["sg-0aaaaaaaaaaaaaaa5"],
            },
            environment: {
                variables: {
                    AWS_ACCESS_KEY_ID: "AKIAABCDEFGHIJKLMNOP",
                    AWS_SECRET_ACCESS_KEY: "abcdefghijklmnopqrstuvwxyz0123456789ABCD",
                },
            },
        });
    },
    careful: (n) => {
        new aws.lambda.Function(n("fn"), {
            role: ROLE_ARN,
            runtime: "nodejs20.x",
            handler: "index.handler",
            code: CODE,
            vpcConfig: {
                subnetIds: ["subnet-0123456789abcdef0"],
                securityGroupIds: ["sg-0aaaaaaaaaaaaaaa5"],
            },
            environment: { variables: { TABLE: "orders" } },
        });
    },
};
export default c;
