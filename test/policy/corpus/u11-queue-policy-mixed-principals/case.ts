import * as aws from "@pulumi/aws";
import { Case } from "../case";
import { doc, fromQueue, trust } from "../fixtures";

/**
 * u11-queue-policy-mixed-principals: unknown-values-proven on "qp". A role's ARN as the principal
 * of one statement must not vouch for a principal computed from another queue in the next.
 */
function policy(
    n: (name: string) => string,
    second: (role: aws.iam.Role) => aws.iam.PolicyStatement["Principal"],
): void {
    const role = trust(n("caller"), { Service: "lambda.amazonaws.com" });
    const queue = new aws.sqs.Queue(n("jobs"), { kmsMasterKeyId: "alias/aws/sqs" });
    new aws.sqs.QueuePolicy(n("qp"), {
        queueUrl: queue.url,
        policy: doc(
            {
                Effect: "Allow",
                Principal: { AWS: role.arn },
                Action: "sqs:SendMessage",
                Resource: queue.arn,
            },
            {
                Effect: "Allow",
                Principal: second(role),
                Action: "sqs:ReceiveMessage",
                Resource: queue.arn,
            },
        ),
    });
}

const c: Case = {
    class: "3-unknowns",
    rule: "unknown-values-proven",
    target: "qp",
    unsafe: (n) => policy(n, () => ({ AWS: fromQueue(n("other"), "*") })),
    careful: (n) => policy(n, (role) => ({ AWS: role.arn })),
};
export default c;
