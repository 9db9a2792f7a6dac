import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t09-listener-http-forward: transport-encrypted on "l". */
const c: Case = {
    class: "5-types",
    rule: "transport-encrypted",
    target: "l",
    unsafe: (n) => {
        new aws.lb.Listener(n("l"), {
            loadBalancerArn:
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
        });
    },
    careful: (n) => {
        new aws.lb.Listener(n("l"), {
            loadBalancerArn:
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
            port: 80,
            protocol: "HTTP",
            defaultActions: [
                {
                    type: "redirect",
                    redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                },
            ],
        });
    },
};
export default c;
