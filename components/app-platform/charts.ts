/**
 * The Helm values AppPlatform gives its two charts, as pure functions so tests compare them
 * exactly. Both controllers are told their region (and the load balancer controller its VPC):
 * nodes allow one IMDS hop only, so a pod cannot look them up from instance metadata.
 */
import type * as pulumi from "@pulumi/pulumi";
import { APP_PLATFORM_FIXED } from "./defaults";

/** Values of the aws-load-balancer-controller chart (APP_PLATFORM_FIXED.loadBalancerController). */
export function loadBalancerControllerValues(ids: {
    clusterName: pulumi.Input<string>;
    region: pulumi.Input<string>;
    vpcId: pulumi.Input<string>;
}): Record<string, unknown> {
    const lbc = APP_PLATFORM_FIXED.loadBalancerController;
    return {
        clusterName: ids.clusterName,
        region: ids.region,
        vpcId: ids.vpcId,
        replicaCount: lbc.replicas,
        resources: lbc.resources,
        // The chart creates the account; its role comes from the Pod Identity association.
        serviceAccount: { create: true, name: lbc.serviceAccount },
        ingressClass: APP_PLATFORM_FIXED.ingressClass,
        createIngressClassResource: true,
        // Only Ingresses make load balancers here: a `type: LoadBalancer` Service is not turned
        // into an internet-facing NLB behind the platform's back.
        enableServiceMutatorWebhook: false,
        podDisruptionBudget: { maxUnavailable: 1 },
    };
}

/**
 * Values of the aws-for-fluent-bit chart: tail only this environment's containers (kubelet
 * names their files `<pod>_<namespace>_<container>-<id>.log`, so a shared cluster's other
 * namespaces are not shipped), send them to the log group, and, with a search domain, to daily
 * indices `logs-<namespace>-YYYY.MM.DD` over SigV4 and TLS. The group exists already (created
 * with its key and retention), so the shipper never creates one.
 */
export function fluentBitValues(targets: {
    namespace: string;
    region: pulumi.Input<string>;
    logGroupName: pulumi.Input<string>;
    searchDomainEndpoint?: pulumi.Input<string>;
}): Record<string, unknown> {
    const opensearch =
        targets.searchDomainEndpoint === undefined
            ? { enabled: false }
            : {
                  enabled: true,
                  host: targets.searchDomainEndpoint,
                  port: "443",
                  tls: "On",
                  awsAuth: "On",
                  awsRegion: targets.region,
                  logstashFormat: "On",
                  logstashPrefix: `logs-${targets.namespace}`,
                  logstashDateFormat: "%Y.%m.%d",
                  suppressTypeName: "On",
              };
    return {
        serviceAccount: { create: true, name: APP_PLATFORM_FIXED.fluentBit.serviceAccount },
        input: { path: `/var/log/containers/*_${targets.namespace}_*.log` },
        cloudWatchLogs: {
            enabled: true,
            region: targets.region,
            logGroupName: targets.logGroupName,
            logStreamPrefix: "fluent-bit-",
            autoCreateGroup: false,
        },
        opensearch,
        cloudWatch: { enabled: false },
        elasticsearch: { enabled: false },
        firehose: { enabled: false },
        kinesis: { enabled: false },
    };
}
