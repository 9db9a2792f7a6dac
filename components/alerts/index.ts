/**
 * Alerts: where every component's CloudWatch alarms go. A KMS-encrypted SNS topic that only
 * CloudWatch alarms of this account may publish to, with e-mail subscriptions for the team.
 */
import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createKey } from "../lib/kms";
import { ALERTS_DEFAULTS } from "./defaults";

export { ALERTS_DEFAULTS } from "./defaults";

/** Arguments for {@link Alerts}. */
export interface AlertsArgs {
    /** E-mail addresses that receive every alarm (each confirms its subscription). Default none. */
    readonly emails?: readonly string[];
    /** Protect the topic's KMS key from deletion. Plain boolean. Default true. */
    readonly protect?: boolean;
    /** Tags for every taggable child. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** True for something shaped like an e-mail address: one @, no spaces, a dot in the domain. */
export function isEmailAddress(text: string): boolean {
    // Deliberately loose: RFC 5322 is not worth it, and SNS confirms every address anyway.
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

/** A stable, short id for an e-mail address (resource names must not carry the address). */
export function emailId(email: string): string {
    return crypto.createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 8);
}

/** Validates {@link AlertsArgs}; throws naming the component and the argument. */
export function validateAlertsArgs(name: string, args: AlertsArgs): void {
    const emails = args.emails ?? ALERTS_DEFAULTS.emails;
    emails.forEach((email, i) => {
        if (!isEmailAddress(email)) {
            throw new Error(
                `Alerts "${name}": emails[${i}] must be an e-mail address, got ${JSON.stringify(email)}`,
            );
        }
    });
    const lower = emails.map((e) => e.toLowerCase());
    const dup = emails.find((_, i) => lower.indexOf(lower[i]) !== i);
    if (dup !== undefined) throw new Error(`Alerts "${name}": emails lists ${dup} twice`);
}

/** The alarm topic and its subscribers. */
export class Alerts extends pulumi.ComponentResource {
    /** The topic every alarm targets (alarm and OK actions). */
    public readonly topicArn: pulumi.Output<string>;
    /** The key that encrypts the topic. */
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: AlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAlertsArgs(name, args);
        super("lightspeed:index:Alerts", name, {}, opts);
        const emails = args.emails ?? ALERTS_DEFAULTS.emails;
        const identity = aws.getCallerIdentityOutput({}, { parent: this });

        const key = createKey(
            `${name}-key`,
            {
                description: `Encrypts the alarm topic of Alerts ${name}`,
                // CloudWatch alarms publish to the encrypted topic themselves.
                services: ["cloudwatch"],
                protect: args.protect ?? ALERTS_DEFAULTS.protect,
                tags: args.tags,
            },
            this,
        );

        const topic = new aws.sns.Topic(
            `${name}-topic`,
            { displayName: `${name} alarms`, kmsMasterKeyId: key.arn, tags: args.tags },
            { parent: this },
        );

        new aws.sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                arn: topic.arn,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "CloudWatchAlarmsOfThisAccountPublish",
                            Effect: "Allow",
                            Principal: { Service: "cloudwatch.amazonaws.com" },
                            Action: "sns:Publish",
                            Resource: topic.arn,
                            Condition: {
                                StringEquals: { "aws:SourceAccount": identity.accountId },
                            },
                        },
                        {
                            Sid: "DenyInsecureTransport",
                            Effect: "Deny",
                            Principal: "*",
                            Action: "sns:Publish",
                            Resource: topic.arn,
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ],
                },
            },
            { parent: this },
        );

        for (const email of emails) {
            // Named by the address, not its position: removing one address leaves the others'
            // confirmed subscriptions alone.
            new aws.sns.TopicSubscription(
                `${name}-email-${emailId(email)}`,
                { topic: topic.arn, protocol: "email", endpoint: email },
                { parent: this },
            );
        }

        this.topicArn = topic.arn;
        this.keyArn = key.arn;
        this.registerOutputs({ topicArn: this.topicArn, keyArn: this.keyArn });
    }
}
