import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { doc, fromQueue, trust } from "../fixtures";

/** u06-queue-principal-from-apply: unknown-values-proven on "qp". */
const c: Case = {
    class: "3-unknowns",
    rule: "unknown-values-proven",
    target: "qp",
    unsafe: (n) => {
        new aws.sqs.QueuePolicy(n("qp"), {
            queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/jobs",
            policy: doc({
                Effect: "Allow",
                Principal: { AWS: fromQueue(n("q"), "*") },
                Action: "sqs:SendMessage",
                Resource: "*",
            }),
        });
    },
    careful: (n) => {
        const r = trust(n("caller"), { Service: "lambda.amazonaws.com" });
        new aws.sqs.QueuePolicy(n("qp"), {
            queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/jobs",
            policy: doc({
                Effect: "Allow",
                Principal: { AWS: r.arn },
                Action: "sqs:SendMessage",
                Resource: "*",
            }),
        });
    },
};
export default c;
