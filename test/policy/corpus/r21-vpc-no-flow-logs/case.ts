import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ROLE_ARN } from "../fixtures";

/** r21-vpc-no-flow-logs: vpc-flow-logs on "vpc". */
const c: Case = {
    class: "rules",
    rule: "vpc-flow-logs",
    target: "vpc",
    unsafe: (n) => {
        new aws.ec2.Vpc(n("vpc"), { cidrBlock: "10.1.0.0/16" });
    },
    careful: (n) => {
        const v = new aws.ec2.Vpc(n("vpc"), { cidrBlock: "10.1.0.0/16" });
        new aws.ec2.FlowLog(n("flow"), {
            vpcId: v.id,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:flow",
            iamRoleArn: ROLE_ARN,
        });
    },
};
export default c;
