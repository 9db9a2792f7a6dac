/**
 * CloudFrontInvalidation: a Pulumi dynamic resource that invalidates a distribution's cached
 * copies of exactly the paths whose content changed, whenever the site's content hash changes.
 *
 * The provider object below is shipped to the Pulumi engine by closure serialization, and runs in
 * the dynamic-provider host, not in the program. So it is self-contained: it loads the AWS SDK
 * inside its methods (`require`), and the module-level helpers it calls reference nothing but
 * plain values. Its methods are exported so tests can call them directly against a mocked SDK.
 *
 * Credentials and endpoint: the SDK's default chain in the process running `pulumi up`
 * (environment, shared profile, instance role), and CloudFront's global endpoint in us-east-1.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CreateInvalidationCommandOutput } from "@aws-sdk/client-cloudfront";

/**
 * Above this many changed paths one "/*" is invalidated instead: CloudFront bills per path and
 * counts a wildcard as one. A plain local constant, so the serialized provider captures a number.
 */
const MAX_INVALIDATION_PATHS = 100;

/** What the provider receives: all plain values once the distribution exists. */
export interface InvalidationInputs {
    /** The distribution whose edge caches are invalidated. */
    readonly distributionId: string;
    /** Every CloudFront path the site serves, to the hash of what it serves there. */
    readonly files: Readonly<Record<string, string>>;
    /** One hash over `files`; the only input whose change triggers an invalidation. */
    readonly contentHash: string;
}

/** What the provider records: its inputs and the last invalidation it created. */
export interface InvalidationOutputs extends InvalidationInputs {
    /** CloudFront's id of the last invalidation. */
    readonly invalidationId: string;
    /** The paths the last invalidation covered. */
    readonly invalidatedPaths: string[];
    /** The unique CallerReference the last invalidation was created with. */
    readonly callerReference: string;
}

/**
 * The paths to invalidate between two versions of the site: every path whose hash differs,
 * including paths added (a cached error may sit there) and removed (stale content sits there),
 * sorted. More than {@link MAX_INVALIDATION_PATHS} become the single wildcard "/*".
 */
export function changedPaths(
    olds: Readonly<Record<string, string>>,
    news: Readonly<Record<string, string>>,
): string[] {
    const all = new Set([...Object.keys(olds ?? {}), ...Object.keys(news ?? {})]);
    const changed = [...all].filter((p) => (olds ?? {})[p] !== (news ?? {})[p]).sort();
    return changed.length > MAX_INVALIDATION_PATHS ? ["/*"] : changed;
}

/** Creates one invalidation; the CallerReference is unique per call, so no call is a replay. */
async function invalidate(
    distributionId: string,
    paths: string[],
    contentHash: string,
): Promise<Pick<InvalidationOutputs, "invalidationId" | "invalidatedPaths" | "callerReference">> {
    const { CloudFrontClient, CreateInvalidationCommand } = require("@aws-sdk/client-cloudfront");
    const { randomUUID } = require("crypto");
    const callerReference = `lightspeed-${contentHash.slice(0, 12)}-${Date.now()}-${randomUUID()}`;
    const client = new CloudFrontClient({ region: "us-east-1" });
    try {
        const response: CreateInvalidationCommandOutput = await client.send(
            new CreateInvalidationCommand({
                DistributionId: distributionId,
                InvalidationBatch: {
                    CallerReference: callerReference,
                    Paths: { Quantity: paths.length, Items: paths },
                },
            }),
        );
        const invalidationId = response.Invalidation?.Id;
        if (!invalidationId) {
            throw new Error(
                `CloudFront returned no invalidation id for distribution ${distributionId}`,
            );
        }
        return { invalidationId, invalidatedPaths: paths, callerReference };
    } finally {
        client.destroy();
    }
}

/**
 * Create: the distribution may already have cached something (the resource was added to, or
 * re-created for, a live site), so everything is invalidated once: "/*" is one billed path.
 */
export async function create(
    inputs: InvalidationInputs,
): Promise<pulumi.dynamic.CreateResult<InvalidationOutputs>> {
    const result = await invalidate(inputs.distributionId, ["/*"], inputs.contentHash);
    return { id: result.invalidationId, outs: { ...inputs, ...result } };
}

/**
 * Diff: only a new content hash is a change, and it is an update, never a replacement. A new
 * distribution id alone changes nothing (a new distribution has nothing cached); the next update
 * reads the id from the new inputs.
 */
export async function diff(
    _id: pulumi.ID,
    olds: InvalidationOutputs,
    news: InvalidationInputs,
): Promise<pulumi.dynamic.DiffResult> {
    const changes = olds.contentHash !== news.contentHash;
    return { changes, replaces: [], deleteBeforeReplace: false };
}

/** Update: invalidates exactly the paths whose hash changed between the old and new files. */
export async function update(
    _id: pulumi.ID,
    olds: InvalidationOutputs,
    news: InvalidationInputs,
): Promise<pulumi.dynamic.UpdateResult<InvalidationOutputs>> {
    const paths = changedPaths(olds.files, news.files);
    if (paths.length === 0) {
        // Same files under a new hash (cannot happen with contentHashOf): nothing to invalidate.
        return {
            outs: {
                ...news,
                invalidationId: olds.invalidationId,
                invalidatedPaths: [],
                callerReference: olds.callerReference,
            },
        };
    }
    const result = await invalidate(news.distributionId, paths, news.contentHash);
    return { outs: { ...news, ...result } };
}

/**
 * The provider: create, diff and update as above; delete does nothing, since an invalidation
 * cannot be undone and there is nothing left to remove.
 */
export const invalidationProvider: pulumi.dynamic.ResourceProvider<
    InvalidationInputs,
    InvalidationOutputs
> = {
    create,
    diff,
    update,
    async delete() {
        return;
    },
};

/** Arguments for {@link CloudFrontInvalidation}. */
export interface CloudFrontInvalidationArgs {
    /** The distribution to invalidate. */
    readonly distributionId: pulumi.Input<string>;
    /** Every CloudFront path the site serves, to the hash of what it serves (see ./content). */
    readonly files: Record<string, string>;
    /** One hash over `files` (contentHashOf); changing it is what triggers an invalidation. */
    readonly contentHash: string;
}

/**
 * Invalidates what changed on a CloudFront distribution whenever the content hash changes:
 * everything ("/*") when first created, then only the changed paths on each content change.
 */
export class CloudFrontInvalidation extends pulumi.dynamic.Resource {
    /** CloudFront's id of the last invalidation. */
    declare public readonly invalidationId: pulumi.Output<string>;
    /** The paths the last invalidation covered. */
    declare public readonly invalidatedPaths: pulumi.Output<string[]>;
    /** The content hash last deployed. */
    declare public readonly contentHash: pulumi.Output<string>;

    constructor(
        name: string,
        args: CloudFrontInvalidationArgs,
        opts?: pulumi.CustomResourceOptions,
    ) {
        super(
            invalidationProvider,
            name,
            {
                distributionId: args.distributionId,
                files: args.files,
                contentHash: args.contentHash,
                invalidationId: undefined,
                invalidatedPaths: undefined,
                callerReference: undefined,
            },
            opts,
            undefined,
            "CloudFrontInvalidation",
        );
    }
}
