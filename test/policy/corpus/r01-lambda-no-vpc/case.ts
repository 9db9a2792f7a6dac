import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { CODE, ROLE_ARN } from "../fixtures";

/** r01-lambda-no-vpc: lambda-in-vpc on "fn". */
const c: Case = {
    class: "rules",
    rule: "lambda-in-vpc",
    target: "fn",
    unsafe: (n) => {
        new aws.lambda.Function(n("fn"), {
            role: ROLE_ARN,
            runtime: "nodejs20.x",
            handler: "index.handler",
            code: CODE,
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
                securityGroupIds: ["sg-0aaaaaaaaaaaaaaa6"],
            },
        });
    },
};
export default c;
