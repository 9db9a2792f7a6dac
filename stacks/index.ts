/**
 * The lightspeed program: validates the stack's config, then composes the components. Stacks
 * differ only in their `Pulumi.<stack>.yaml` values, never in code paths.
 */
import { Alerts } from "../components/alerts";
import { SecureNetwork } from "../components/secure-network";
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
