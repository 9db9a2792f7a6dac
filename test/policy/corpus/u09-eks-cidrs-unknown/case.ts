import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { fromQueue, ROLE_ARN } from "../fixtures";

/** u09-eks-cidrs-unknown: eks-endpoint-private on "eks". */
const c: Case = {
    class: "3-unknowns",
    rule: "eks-endpoint-private",
    target: "eks",
    unsafe: (n) => {
        new aws.eks.Cluster(n("eks"), {
            roleArn: ROLE_ARN,
            vpcConfig: {
                subnetIds: ["subnet-0123456789abcdef0"],
                endpointPublicAccess: true,
                publicAccessCidrs: [fromQueue(n("q"), "0.0.0.0/0")],
            },
        });
    },
    careful: (n) => {
        new aws.eks.Cluster(n("eks"), {
            roleArn: ROLE_ARN,
            vpcConfig: {
                subnetIds: ["subnet-0123456789abcdef0"],
                endpointPublicAccess: true,
                publicAccessCidrs: ["203.0.113.0/24"],
            },
        });
    },
};
export default c;
