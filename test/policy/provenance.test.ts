/**
 * unknown-values-proven: a risky input unknown during preview passes only when its property
 * dependencies prove it comes from a program resource that makes it safe. Each case starts from a
 * compliant program and replaces one input with the same shape computed from an unrelated queue.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { violationsOf } from "../helpers/policy";

const rule = "unknown-values-proven";
const ROLE = "arn:aws:iam::123456789012:role/fn";
const CODE = new pulumi.asset.AssetArchive({});

/** A value unknown during preview that comes from a queue, not from anything that proves it. */
function fromQueue<T>(name: string, value: T): pulumi.Output<T> {
    return new aws.sqs.Queue(name).arn.apply(() => value);
}

interface Mutations {
    readonly vpcConfig?: (net: Network) => pulumi.Input<aws.types.input.lambda.FunctionVpcConfig>;
    readonly vpcOptions?: (
        net: Network,
    ) => pulumi.Input<aws.types.input.opensearch.DomainVpcOptions>;
    readonly policyArn?: (policy: aws.iam.Policy) => pulumi.Input<string>;
    readonly principal?: (role: aws.iam.Role) => pulumi.Input<string>;
    readonly queuePrincipal?: (role: aws.iam.Role) => pulumi.Input<string>;
}

interface Network {
    readonly subnet: aws.ec2.Subnet;
    readonly group: aws.ec2.SecurityGroup;
}

const program =
    (m: Mutations = {}) =>
    () => {
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
        const subnet = new aws.ec2.Subnet("private", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
        const group = new aws.ec2.SecurityGroup("fn-sg", { vpcId: vpc.id, description: "fn" });
        const net = { subnet, group };
        new aws.lambda.Function("fn", {
            role: ROLE,
            runtime: "nodejs20.x",
            handler: "index.handler",
            code: CODE,
            vpcConfig: m.vpcConfig?.(net) ?? {
                subnetIds: [subnet.id],
                securityGroupIds: [group.id],
            },
        });
        new aws.opensearch.Domain("search", {
            vpcOptions: m.vpcOptions?.(net) ?? {
                subnetIds: [subnet.id],
                securityGroupIds: [group.id],
            },
        });
        const role = new aws.iam.Role("caller", {
            assumeRolePolicy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "lambda.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            },
        });
        const policy = new aws.iam.Policy("read", {
            policy: {
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::data/*" },
                ],
            },
        });
        new aws.iam.RolePolicyAttachment("read-attach", {
            role: role.name,
            policyArn: m.policyArn?.(policy) ?? policy.arn,
        });
        new aws.lambda.Permission("invoke", {
            function: "fn",
            action: "lambda:InvokeFunction",
            principal: m.principal?.(role) ?? role.arn,
        });
        const queue = new aws.sqs.Queue("jobs");
        new aws.sqs.QueuePolicy("jobs-policy", {
            queueUrl: queue.url,
            policy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { AWS: m.queuePrincipal?.(role) ?? role.arn },
                        Action: "sqs:SendMessage",
                        Resource: queue.arn,
                    },
                ],
            },
        });
    };

const v = (m: Mutations) => violationsOf(rule, program(m));

describe("unknown-values-proven", () => {
    it("passes unknown values that come from a subnet, a security group, an aws.iam.Policy and a role", async () => {
        assert.deepEqual(await v({}), []);
    });

    it("blocks a whole vpcConfig computed from a queue (it could be empty at up)", async () => {
        assert.deepEqual(
            await v({ vpcConfig: () => fromQueue("q1", { subnetIds: [], securityGroupIds: [] }) }),
            [
                "mandatory unknown-values-proven fn: vpcConfig is unknown during preview and does not come from a subnet, security group or VPC of this program (it comes from q1 (aws:sqs/queue:Queue)), so it could be anything when applied: build it as a plain object whose subnet and security group ids are outputs of aws.ec2.Subnet / aws.ec2.SecurityGroup resources (or an awsx.ec2.Vpc) of this program, or literal ids.",
            ],
        );
    });

    it("blocks an OpenSearch vpcOptions computed from a queue", async () => {
        assert.deepEqual(
            await v({ vpcOptions: () => fromQueue("q2", { subnetIds: ["subnet-1"] }) }),
            [
                "mandatory unknown-values-proven search: vpcOptions is unknown during preview and does not come from a subnet, security group or VPC of this program (it comes from q2 (aws:sqs/queue:Queue)), so it could be anything when applied: build it as a plain object whose subnet and security group ids are outputs of aws.ec2.Subnet / aws.ec2.SecurityGroup resources (or an awsx.ec2.Vpc) of this program, or literal ids.",
            ],
        );
    });

    it("blocks a managed policy ARN that no aws.iam.Policy of the program gives", async () => {
        assert.deepEqual(
            await v({
                policyArn: () => fromQueue("q3", "arn:aws:iam::aws:policy/AdministratorAccess"),
            }),
            [
                "mandatory unknown-values-proven read-attach: policyArn is unknown during preview and does not come from an aws.iam.Policy (whose document the pack checks) of this program (it comes from q3 (aws:sqs/queue:Queue)), so it could be anything when applied: pass the arn of an aws.iam.Policy of this program, or a literal AWS-managed policy ARN.",
            ],
        );
    });

    it("blocks a Lambda permission principal computed from a queue (it could be *)", async () => {
        assert.deepEqual(await v({ principal: () => fromQueue("q4", "*") }), [
            'mandatory unknown-values-proven invoke: principal is unknown during preview and does not come from a role, user or identity provider of this program (it comes from q4 (aws:sqs/queue:Queue)), so it could be anything when applied: pass a literal principal (an account id, a service such as "sns.amazonaws.com") or the arn of a role of this program.',
        ]);
    });

    it("blocks a resource-policy principal computed from a queue", async () => {
        assert.deepEqual(await v({ queuePrincipal: () => fromQueue("q5", "*") }), [
            "mandatory unknown-values-proven jobs-policy: policy Statement[0]: a Principal is unknown during preview and does not come only from roles, users or identity providers of this program (it comes from jobs (aws:sqs/queue:Queue), q5 (aws:sqs/queue:Queue); dependencies are recorded for the whole document): write the principal as a literal (an account, a service) or use the arn of a role of this program, and keep other unknowns out of the document.",
        ]);
    });
});

/**
 * Dependencies are recorded per top-level input, so a safe source in one nested entry must not
 * vouch for an unknown in another: each unsafe program hides an `apply` over an unrelated queue
 * beside a safe source in the same input; each careful twin uses safe sources only.
 */
describe("provenance per nested path", function () {
    this.timeout(0);

    const net = () => {
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
        return { vpc };
    };

    it("blocks an ingress entry whose CIDR comes from a queue beside an entry with the VPC's block", async () => {
        const build = (open: boolean) => () => {
            const { vpc } = net();
            new aws.ec2.SecurityGroup("db-sg", {
                vpcId: vpc.id,
                description: "db",
                ingress: [
                    { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [vpc.cidrBlock] },
                    {
                        protocol: "tcp",
                        fromPort: 22,
                        toPort: 22,
                        cidrBlocks: [open ? fromQueue("q", "0.0.0.0/0") : vpc.cidrBlock],
                    },
                ],
            });
        };
        const message = (i: number) =>
            `mandatory no-open-ingress db-sg: ingress[${i}].cidrBlocks holds a block that is unknown during preview and does not come only from VPCs or subnets of this program (it comes from q (aws:sqs/queue:Queue), vpc (aws:ec2/vpc:Vpc)): pass plain CIDR blocks (or a VPC's or subnet's cidrBlock output, and give each source its own aws.vpc.SecurityGroupIngressRule: the dependencies of ingress are recorded for all its entries together).`;
        // The VPC's block is known in preview (an input echoed); its vpc dependency no longer
        // vouches for the queue's unknown in the next entry.
        assert.deepEqual(await violationsOf("no-open-ingress", build(true)), [message(1)]);
        assert.deepEqual(await violationsOf("no-open-ingress", build(false)), []);
    });

    it("blocks a queue-policy principal from a queue beside a statement whose principal is a role", async () => {
        const build = (open: boolean) => () => {
            const role = new aws.iam.Role("caller", {
                assumeRolePolicy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "lambda.amazonaws.com" },
                            Action: "sts:AssumeRole",
                        },
                    ],
                },
            });
            const queue = new aws.sqs.Queue("jobs");
            const second = open ? fromQueue("q", "*") : role.arn;
            new aws.sqs.QueuePolicy("jobs-policy", {
                queueUrl: queue.url,
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: role.arn },
                            Action: "sqs:SendMessage",
                            Resource: queue.arn,
                        },
                        {
                            Effect: "Allow",
                            Principal: { AWS: second },
                            Action: "sqs:ReceiveMessage",
                            Resource: queue.arn,
                        },
                    ],
                },
            });
        };
        assert.deepEqual(await violationsOf(rule, build(true)), [
            "mandatory unknown-values-proven jobs-policy: policy Statement[0], Statement[1]: a Principal is unknown during preview and does not come only from roles, users or identity providers of this program (it comes from caller (aws:iam/role:Role), jobs (aws:sqs/queue:Queue), q (aws:sqs/queue:Queue); dependencies are recorded for the whole document): write the principal as a literal (an account, a service) or use the arn of a role of this program, and keep other unknowns out of the document.",
        ]);
        // The guarded queue's own ARN in Resource sits beside the role's principal.
        assert.deepEqual(await violationsOf(rule, build(false)), []);
    });
});

describe("provenance of a service principal's source ARN", function () {
    this.timeout(0);

    const build = (fromApply: boolean) => () => {
        const bucket = new aws.s3.Bucket("uploads");
        const topic = new aws.sns.Topic("events");
        new aws.lambda.Permission("invoke", {
            function: "thumbnails",
            action: "lambda:InvokeFunction",
            principal: "s3.amazonaws.com",
            sourceArn: fromApply ? fromQueue("q1", "arn:aws:s3:::*") : bucket.arn,
        });
        const queue = new aws.sqs.Queue("jobs");
        new aws.sqs.QueuePolicy("jobs-policy", {
            queueUrl: queue.url,
            policy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "sns.amazonaws.com" },
                        Action: "sqs:SendMessage",
                        Resource: queue.arn,
                        Condition: {
                            ArnEquals: {
                                "aws:SourceArn": fromApply
                                    ? fromQueue("q2", "arn:aws:sns:*:*:*")
                                    : topic.arn,
                            },
                        },
                    },
                ],
            },
        });
    };

    it("blocks a sourceArn or aws:SourceArn computed from a queue, and passes the bucket's and topic's arns", async () => {
        assert.deepEqual(await violationsOf(rule, build(true)), [
            "mandatory unknown-values-proven invoke: sourceArn is unknown during preview and does not come only from resources s3.amazonaws.com acts for (it comes from q1 (aws:sqs/queue:Queue)), so it could be any account's resource when applied: pass the arn output of the bucket, topic, rule or API of this program that invokes the function, or a literal ARN.",
            "mandatory unknown-values-proven jobs-policy: policy Statement[0]: aws:SourceArn is unknown during preview and does not come only from resources sns.amazonaws.com acts for (it comes from jobs (aws:sqs/queue:Queue), q2 (aws:sqs/queue:Queue); dependencies are recorded for the whole document), so it could be any account's resource when applied: use the arn output of the program's source resource, or a literal ARN.",
        ]);
        assert.deepEqual(await violationsOf(rule, build(false)), []);
    });
});

describe("provenance of an identity policy's resources", function () {
    this.timeout(0);

    it("blocks a Resource computed from a resource the actions do not act on, and passes the bucket's and queue's arns", async () => {
        const careful = () => {
            const bucket = new aws.s3.Bucket("reports");
            const queue = new aws.sqs.Queue("jobs");
            new aws.iam.RolePolicy("worker", {
                role: "app-worker",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: "s3:GetObject",
                            Resource: pulumi.interpolate`${bucket.arn}/*`,
                        },
                        { Effect: "Allow", Action: "sqs:SendMessage", Resource: queue.arn },
                    ],
                },
            });
        };
        // The careful program: each statement's resource is one its actions act on.
        assert.deepEqual(await violationsOf(rule, careful), []);
        const single = () => {
            new aws.iam.RolePolicy("worker", {
                role: "app-worker",
                policy: {
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Allow", Action: "s3:GetObject", Resource: fromQueue("q", "*") },
                    ],
                },
            });
        };
        assert.deepEqual(await violationsOf(rule, single), [
            'mandatory unknown-values-proven worker: policy Statement[0]: a Resource is unknown during preview and comes from q (aws:sqs/queue:Queue), which the document\'s actions (s3) do not act on, so it could be "*" when applied: pass the arn output of the resource the actions act on, or a literal ARN.',
        ]);
    });
});
