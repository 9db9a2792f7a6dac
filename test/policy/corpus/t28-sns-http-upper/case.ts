import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t28-sns-http-upper: transport-encrypted on "sub" ("HTTP" is http, however it is spelled). */
const sub = (name: string, protocol: string, endpoint: string) =>
    new aws.sns.TopicSubscription(name, {
        topic: "arn:aws:sns:us-east-1:123456789012:alerts",
        protocol,
        endpoint,
    });

const c: Case = {
    class: "5-types",
    rule: "transport-encrypted",
    target: "sub",
    unsafe: (n) => {
        sub(n("sub"), "HTTP", "http://hooks.example.com/alerts");
    },
    careful: (n) => {
        sub(n("sub"), "https", "https://hooks.example.com/alerts");
    },
};
export default c;
