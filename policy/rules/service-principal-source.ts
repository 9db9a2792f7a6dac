import {
    allowStatements,
    documentsOf,
    isServicePrincipal,
    principalLabel,
    restrictsKey,
} from "../lib/iam";
import { isUnknown, resourceRule } from "../lib/rule";

const BUCKET_POLICY_TYPES = ["aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucket:Bucket"];

/**
 * A bucket policy that grants an AWS service (`cloudfront.amazonaws.com` for an origin access
 * control, `logging.s3.amazonaws.com`, `delivery.logs.amazonaws.com`, ...) pins the resource acting
 * for it with `aws:SourceArn`: the service acts for every customer, so without it any account's
 * distribution or log delivery can read or write the bucket (confused deputy), the check
 * lambda-permission-scoped makes for Lambda's `sourceArn`.
 */
export const rule = resourceRule({
    name: "service-principal-source",
    description:
        "S3 bucket policies that grant an AWS service principal must pin the acting resource with aws:SourceArn.",
    nearest: {
        checkov: ["CKV_AWS_364"],
    },
    types: BUCKET_POLICY_TYPES,
    check: ({ type, props }) => {
        const problems: string[] = [];
        for (const { doc, statement } of allowStatements(documentsOf(type, props, ["resource"]))) {
            if (!statement.conditionsReadable) continue; // iam-document-known reports it
            if (restrictsKey(statement, "aws:SourceArn")) continue;
            for (const p of statement.principals ?? []) {
                if (p.type !== "Service" || isUnknown(p.value) || !isServicePrincipal(p.value)) {
                    continue;
                }
                problems.push(
                    `${doc.path} ${statement.label} allows ${principalLabel(p)} without an aws:SourceArn condition, so the service acting for any other account can use the grant (confused deputy): add ArnLike/StringEquals { "aws:SourceArn": <the distribution, trail or resource acting> }.`,
                );
            }
        }
        return problems;
    },
});
