/**
 * The IAM actions EventPipeline grants, and (from lib/iam) the TLS-only resource-policy statement
 * it puts on its queues, topic and bucket. Actions are written out one by one: no service wildcards in any
 * grant, so the policy pack and a reviewer can read each of them. (The key policy is
 * components/lib/kms.ts's.)
 */

/**
 * What a Lambda event source mapping reads a stream with, through the function's role. Not
 * `kinesis:ListStreams` (granted only on "*"; the mapping names its stream) and not
 * `kinesis:SubscribeToShard` (enhanced fan-out consumers only; its resource is a consumer ARN).
 */
export const CONSUMER_STREAM_ACTIONS: readonly string[] = [
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
];

/** What Firehose reads a Kinesis source stream with (AWS's documented delivery role). */
export const FIREHOSE_STREAM_ACTIONS: readonly string[] = [
    "kinesis:DescribeStream",
    "kinesis:GetShardIterator",
    "kinesis:GetRecords",
    "kinesis:ListShards",
];

/** Bucket-level actions Firehose's S3 delivery needs (AWS's documented delivery role). */
export const FIREHOSE_BUCKET_ACTIONS: readonly string[] = [
    "s3:GetBucketLocation",
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
];

/** Object-level actions Firehose's S3 delivery needs (AWS's documented delivery role). */
export const FIREHOSE_OBJECT_ACTIONS: readonly string[] = [
    "s3:AbortMultipartUpload",
    "s3:GetObject",
    "s3:PutObject",
];

/** The item actions an idempotency store (Powertools' DynamoDB persistence layer) calls. */
export const IDEMPOTENCY_ACTIONS: readonly string[] = [
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
];

export { denyInsecureTransport } from "../lib/iam";
