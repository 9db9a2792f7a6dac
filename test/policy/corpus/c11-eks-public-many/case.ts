import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ROLE_ARN } from "../fixtures";

/** c11-eks-public-many: eks-endpoint-private on "eks". */
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
                publicAccessCidrs: ["8.0.0.0/9", "8.128.0.0/9"],
            },
        });
    },
    careful: (n) => {
        new aws.eks.Cluster(n("eks"), {
            roleArn: ROLE_ARN,
            vpcConfig: {
                subnetIds: ["subnet-0123456789abcdef0"],
                endpointPublicAccess: false,
                endpointPrivateAccess: true,
            },
        });
    },
};
export default c;
