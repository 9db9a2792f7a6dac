import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ROLE_ARN } from "../fixtures";

/** r08-eks-public-default: eks-endpoint-private on "eks". */
const c: Case = {
    class: "rules",
    rule: "eks-endpoint-private",
    target: "eks",
    unsafe: (n) => {
        new aws.eks.Cluster(n("eks"), {
            roleArn: ROLE_ARN,
            vpcConfig: { subnetIds: ["subnet-0123456789abcdef0"] },
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
