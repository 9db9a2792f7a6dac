import * as aws from "@pulumi/aws";
import { Case } from "../case";

/** t12-sns-http: transport-encrypted on "sub". */
const c: Case = {
    class: "5-types",
    rule: "transport-encrypted",
    target: "sub",
    unsafe: (n) => {
        new aws.sns.TopicSubscription(n("sub"), {
            topic: "arn:aws:sns:us-east-1:123456789012:t",
            protocol: "http",
            endpoint: "http://hooks.example.com/x",
        });
    },
    careful: (n) => {
        new aws.sns.TopicSubscription(n("sub"), {
            topic: "arn:aws:sns:us-east-1:123456789012:t",
            protocol: "https",
            endpoint: "https://hooks.example.com/x",
        });
    },
};
export default c;
