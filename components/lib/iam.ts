/** IAM statements several components write the same way. */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * A resource-policy statement that refuses every request made without TLS, from anyone (a Deny
 * on `Principal: "*"` grants nothing). `actions` is the service's whole surface (`sqs:*`): a
 * Deny is the one place a service wildcard narrows instead of grants. `resources` goes into the
 * statement as given (one ARN, or a list).
 */
export function denyInsecureTransport(
    actions: string,
    resources: pulumi.Input<string> | pulumi.Input<string>[],
): aws.iam.PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: actions,
        Resource: resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}
