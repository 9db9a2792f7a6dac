/**
 * The lightspeed program: validates the stack's config, then composes the components. Stacks
 * differ only in their `Pulumi.<stack>.yaml` values, never in code paths.
 */
import * as path from "path";
import { Alerts } from "../components/alerts";
import { SecureNetwork } from "../components/secure-network";
import { StaticSite } from "../components/static-site";
import { loadStackConfig, PROJECT } from "./config";

// First, before any resource exists: a bad config stops the program with every problem listed,
// instead of after part of the stack has been registered.
const config = loadStackConfig();
const tags = { environment: config.environment, project: PROJECT };

// Every component's alarms go here.
const alerts = new Alerts("alerts", { emails: config.alertEmails, protect: config.protect, tags });

const network = new SecureNetwork("network", {
    region: config.region,
    cidrBlock: config.network.cidrBlock,
    availabilityZoneCount: config.network.availabilityZoneCount,
    natStrategy: config.network.natStrategy,
    flowLogRetentionDays: config.network.flowLogRetentionDays,
    interfaceEndpoints: config.network.interfaceEndpoints,
    protect: config.protect,
    tags,
});

// The web front end and static artifacts: private bucket, CloudFront, HTTPS only.
const site = new StaticSite("site", {
    contentDir: path.join(__dirname, "..", "site"),
    spaFallback: config.site.spaFallback,
    notFoundPage: config.site.spaFallback ? undefined : "404.html",
    priceClass: config.site.priceClass,
    domainName: config.site.domainName,
    hostedZoneId: config.site.hostedZoneId,
    webAclArn: config.site.webAclArn,
    logRetentionDays: config.site.logRetentionDays,
    protect: config.protect,
    tags,
});

/** The topic every alarm notifies (subscribe Slack or a pager to it). */
export const alarmTopicArn = alerts.topicArn;
/** The VPC's id. */
export const vpcId = network.vpcId;
/** The VPC's IPv4 CIDR block. */
export const vpcCidr = network.vpcCidr;
/** Private subnet ids, one per availability zone. */
export const privateSubnetIds = network.privateSubnetIds;
/** Public subnet ids, one per availability zone. */
export const publicSubnetIds = network.publicSubnetIds;
/** Where the static site is served. */
export const siteUrl = site.url;
/** The static site's bucket. */
export const siteBucketName = site.bucketName;
/** The static site's CloudFront distribution. */
export const siteDistributionId = site.distributionId;
