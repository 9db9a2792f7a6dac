import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { CODE, fromQueue, network, ROLE_ARN } from "../fixtures";

/** u01-vpcconfig-from-apply: unknown-values-proven on "fn". */
const c: Case = {
    class: "3-unknowns",
    rule: "unknown-values-proven",
    target: "fn",
    unsafe: (n) => {
        new aws.lambda.Function(n("fn"), {
            role: ROLE_ARN,
            runtime: "nodejs20.x",
            handler: "index.handler",
            code: CODE,
            vpcConfig: fromQueue(n("q"), { subnetIds: [], securityGroupIds: [] }),
        });
    },
    careful: (n) => {
        const { subnet, group } = network(n);
        new aws.lambda.Function(n("fn"), {
            role: ROLE_ARN,
            runtime: "nodejs20.x",
            handler: "index.handler",
            code: CODE,
            vpcConfig: { subnetIds: [subnet.id], securityGroupIds: [group.id] },
        });
    },
};
export default c;
