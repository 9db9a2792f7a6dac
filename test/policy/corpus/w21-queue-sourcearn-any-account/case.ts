import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { ACCOUNT, doc } from "../fixtures";

/** w21-queue-sourcearn-any-account: resource-policy-no-public-principal on "qp". */
const c: Case = {
    class: "1-wildcards",
    rule: "resource-policy-no-public-principal",
    target: "qp",
    unsafe: (n) => {
        new aws.sqs.QueuePolicy(n("qp"), {
            queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/jobs",
            policy: doc({
                Effect: "Allow",
                Principal: "*",
                Action: "sqs:SendMessage",
                Resource: "*",
                Condition: { ArnLike: { "aws:SourceArn": "arn:aws:sns:us-east-1:*:alerts" } },
            }),
        });
    },
    careful: (n) => {
        new aws.sqs.QueuePolicy(n("qp"), {
            queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/jobs",
            policy: doc({
                Effect: "Allow",
                Principal: "*",
                Action: "sqs:SendMessage",
                Resource: "*",
                Condition: {
                    ArnLike: { "aws:SourceArn": `arn:aws:sns:us-east-1:${ACCOUNT}:alerts` },
                },
            }),
        });
    },
};
export default c;
