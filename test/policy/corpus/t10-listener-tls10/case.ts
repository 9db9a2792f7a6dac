import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t10-listener-tls10: transport-encrypted on "l". */
const c: Case = {
    class: "5-types",
    rule: "transport-encrypted",
    target: "l",
    unsafe: (n) => {
        new aws.lb.Listener(n("l"), {
            loadBalancerArn:
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
            port: 443,
            protocol: "HTTPS",
            certificateArn: "arn:cert",
            sslPolicy: "ELBSecurityPolicy-TLS-1-0-2015-04",
            defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
        });
    },
    careful: (n) => {
        new aws.lb.Listener(n("l"), {
            loadBalancerArn:
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
            port: 443,
            protocol: "HTTPS",
            certificateArn: "arn:cert",
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
        });
    },
};
export default c;
