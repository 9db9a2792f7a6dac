import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ROLE_ARN } from "../fixtures";

/** c10-eks-public-halves: eks-endpoint-private on "eks". */
const c: Case = {
    class: "2-cidr",
    rule: "eks-endpoint-private",
    target: "eks",
    unsafe: (n) => {
        new aws.eks.Cluster(n("eks"), {
            roleArn: ROLE_ARN,
            vpcConfig: {
                subnetIds: ["subnet-0123456789abcdef0"],
                endpointPublicAccess: true,
                publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"],
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
