import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t11-alb-listener-default-protocol: transport-encrypted on "l". */
const c: Case = {
    class: "5-types",
    rule: "transport-encrypted",
    target: "l",
    unsafe: (n) => {
        new aws.alb.Listener(n("l"), {
            loadBalancerArn:
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
            port: 8080,
            defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
        });
    },
    careful: (n) => {
        new aws.alb.Listener(n("l"), {
            loadBalancerArn:
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
            port: 8443,
            protocol: "HTTPS",
            certificateArn: "arn:cert",
            sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
            defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
        });
    },
};
export default c;
