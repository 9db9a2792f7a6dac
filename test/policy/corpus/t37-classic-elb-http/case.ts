import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t37-classic-elb-http: transport-encrypted on "elb" (a classic load balancer on plain HTTP). */
const elb = (name: string, lbProtocol: string, lbPort: number) =>
    new aws.elb.LoadBalancer(name, {
        internal: true,
        subnets: ["subnet-0123456789abcdef0"],
        securityGroups: ["sg-0123456789abcdef0"],
        listeners: [
            {
                lbProtocol,
                lbPort,
                instanceProtocol: "http",
                instancePort: 8080,
                sslCertificateId:
                    lbProtocol === "https"
                        ? "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
                        : undefined,
            },
        ],
    });

const c: Case = {
    class: "5-types",
    rule: "transport-encrypted",
    target: "elb",
    unsafe: (n) => {
        elb(n("elb"), "http", 80);
    },
    careful: (n) => {
        elb(n("elb"), "https", 443);
    },
};
export default c;
