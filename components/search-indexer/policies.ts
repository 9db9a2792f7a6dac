/**
 * The policy documents SearchIndexer writes: the domain's access policy, the CloudWatch Logs
 * resource policy that lets OpenSearch publish its logs, and the identity statements of the
 * domain's clients. Pure functions over ARNs; actions written out one by one.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SEARCH_INDEXER_FIXED } from "./defaults";

/** Every HTTP action any client of the domain is granted (indexer, scanner, log shipping). */
export const DOMAIN_HTTP_ACTIONS: readonly string[] = [
    ...new Set([
        ...SEARCH_INDEXER_FIXED.indexerActions,
        ...SEARCH_INDEXER_FIXED.scannerActions,
        ...SEARCH_INDEXER_FIXED.logShippingActions,
    ]),
].sort();

/**
 * The domain's access policy: this account's principals may call the domain's HTTP API with the
 * methods its clients use, and each of them only as far as its own IAM policy allows (the
 * indexer's, the scanner's and every log shipper's name this domain's ARN). The policy names the
 * account rather than the roles because `aws.opensearch.Domain#accessPolicies` takes only a
 * string: a role ARN created in the same run would make the whole JSON unknown during a first
 * preview, which the policy pack refuses (iam-document-known). `domainArn` must therefore be
 * written from known names, never the domain's `arn` output.
 */
export function domainAccessPolicy(ids: {
    partition: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    domainArn: pulumi.Input<string>;
}): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountPrincipalsWithTheirOwnGrants",
                Effect: "Allow",
                Principal: {
                    AWS: pulumi.interpolate`arn:${ids.partition}:iam::${ids.accountId}:root`,
                },
                Action: [...DOMAIN_HTTP_ACTIONS],
                Resource: pulumi.interpolate`${ids.domainArn}/*`,
            },
        ],
    };
}

/**
 * The CloudWatch Logs resource policy OpenSearch needs to write its slow and error logs: the
 * service may create streams and put events in exactly these log groups, for this domain of this
 * account only (confused-deputy protection).
 */
export function logPublishingPolicy(
    logGroupArns: readonly pulumi.Input<string>[],
    ids: { accountId: pulumi.Input<string>; domainArn: pulumi.Input<string> },
): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "OpenSearchPublishesDomainLogs",
                Effect: "Allow",
                Principal: { Service: "es.amazonaws.com" },
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: logGroupArns.map((arn) => pulumi.interpolate`${arn}:*`),
                Condition: {
                    StringEquals: { "aws:SourceAccount": ids.accountId },
                    ArnLike: { "aws:SourceArn": ids.domainArn },
                },
            },
        ],
    };
}

/** An identity statement: `actions` on the given paths of the domain (`*` for every path). */
export function domainHttpStatement(
    sid: string,
    actions: readonly string[],
    domainArn: pulumi.Input<string>,
    paths: readonly string[],
): aws.iam.PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: [...actions],
        Resource: paths.map((p) => pulumi.interpolate`${domainArn}/${p}`),
    };
}

/**
 * What publishing to an SNS topic encrypted with `keyArn` needs of the publisher: a data key,
 * asked of KMS by SNS on its behalf.
 */
export function topicKeyStatement(
    keyArn: pulumi.Input<string>,
    snsService: pulumi.Input<string>,
): aws.iam.PolicyStatement {
    return {
        Sid: "EncryptFindings",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: [keyArn],
        Condition: { StringEquals: { "kms:ViaService": snsService } },
    };
}
