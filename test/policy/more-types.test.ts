/**
 * The rules and types added for the class 5 ("types and fields no rule reads"): each from
 * a compliant resource, one property changed, the exact violation.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { violationsOf } from "../helpers/policy";

const ROLE = "arn:aws:iam::123456789012:role/fn";
const SUBNET = "subnet-0123456789abcdef0";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
const LB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1";

/** Runs `make(extra)` for the compliant form ({}) and returns the rule's violations for `extra`. */
function mutate<T>(rule: string, make: (extra: Partial<T>) => unknown) {
    return (extra: Partial<T> = {}) => violationsOf(rule, () => make(extra));
}

describe("encrypted-at-rest: databases and file systems", () => {
    const rule = "encrypted-at-rest";
    const cases: [string, () => (extra: Record<string, unknown>) => unknown, string, string][] = [
        [
            "aws.rds.Instance",
            () => (e) =>
                new aws.rds.Instance("db", {
                    instanceClass: "db.t4g.micro",
                    engine: "postgres",
                    allocatedStorage: 20,
                    storageEncrypted: true,
                    ...e,
                }),
            "storageEncrypted",
            "aws/rds",
        ],
        [
            "aws.rds.Cluster",
            () => (e) =>
                new aws.rds.Cluster("db", {
                    engine: "aurora-postgresql",
                    storageEncrypted: true,
                    ...e,
                }),
            "storageEncrypted",
            "aws/rds",
        ],
        [
            "aws.docdb.Cluster",
            () => (e) => new aws.docdb.Cluster("db", { storageEncrypted: true, ...e }),
            "storageEncrypted",
            "aws/rds",
        ],
        [
            "aws.neptune.Cluster",
            () => (e) => new aws.neptune.Cluster("db", { storageEncrypted: true, ...e }),
            "storageEncrypted",
            "aws/rds",
        ],
        [
            "aws.efs.FileSystem",
            () => (e) => new aws.efs.FileSystem("db", { encrypted: true, ...e }),
            "encrypted",
            "aws/elasticfilesystem",
        ],
        [
            "aws.redshift.Cluster",
            () => (e) =>
                new aws.redshift.Cluster("db", {
                    clusterIdentifier: "db",
                    nodeType: "ra3.xlplus",
                    // The provider takes this flag as a string.
                    encrypted: "true",
                    ...e,
                }),
            "encrypted",
            "aws/redshift",
        ],
    ];
    for (const [type, make, flag, key] of cases) {
        it(`${type}: passes ${flag} true, blocks it false or missing`, async () => {
            const v = mutate<Record<string, unknown>>(rule, make());
            assert.deepEqual(await v(), []);
            const keyInput = type === "aws.neptune.Cluster" ? "kmsKeyArn" : "kmsKeyId";
            const msg = (got: string) =>
                `mandatory ${rule} db: ${flag} is ${got}: set ${flag} true (and ${keyInput} to a KMS key, or leave it for the AWS-managed ${key} key).`;
            const off = type === "aws.redshift.Cluster" ? "false" : false;
            assert.deepEqual(await v({ [flag]: off }), [msg(JSON.stringify(off))]);
            assert.deepEqual(await v({ [flag]: undefined }), [msg("missing")]);
        });
    }

    it("aws.memorydb.Cluster: blocks the service-owned default key", async () => {
        const v = mutate<aws.memorydb.ClusterArgs>(
            rule,
            (e) =>
                new aws.memorydb.Cluster("mem", {
                    nodeType: "db.t4g.small",
                    aclName: "open-access",
                    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
                    ...e,
                }),
        );
        assert.deepEqual(await v(), []);
        assert.deepEqual(await v({ kmsKeyArn: undefined }), [
            `mandatory ${rule} mem: kmsKeyArn is missing: MemoryDB encrypts with a key only the service owns: set kmsKeyArn to a KMS key.`,
        ]);
    });
});

describe("transport-encrypted", () => {
    const rule = "transport-encrypted";
    const https = {
        loadBalancerArn: LB,
        port: 443,
        protocol: "HTTPS",
        certificateArn: CERT,
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
    };
    const v = mutate<aws.lb.ListenerArgs>(
        rule,
        (e) => new aws.lb.Listener("l", { ...https, ...e }),
    );

    it("passes an HTTPS listener with a TLS 1.2+ policy and an HTTP listener that redirects", async () => {
        assert.deepEqual(await v(), []);
        assert.deepEqual(
            await v({
                port: 80,
                protocol: "HTTP",
                certificateArn: undefined,
                sslPolicy: undefined,
                defaultActions: [
                    {
                        type: "redirect",
                        redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                    },
                ],
            }),
            [],
        );
    });

    it("blocks a TLS 1.0 security policy and a missing one", async () => {
        const msg = (got: string) =>
            `mandatory ${rule} l: sslPolicy is ${got}, which accepts TLS 1.0 or 1.1 (or leaves the choice to the provider): set sslPolicy "ELBSecurityPolicy-TLS13-1-2-2021-06".`;
        assert.deepEqual(await v({ sslPolicy: "ELBSecurityPolicy-2016-08" }), [
            msg('"ELBSecurityPolicy-2016-08"'),
        ]);
        assert.deepEqual(await v({ sslPolicy: undefined }), [msg("not set")]);
    });

    it("blocks an HTTP listener that forwards instead of redirecting", async () => {
        assert.deepEqual(
            await v({
                port: 80,
                protocol: "HTTP",
                certificateArn: undefined,
                sslPolicy: undefined,
            }),
            [
                `mandatory ${rule} l: protocol is HTTP and defaultActions do not redirect to HTTPS, so requests and responses cross the network in clear text: listen on HTTPS (with a certificate and a TLS 1.2+ sslPolicy), or make the HTTP listener's only default action { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }.`,
            ],
        );
    });

    it("blocks an SNS subscription over http, not https", async () => {
        const sub = mutate<aws.sns.TopicSubscriptionArgs>(
            rule,
            (e) =>
                new aws.sns.TopicSubscription("s", {
                    topic: "arn:aws:sns:us-east-1:123456789012:t",
                    protocol: "https",
                    endpoint: "https://hooks.example.com/x",
                    ...e,
                }),
        );
        assert.deepEqual(await sub(), []);
        assert.deepEqual(await sub({ protocol: "http", endpoint: "http://hooks.example.com/x" }), [
            `mandatory ${rule} s: protocol is "http", so every message is delivered in clear text: use "https" (or sqs, lambda, firehose).`,
        ]);
    });

    it("blocks MemoryDB with TLS off", async () => {
        const mem = mutate<aws.memorydb.ClusterArgs>(
            rule,
            (e) =>
                new aws.memorydb.Cluster("mem", { nodeType: "db.t4g.small", aclName: "a", ...e }),
        );
        assert.deepEqual(await mem(), []);
        assert.deepEqual(await mem({ tlsEnabled: false }), [
            `mandatory ${rule} mem: tlsEnabled is false: set it true (the default) so clients connect over TLS.`,
        ]);
    });
});

describe("imds-v2-required, no-public-ip for instances without a subnet", () => {
    const instance = (e: Partial<aws.ec2.InstanceArgs>) =>
        new aws.ec2.Instance("vm", {
            ami: "ami-0123456789abcdef0",
            instanceType: "t3.micro",
            subnetId: SUBNET,
            metadataOptions: { httpTokens: "required" },
            ...e,
        });

    it("passes IMDSv2; blocks IMDSv1 (httpTokens optional or not set)", async () => {
        const v = mutate<aws.ec2.InstanceArgs>("imds-v2-required", instance);
        assert.deepEqual(await v(), []);
        const msg = (got: string) =>
            `mandatory imds-v2-required vm: metadataOptions.httpTokens is ${got}, so IMDSv1 hands the instance role's credentials to any request forgery on the host: set metadataOptions { httpTokens: "required" }.`;
        assert.deepEqual(await v({ metadataOptions: { httpTokens: "optional" } }), [
            msg('"optional"'),
        ]);
        assert.deepEqual(await v({ metadataOptions: undefined }), [msg("not set")]);
    });

    it("blocks an instance with no subnet (the default subnet maps public IPs)", async () => {
        const v = mutate<aws.ec2.InstanceArgs>("no-public-ip", instance);
        assert.deepEqual(await v(), []);
        assert.deepEqual(await v({ subnetId: undefined }), [
            "mandatory no-public-ip vm: subnetId is not set, so the instance launches into the default VPC's default subnet, which gives it a public IP: set subnetId to a private subnet.",
        ]);
    });
});

describe("kms-key-rotation, default-sg-closed, no-aws-keys-in-env", () => {
    it("blocks a symmetric key without rotation, not an asymmetric one", async () => {
        const v = mutate<aws.kms.KeyArgs>(
            "kms-key-rotation",
            (e) => new aws.kms.Key("k", { enableKeyRotation: true, ...e }),
        );
        assert.deepEqual(await v(), []);
        assert.deepEqual(await v({ enableKeyRotation: false }), [
            "mandatory kms-key-rotation k: enableKeyRotation is false: set it true so the key material rotates every year.",
        ]);
        assert.deepEqual(
            await v({
                enableKeyRotation: undefined,
                customerMasterKeySpec: "RSA_2048",
                keyUsage: "SIGN_VERIFY",
            }),
            [],
        );
    });

    it("blocks rules in the default security group", async () => {
        const v = mutate<aws.ec2.DefaultSecurityGroupArgs>(
            "default-sg-closed",
            (e) =>
                new aws.ec2.DefaultSecurityGroup("default", {
                    vpcId: "vpc-1",
                    ingress: [],
                    egress: [],
                    ...e,
                }),
        );
        assert.deepEqual(await v(), []);
        assert.deepEqual(
            await v({
                egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/8"] }],
            }),
            [
                "mandatory default-sg-closed default: egress holds 1 rule(s): leave the default security group empty (ingress: [], egress: []) and give resources their own groups.",
            ],
        );
    });

    it("blocks AWS keys in Lambda and ECS environment variables", async () => {
        const fn = mutate<aws.lambda.FunctionArgs>(
            "no-aws-keys-in-env",
            (e) =>
                new aws.lambda.Function("fn", {
                    role: ROLE,
                    runtime: "nodejs20.x",
                    handler: "index.handler",
                    code: new pulumi.asset.AssetArchive({}),
                    environment: { variables: { TABLE: "orders" } },
                    ...e,
                }),
        );
        assert.deepEqual(await fn(), []);
        assert.deepEqual(
            await fn({ environment: { variables: { AWS_SECRET_ACCESS_KEY: "x".repeat(40) } } }),
            [
                "mandatory no-aws-keys-in-env fn: environment.variables sets AWS_SECRET_ACCESS_KEY: never put AWS credentials in environment variables; the function or task gets its own role's credentials (execution role / task role).",
            ],
        );
        const task = mutate<aws.ecs.TaskDefinitionArgs>(
            "no-aws-keys-in-env",
            (e) =>
                new aws.ecs.TaskDefinition("task", {
                    family: "app",
                    containerDefinitions: JSON.stringify([
                        {
                            name: "app",
                            image: "app",
                            environment: [{ name: "MODE", value: "prod" }],
                        },
                    ]),
                    ...e,
                }),
        );
        assert.deepEqual(await task(), []);
        assert.deepEqual(
            await task({
                containerDefinitions: JSON.stringify([
                    {
                        name: "app",
                        image: "app",
                        environment: [{ name: "UPLOAD_ID", value: "AKIAABCDEFGHIJKLMNOP" }],
                    },
                ]),
            }),
            [
                "mandatory no-aws-keys-in-env task: containerDefinitions[0].environment UPLOAD_ID holds what looks like an AWS access key: remove it and grant the role the access instead (or read a secret from Secrets Manager at run time).",
            ],
        );
    });
});

describe("event-bus permissions and S3 service principals", () => {
    it("blocks an EventPermission for every account without an organization condition", async () => {
        const v = mutate<aws.cloudwatch.EventPermissionArgs>(
            "resource-policy-no-public-principal",
            (e) =>
                new aws.cloudwatch.EventPermission("bus", {
                    principal: "*",
                    statementId: "org",
                    condition: {
                        key: "aws:PrincipalOrgID",
                        type: "StringEquals",
                        value: "o-a1b2c3d4e5",
                    },
                    ...e,
                }),
        );
        assert.deepEqual(await v(), []);
        const open =
            'mandatory resource-policy-no-public-principal bus: principal "*" lets every AWS account put events on the bus: name the account, or set condition { key: "aws:PrincipalOrgID", type: "StringEquals", value: "<your organization id>" }.';
        assert.deepEqual(await v({ condition: undefined }), [open]);
        assert.deepEqual(
            await v({
                condition: { key: "aws:PrincipalOrgID", type: "StringEquals", value: "o-*" },
            }),
            [],
        );
        assert.deepEqual(await v({ principal: "123456789012", condition: undefined }), []);
    });

    it("blocks a bucket policy granting CloudFront without aws:SourceArn", async () => {
        const statement = {
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::site/*",
        };
        const v = mutate<{ Condition: unknown }>(
            "service-principal-source",
            (e) =>
                new aws.s3.BucketPolicy("site-policy", {
                    bucket: "site",
                    policy: {
                        Version: "2012-10-17",
                        Statement: [
                            {
                                ...statement,
                                Condition: {
                                    StringEquals: {
                                        "AWS:SourceArn":
                                            "arn:aws:cloudfront::123456789012:distribution/E1",
                                    },
                                },
                                ...e,
                            } as aws.iam.PolicyStatement,
                        ],
                    },
                }),
        );
        assert.deepEqual(await v(), []);
        const missing =
            'mandatory service-principal-source site-policy: policy Statement[0] allows Principal.Service "cloudfront.amazonaws.com" without an aws:SourceArn condition, so the service acting for any other account can use the grant (confused deputy): add ArnLike/StringEquals { "aws:SourceArn": <the distribution, trail or resource acting> }.';
        assert.deepEqual(await v({ Condition: undefined }), [missing]);
        assert.deepEqual(
            await v({
                Condition: {
                    StringLike: { "aws:SourceArn": "arn:aws:cloudfront::*:distribution/*" },
                },
            }),
            [missing],
        );
    });
});

describe("cloudformation-iam", () => {
    const rule = "cloudformation-iam";
    const template = (policy: unknown) =>
        JSON.stringify({
            Resources: {
                Reader: {
                    Type: "AWS::IAM::ManagedPolicy",
                    Properties: { PolicyDocument: { Version: "2012-10-17", Statement: [policy] } },
                },
            },
        });
    const v = (templateBody: string) =>
        violationsOf(rule, () => new aws.cloudformation.Stack("cfn", { templateBody }));

    it("passes a template whose IAM names actions and resources", async () => {
        assert.deepEqual(
            await v(
                template({
                    Effect: "Allow",
                    Action: "s3:GetObject",
                    Resource: { "Fn::Sub": "arn:aws:s3:::${B}/*" },
                }),
            ),
            [],
        );
    });

    it("blocks wide actions and every-resource grants inside a JSON or YAML template", async () => {
        assert.deepEqual(
            await v(template({ Effect: "Allow", Action: "s3:?*", Resource: "arn:aws:s3:::b/*" })),
            [
                `mandatory ${rule} cfn: templateBody Resources.Reader (AWS::IAM::ManagedPolicy) PolicyDocument Statement[0] allows "s3:?*": name the actions, not every action of a service.`,
            ],
        );
        const yamlBody = [
            "Resources:",
            "  Admin:",
            "    Type: AWS::IAM::Role",
            "    Properties:",
            "      AssumeRolePolicyDocument:",
            "        Statement:",
            "          - Effect: Allow",
            "            Principal: { AWS: '*' }",
            "            Action: sts:AssumeRole",
            "      Policies:",
            "        - PolicyName: p",
            "          PolicyDocument:",
            "            Statement:",
            "              - Effect: Allow",
            "                Action: iam:PassRole",
            "                Resource: !Sub 'arn:aws:iam::${AWS::AccountId}:role/*'",
        ].join("\n");
        assert.deepEqual(await v(yamlBody), [
            `mandatory ${rule} cfn: templateBody Resources.Admin (AWS::IAM::Role) AssumeRolePolicyDocument Statement[0] allows Principal.AWS "*" (anyone): name the principals.`,
            `mandatory ${rule} cfn: templateBody Resources.Admin (AWS::IAM::Role) Policies[0].PolicyDocument Statement[0] allows privilege escalation (iam:PassRole) on "arn:aws:iam::000000000000:role/*": name the ARNs it may act on.`,
        ]);
    });

    it("fails closed on a template it cannot read", async () => {
        assert.deepEqual(
            await violationsOf(
                rule,
                () =>
                    new aws.cloudformation.Stack("cfn", {
                        templateUrl: "https://example.com/t.json",
                    }),
            ),
            [
                `mandatory ${rule} cfn: templateUrl points to a template the pack cannot read, so the IAM it creates cannot be checked: pass the template as templateBody.`,
            ],
        );
    });
});
