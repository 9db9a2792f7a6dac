import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Case } from "../case";
import { doc, fromQueue } from "../fixtures";

/**
 * u14-queue-policy-source-from-apply: unknown-values-proven on "qp". SNS may send to the queue
 * only from a topic; an aws:SourceArn computed from another queue could be any account's topic.
 */
function policy(
    n: (name: string) => string,
    sourceArn: (n: (name: string) => string) => pulumi.Input<string>,
) {
    const queue = new aws.sqs.Queue(n("jobs"), { kmsMasterKeyId: "alias/aws/sqs" });
    new aws.sqs.QueuePolicy(n("qp"), {
        queueUrl: queue.url,
        policy: doc({
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queue.arn,
            Condition: { ArnEquals: { "aws:SourceArn": sourceArn(n) } },
        }),
    });
}

const c: Case = {
    class: "3-unknowns",
    rule: "unknown-values-proven",
    target: "qp",
    unsafe: (n) => policy(n, (m) => fromQueue(m("other"), "arn:aws:sns:*:*:*")),
    careful: (n) =>
        policy(n, (m) => new aws.sns.Topic(m("events"), { kmsMasterKeyId: "alias/aws/sns" }).arn),
};
export default c;
