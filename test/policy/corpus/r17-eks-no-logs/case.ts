import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ROLE_ARN } from "../fixtures";

/** r17-eks-no-logs: eks-control-plane-logs on "eks". */
const c: Case = {
    class: "rules",
    rule: "eks-control-plane-logs",
    target: "eks",
    unsafe: (n) => {
        new aws.eks.Cluster(n("eks"), {
            roleArn: ROLE_ARN,
            vpcConfig: { subnetIds: ["subnet-0123456789abcdef0"], endpointPublicAccess: false },
        });
    },
    careful: (n) => {
        new aws.eks.Cluster(n("eks"), {
            roleArn: ROLE_ARN,
            vpcConfig: { subnetIds: ["subnet-0123456789abcdef0"], endpointPublicAccess: false },
            enabledClusterLogTypes: [
                "api",
                "audit",
                "authenticator",
                "controllerManager",
                "scheduler",
            ],
        });
    },
};
export default c;
