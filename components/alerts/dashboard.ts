/**
 * The environment's CloudWatch dashboard, as data: typed arguments, their validation, and the
 * widget list built from them. `Alerts.addDashboard` turns the list into an
 * `aws.cloudwatch.Dashboard`; everything here is pure so tests can read the widgets exactly.
 *
 * The application load balancer is created by the AWS Load Balancer Controller from an Ingress,
 * so no Pulumi resource holds its ARN. Its metrics are found with a CloudWatch SEARCH expression
 * on the LoadBalancer dimension (`app/<name>/<id>`), whose `<name>` the controller derives from
 * the Ingress: `k8s-<namespace>-<ingress>-<hash>`, namespace and Ingress name stripped of
 * everything but letters and digits and cut to 8 characters each (aws-load-balancer-controller,
 * `buildLoadBalancerName`, for an Ingress in no explicit group). When the ARN suffix is known
 * (read once from the console, or from a stack output), pass it instead for exact metrics.
 */
import * as pulumi from "@pulumi/pulumi";
import { ALERTS_FIXED } from "./defaults";

/** The event pipeline's part of the dashboard (an EventPipeline's outputs fit). */
export interface DashboardPipelineArgs {
    /** The Kinesis stream's name (EventPipeline.streamName). */
    readonly streamName: pulumi.Input<string>;
    /**
     * Consumer function names by consumer name (EventPipeline.consumerFunctionNames). Plain
     * record: its keys decide the lines, and label them.
     */
    readonly consumerFunctionNames: Readonly<Record<string, pulumi.Input<string>>>;
}

/** The search domain's part (a SearchIndexer's outputs fit). */
export interface DashboardSearchArgs {
    /** The OpenSearch domain's name (SearchIndexer.domainName). Its account is this one. */
    readonly domainName: pulumi.Input<string>;
}

/** The reminder workflow's part (a ReminderWorkflow's outputs fit). */
export interface DashboardRemindersArgs {
    /** The state machine's ARN (ReminderWorkflow.stateMachineArn). */
    readonly stateMachineArn: pulumi.Input<string>;
}

/**
 * The app's load balancer. Either `loadBalancerArnSuffix`, or `ingressNamespace` with
 * `ingressName` (then a SEARCH expression finds it; see the module comment).
 */
export interface DashboardAlbArgs {
    /** `app/<name>/<id>`, the LoadBalancer dimension. Default: found by search. */
    readonly loadBalancerArnSuffix?: pulumi.Input<string>;
    /** The Ingress's Kubernetes namespace (AppPlatform.namespace). */
    readonly ingressNamespace?: pulumi.Input<string>;
    /** The Ingress's name (the app's name in AppPlatform). */
    readonly ingressName?: pulumi.Input<string>;
}

/** Arguments for `Alerts.addDashboard`. Each part is optional; at least one must be given. */
export interface AlertsDashboardArgs {
    /**
     * The dashboard's name, 1..255 of `[A-Za-z0-9_-]`, unique in the account and region: carry
     * the environment (`lightspeed-prod`). Plain string: renaming replaces the dashboard.
     */
    readonly dashboardName: string;
    /** Seconds per data point, a multiple of 60. Default 300. */
    readonly periodSeconds?: number;
    readonly pipeline?: DashboardPipelineArgs;
    /**
     * Dead-letter queue URLs by label (EventPipeline.consumerDeadLetterQueueUrls and
     * queueDeadLetterQueueUrls, merged). The forwarder's own undelivered-alarms queue is added.
     * Plain record: its keys decide the lines. Default none.
     */
    readonly deadLetterQueueUrls?: Readonly<Record<string, pulumi.Input<string>>>;
    readonly search?: DashboardSearchArgs;
    readonly reminders?: DashboardRemindersArgs;
    readonly alb?: DashboardAlbArgs;
}

/** A metric row of a widget: namespace, name, dimension pairs, then rendering options. */
export type MetricRow = readonly (pulumi.Input<string> | Record<string, unknown>)[];

/** One widget of the dashboard body (CloudWatch's dashboard body structure). */
export interface MetricWidget {
    readonly type: "metric";
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly properties: {
        readonly title: string;
        readonly region: pulumi.Input<string>;
        readonly view: "timeSeries";
        readonly stacked: false;
        readonly period: number;
        readonly stat?: string;
        readonly metrics: readonly MetricRow[];
        readonly yAxis: { readonly left: { readonly min: 0; readonly label: string } };
    };
}

/** What {@link dashboardWidgets} needs beyond the arguments. */
export interface DashboardContext {
    readonly region: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    /** Queues added to the dead-letter widget (the forwarder's), by label. */
    readonly extraDeadLetterQueueUrls?: Readonly<Record<string, pulumi.Input<string>>>;
}

/** Validates {@link AlertsDashboardArgs}; throws naming the component and the argument. */
export function validateDashboardArgs(name: string, args: AlertsDashboardArgs): void {
    const where = `Alerts "${name}"`;
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(args.dashboardName)) {
        throw new Error(
            `${where}: dashboardName must be 1..255 of A-Z, a-z, 0-9, _ and -, got ${JSON.stringify(args.dashboardName)}`,
        );
    }
    const period = args.periodSeconds;
    if (period !== undefined && (!Number.isInteger(period) || period < 60 || period % 60 !== 0)) {
        throw new Error(`${where}: periodSeconds must be a multiple of 60, got ${period}`);
    }
    if (
        args.pipeline === undefined &&
        args.search === undefined &&
        args.reminders === undefined &&
        args.alb === undefined &&
        Object.keys(args.deadLetterQueueUrls ?? {}).length === 0
    ) {
        throw new Error(
            `${where}: the dashboard needs at least one of pipeline, deadLetterQueueUrls, search, reminders, alb`,
        );
    }
    const alb = args.alb;
    if (alb !== undefined) {
        const bySuffix = alb.loadBalancerArnSuffix !== undefined;
        const byIngress = alb.ingressNamespace !== undefined || alb.ingressName !== undefined;
        const fullIngress = alb.ingressNamespace !== undefined && alb.ingressName !== undefined;
        if (bySuffix === byIngress || (byIngress && !fullIngress)) {
            throw new Error(
                `${where}: alb needs either loadBalancerArnSuffix, or both ingressNamespace and ingressName`,
            );
        }
    }
}

/**
 * The start of the name the AWS Load Balancer Controller gives an Ingress's ALB:
 * `k8s-<namespace>-<ingress>`, each part letters and digits only, cut to 8 characters.
 */
export function albNamePrefix(namespace: string, ingressName: string): string {
    const part = (s: string) => s.replace(/[^A-Za-z0-9]/g, "").slice(0, 8);
    return `k8s-${part(namespace)}-${part(ingressName)}`;
}

/**
 * A SEARCH expression for one ALB metric of the load balancers whose LoadBalancer dimension
 * contains `namePrefix` (CloudWatch matches unquoted terms partially, by token).
 */
export function albSearchExpression(
    metricName: string,
    namePrefix: string,
    statistic: string,
    periodSeconds: number,
): string {
    return `SEARCH('{AWS/ApplicationELB,LoadBalancer} MetricName="${metricName}" LoadBalancer=${namePrefix}', '${statistic}', ${periodSeconds})`;
}

/** A queue's name from its URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
export function queueNameOf(url: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(url).apply((u) => u.slice(u.lastIndexOf("/") + 1));
}

/**
 * The widgets, in reading order, two to a row: pipeline iterator age, consumer errors, records
 * written, dead-letter queues, search cluster status, search free storage, reminder failures, ALB
 * 5xx, ALB latency. A part that is not given has no widgets.
 */
export function dashboardWidgets(
    args: AlertsDashboardArgs,
    context: DashboardContext,
    periodSeconds: number,
): MetricWidget[] {
    type Spec = {
        title: string;
        yLabel: string;
        stat?: string;
        metrics: MetricRow[];
    };
    const specs: Spec[] = [];
    const label = (text: string) => ({ label: text });

    const pipeline = args.pipeline;
    if (pipeline !== undefined) {
        const consumers = Object.entries(pipeline.consumerFunctionNames);
        specs.push({
            title: "Pipeline: iterator age",
            yLabel: "ms",
            stat: "Maximum",
            metrics: [
                ...consumers.map(([consumer, fn]): MetricRow => [
                    "AWS/Lambda",
                    "IteratorAge",
                    "FunctionName",
                    fn,
                    label(consumer),
                ]),
                [
                    "AWS/Kinesis",
                    "GetRecords.IteratorAgeMilliseconds",
                    "StreamName",
                    pipeline.streamName,
                    label("stream (every reader)"),
                ],
            ],
        });
        if (consumers.length > 0) {
            specs.push({
                title: "Pipeline: consumer errors",
                yLabel: "count",
                stat: "Sum",
                metrics: consumers.map(([consumer, fn]) => [
                    "AWS/Lambda",
                    "Errors",
                    "FunctionName",
                    fn,
                    label(consumer),
                ]),
            });
        }
        specs.push({
            title: "Pipeline: records written",
            yLabel: "count",
            stat: "Sum",
            metrics: [
                [
                    "AWS/Kinesis",
                    "IncomingRecords",
                    "StreamName",
                    pipeline.streamName,
                    label("records in"),
                ],
                [
                    "AWS/Kinesis",
                    "WriteProvisionedThroughputExceeded",
                    "StreamName",
                    pipeline.streamName,
                    label("writes throttled"),
                ],
            ],
        });
    }

    const queues = Object.entries({
        ...(args.deadLetterQueueUrls ?? {}),
        ...(context.extraDeadLetterQueueUrls ?? {}),
    });
    if (queues.length > 0) {
        specs.push({
            title: "Dead-letter queues: messages waiting",
            yLabel: "messages",
            stat: "Maximum",
            metrics: queues.map(([queue, url]) => [
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                "QueueName",
                queueNameOf(url),
                label(queue),
            ]),
        });
    }

    const search = args.search;
    if (search !== undefined) {
        const domain = (metric: string, text: string): MetricRow => [
            "AWS/ES",
            metric,
            "DomainName",
            search.domainName,
            "ClientId",
            context.accountId,
            label(text),
        ];
        specs.push({
            title: "Search: cluster status",
            yLabel: "1 = in that state",
            stat: "Maximum",
            metrics: [domain("ClusterStatus.red", "red"), domain("ClusterStatus.yellow", "yellow")],
        });
        specs.push({
            title: "Search: free storage",
            yLabel: "MB",
            stat: "Minimum",
            metrics: [domain("FreeStorageSpace", "free storage (smallest node)")],
        });
    }

    const reminders = args.reminders;
    if (reminders !== undefined) {
        const execution = (metric: string, text: string): MetricRow => [
            "AWS/States",
            metric,
            "StateMachineArn",
            reminders.stateMachineArn,
            label(text),
        ];
        specs.push({
            title: "Reminders: failed executions",
            yLabel: "count",
            stat: "Sum",
            metrics: [
                execution("ExecutionsFailed", "failed"),
                execution("ExecutionsTimedOut", "timed out"),
            ],
        });
    }

    const alb = args.alb;
    if (alb !== undefined) {
        const suffix = alb.loadBalancerArnSuffix;
        const prefix =
            suffix === undefined
                ? pulumi
                      .all([alb.ingressNamespace!, alb.ingressName!]) // validated
                      .apply(([ns, ingress]) => albNamePrefix(ns, ingress))
                : undefined;
        const row = (metric: string, stat: string, text: string, id: string): MetricRow =>
            suffix !== undefined
                ? ["AWS/ApplicationELB", metric, "LoadBalancer", suffix, { label: text, stat }]
                : [
                      {
                          id,
                          label: text,
                          expression: prefix!.apply((p) =>
                              albSearchExpression(metric, p, stat, periodSeconds),
                          ),
                      },
                  ];
        specs.push({
            title: "App load balancer: 5xx responses",
            yLabel: "count",
            metrics: [
                row("HTTPCode_Target_5XX_Count", "Sum", "from the app", "target5xx"),
                row("HTTPCode_ELB_5XX_Count", "Sum", "from the load balancer", "elb5xx"),
            ],
        });
        specs.push({
            title: "App load balancer: target response time",
            yLabel: "seconds",
            metrics: [
                row("TargetResponseTime", "p50", "p50", "latencyp50"),
                row("TargetResponseTime", "p99", "p99", "latencyp99"),
            ],
        });
    }

    const columns = ALERTS_FIXED.dashboardColumns;
    const width = ALERTS_FIXED.dashboardWidgetWidth;
    const height = ALERTS_FIXED.dashboardWidgetHeight;
    return specs.map((spec, i) => ({
        type: "metric",
        x: (i % columns) * width,
        y: Math.floor(i / columns) * height,
        width,
        height,
        properties: {
            title: spec.title,
            region: context.region,
            view: "timeSeries",
            stacked: false,
            period: periodSeconds,
            ...(spec.stat !== undefined ? { stat: spec.stat } : {}),
            metrics: spec.metrics,
            yAxis: { left: { min: 0, label: spec.yLabel } },
        },
    }));
}
