/**
 * A data flow, declared where components are wired together: "workload W reaches resource R
 * over port P to do actions A". It is a component resource of its own (`lightspeed:index:Flow`)
 * whose outputs name both ends by URN, so `pulumi preview` and the policy pack's `flows-hold`
 * rule see the same declaration, and the rule proves the flow on the plan: network, IAM (with
 * resource and key policies) and wiring.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Where the workload reads the target's address: an environment variable's name (a function's,
 * or a container's in the Deployment running as the workload's service account), `values` (a
 * Helm release in the workload's namespace is given it), `event-source-mapping` (the Lambda
 * service delivers records to the function), `on-failure` (an event source mapping or the
 * asynchronous invoke config of the function sends failures to the target), `subscription` (an SNS subscription delivers to the
 * target), or `definition` (a state machine's definition names the target).
 */
export type FlowWiring =
    | "values"
    | "event-source-mapping"
    | "on-failure"
    | "subscription"
    | "definition"
    | (string & { readonly __variable?: never });

/** Arguments for {@link Flow}. */
export interface FlowArgs {
    /**
     * The workload: an `aws.lambda.Function`, an `aws.sfn.StateMachine`, or the
     * `aws.eks.PodIdentityAssociation` of the pods' service account. For a service principal
     * (SNS delivering to a queue), the resource the service acts for, with `fromService`.
     */
    readonly from: pulumi.Resource;
    /** The service principal that acts for `from` (`sns.amazonaws.com`); default none. */
    readonly fromService?: string;
    /** What the workload reaches: a table, stream, queue, topic, secret, key, cache, domain, ... */
    readonly to: pulumi.Resource;
    /** TCP port, for a target that listens in the VPC (a cache, a search domain). */
    readonly port?: number;
    /**
     * The IAM actions the workload performs on the target (named: no wildcards). Default none:
     * a target that authenticates its clients itself (a cache's auth token) needs only a path.
     */
    readonly actions?: readonly string[];
    /**
     * Appended to the target's ARN for the actions' resource (`/*` for a search domain's paths).
     * Default none.
     */
    readonly resourceSuffix?: string;
    /**
     * What the actions act on when it is not the target itself: `executions`, the executions of
     * a state machine target (`arn:…:states:…:execution:<machine name>:<execution name>`, every
     * execution name: StopExecution and DescribeExecution take no state machine ARN). Default
     * the target.
     */
    readonly actsOn?: "executions";
    /** Where the workload reads the target's address; see {@link FlowWiring}. Required. */
    readonly wiring: FlowWiring;
    /** One line: what the flow is for. */
    readonly description: string;
}

/** A declared data flow; see the file comment. */
export class Flow extends pulumi.ComponentResource {
    /** The workload's URN. */
    public readonly from: pulumi.Output<string>;
    /** The target's URN. */
    public readonly to: pulumi.Output<string>;
    /** The TCP port, for a target in the VPC; undefined for an AWS API (HTTPS). */
    public readonly port: number | undefined;

    constructor(name: string, args: FlowArgs, opts?: pulumi.ComponentResourceOptions) {
        const actions = args.actions ?? [];
        if (actions.some((a) => !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a))) {
            throw new Error(
                `Flow ${name}: actions must be named IAM actions (service:Action, no wildcards); got ${JSON.stringify(actions)}`,
            );
        }
        if (actions.length === 0 && args.port === undefined) {
            throw new Error(`Flow ${name}: a flow needs actions, a port, or both`);
        }
        if (
            args.port !== undefined &&
            !(Number.isInteger(args.port) && args.port >= 1 && args.port <= 65535)
        ) {
            throw new Error(`Flow ${name}: port must be a TCP port (1..65535); got ${args.port}`);
        }
        if (args.actsOn !== undefined && args.resourceSuffix !== undefined) {
            throw new Error(`Flow ${name}: actsOn and resourceSuffix exclude each other`);
        }
        if (args.actsOn !== undefined && actions.length === 0) {
            throw new Error(`Flow ${name}: actsOn names what the actions act on; give actions`);
        }
        super("lightspeed:index:Flow", name, {}, opts);
        this.from = args.from.urn;
        this.to = args.to.urn;
        this.port = args.port;
        // The account, region and partition the ends live in (invoke results: known in a preview).
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const region = aws.getRegionOutput({}, { parent: this });
        const partition = aws.getPartitionOutput({}, { parent: this });
        this.registerOutputs({
            from: this.from,
            fromService: args.fromService,
            to: this.to,
            port: args.port,
            actions: [...actions],
            resourceSuffix: args.resourceSuffix,
            actsOn: args.actsOn,
            wiring: args.wiring,
            description: args.description,
            accountId: identity.accountId,
            region: region.region,
            partition: partition.partition,
        });
    }
}
