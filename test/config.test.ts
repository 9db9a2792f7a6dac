import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import * as secureNetwork from "../components/secure-network";
import {
    PROJECT_CONFIG,
    ConfigError,
    ConfigKeySpec,
    Decoded,
    PROJECT,
    StackConfig,
    loadStackConfig,
    parseStackConfig,
    projectConfigSchema,
    readConfigTable,
    toRawConfigValue,
} from "../stacks/config";
import { repoRoot, valueOf } from "./helpers/plan";

/** The smallest valid config: only the keys without a default. */
const REQUIRED: Record<string, string> = {
    "aws:region": "us-east-1",
    "lightspeed:environment": "dev",
    "lightspeed:appImageTag": "0.1.0",
    "lightspeed:appDomainName": "app.example.com",
    "lightspeed:appHostedZoneId": "Z0123456789ABCDEFGHIJ",
};

/** A search domain in one zone: it fits every VPC, so tests of the VPC's zones stay about them. */
const ONE_ZONE_SEARCH: Record<string, string> = {
    "lightspeed:searchAvailabilityZones": "1",
    "lightspeed:searchInstanceCount": "1",
};

/** REQUIRED with `changes` applied; `undefined` removes a key. */
function rawWith(changes: Record<string, string | undefined>): Record<string, string> {
    const raw: Record<string, string> = { ...REQUIRED };
    for (const [k, v] of Object.entries(changes)) {
        if (v === undefined) delete raw[k];
        else raw[k] = v;
    }
    return raw;
}

/** The problems parseStackConfig reports; fails the test when it does not throw ConfigError. */
function problemsOf(raw: Record<string, string>, secretKeys: string[] = []): readonly string[] {
    try {
        parseStackConfig(raw, secretKeys);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
        assert.equal(err.message, err.problems.join("\n"));
        return err.problems;
    }
    assert.fail(`expected a ConfigError for ${JSON.stringify(raw)}`);
}

/** A stack file's config as the CLI hands it to the program: full keys, raw strings. */
function stackFileConfig(stack: string): { raw: Record<string, string>; secretKeys: string[] } {
    const file = path.join(repoRoot, `Pulumi.${stack}.yaml`);
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    const raw: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [k, value] of Object.entries(doc.config)) {
        // A bare key belongs to the project's namespace, as in the CLI.
        const fullKey = k.includes(":") ? k : `${PROJECT}:${k}`;
        const secure = (value as { secure?: unknown } | null)?.secure;
        if (typeof secure === "string") {
            // Ciphertext cannot be decrypted here; what matters is that the key is secret.
            secretKeys.push(fullKey);
            raw[fullKey] = secure;
        } else {
            raw[fullKey] = toRawConfigValue(value);
        }
    }
    return { raw, secretKeys };
}

describe("stack config", () => {
    describe("defaults", () => {
        it("applies every default when only environment and aws:region are set", () => {
            const expected: StackConfig = {
                environment: "dev",
                protect: true,
                alertEmails: [],
                alertSlack: false,
                teamAccess: true,
                region: "us-east-1",
                network: {
                    cidrBlock: "10.0.0.0/16",
                    availabilityZoneCount: 3,
                    natStrategy: "OnePerAz",
                    flowLogRetentionDays: 365,
                    interfaceEndpoints: [
                        "kinesis-streams",
                        "sts",
                        "logs",
                        "states",
                        "secretsmanager",
                        "ecr.api",
                        "ecr.dkr",
                        "sns",
                    ],
                },
                logRetentionDays: 365,
                pipeline: {
                    streamMode: "ON_DEMAND",
                    shardCount: undefined,
                    retentionHours: 24,
                    archive: true,
                    archiveTransitionDays: 30,
                },
                notifier: { minEmployees: 50, batchSize: 10 },
                app: {
                    sharedClusterStack: undefined,
                    kubernetesVersion: "1.33",
                    publicAccessCidrs: [],
                    adminRoleArns: [],
                    nodes: {
                        instanceTypes: ["m6i.large"],
                        capacityType: "ON_DEMAND",
                        minSize: 2,
                        desiredSize: 2,
                        maxSize: 4,
                        diskSizeGb: 50,
                    },
                    repositories: ["web"],
                    imageTag: "0.1.0",
                    replicas: 2,
                    maxReplicas: 4,
                    domainName: "app.example.com",
                    hostedZoneId: "Z0123456789ABCDEFGHIJ",
                    deletionProtection: true,
                    accessLogRetentionDays: 365,
                },
                search: {
                    engineVersion: "OpenSearch_2.17",
                    instanceType: "r6g.large.search",
                    instanceCount: 3,
                    availabilityZones: 3,
                    dedicatedMasterCount: 3,
                    dedicatedMasterType: "m6g.large.search",
                    volumeSizeGb: 20,
                    staleAfterDays: 7,
                },
                reminders: {
                    nodeType: "cache.t4g.small",
                    replicas: 1,
                    snapshotRetentionDays: 7,
                    authTokenVersion: 1,
                },
                site: {
                    domainName: undefined,
                    hostedZoneId: undefined,
                    priceClass: "PriceClass_100",
                    spaFallback: false,
                    webAclArn: undefined,
                    logRetentionDays: 365,
                },
            };
            assert.deepEqual(parseStackConfig(REQUIRED, []), expected);
        });

        it("lets a stack value override each default", () => {
            const config = parseStackConfig(
                rawWith({
                    "lightspeed:vpcCidr": "172.16.0.0/20",
                    "lightspeed:availabilityZones": "4",
                    "lightspeed:natGateways": "Single",
                    "lightspeed:flowLogRetentionDays": "7",
                    "lightspeed:interfaceEndpoints": "[]",
                }),
                [],
            );
            assert.deepEqual(config.network, {
                cidrBlock: "172.16.0.0/20",
                availabilityZoneCount: 4,
                natStrategy: "Single",
                flowLogRetentionDays: 7,
                interfaceEndpoints: [],
            });
        });
    });

    describe("the real stack files", () => {
        it("parses Pulumi.dev.yaml into a small, cheap network", () => {
            const { raw, secretKeys } = stackFileConfig("dev");
            assert.deepEqual(parseStackConfig(raw, secretKeys), {
                environment: "dev",
                protect: false,
                alertEmails: [],
                alertSlack: true,
                teamAccess: true,
                region: "us-east-1",
                network: {
                    cidrBlock: "10.10.0.0/16",
                    availabilityZoneCount: 2,
                    natStrategy: "Single",
                    flowLogRetentionDays: 30,
                    interfaceEndpoints: ["sts", "logs", "ecr.api", "ecr.dkr"],
                },
                logRetentionDays: 30,
                pipeline: {
                    streamMode: "ON_DEMAND",
                    shardCount: undefined,
                    retentionHours: 24,
                    archive: false,
                    archiveTransitionDays: 30,
                },
                notifier: { minEmployees: 50, batchSize: 10 },
                app: {
                    sharedClusterStack: undefined,
                    kubernetesVersion: "1.33",
                    publicAccessCidrs: [],
                    adminRoleArns: [],
                    nodes: {
                        instanceTypes: ["t3.medium", "t3a.medium"],
                        capacityType: "SPOT",
                        minSize: 1,
                        desiredSize: 1,
                        maxSize: 2,
                        diskSizeGb: 30,
                    },
                    repositories: ["web"],
                    imageTag: "0.1.0",
                    replicas: 1,
                    maxReplicas: 2,
                    domainName: "app.dev.lightspeed.example.com",
                    hostedZoneId: "Z0DEV23456789ABCDEFGH",
                    deletionProtection: false,
                    accessLogRetentionDays: 30,
                },
                search: {
                    engineVersion: "OpenSearch_2.17",
                    instanceType: "t3.small.search",
                    instanceCount: 1,
                    availabilityZones: 1,
                    dedicatedMasterCount: 0,
                    dedicatedMasterType: undefined,
                    volumeSizeGb: 10,
                    staleAfterDays: 7,
                },
                reminders: {
                    nodeType: "cache.t4g.micro",
                    replicas: 0,
                    snapshotRetentionDays: 1,
                    authTokenVersion: 1,
                },
                site: {
                    domainName: undefined,
                    hostedZoneId: undefined,
                    priceClass: "PriceClass_100",
                    spaFallback: false,
                    webAclArn: undefined,
                    logRetentionDays: 30,
                },
            });
        });

        it("parses Pulumi.prod.yaml into a zone-redundant network with every endpoint", () => {
            const { raw, secretKeys } = stackFileConfig("prod");
            assert.deepEqual(parseStackConfig(raw, secretKeys), {
                environment: "prod",
                protect: true,
                alertEmails: ["platform-oncall@example.com"],
                alertSlack: true,
                teamAccess: true,
                region: "us-east-1",
                network: {
                    cidrBlock: "10.20.0.0/16",
                    availabilityZoneCount: 3,
                    natStrategy: "OnePerAz",
                    flowLogRetentionDays: 365,
                    interfaceEndpoints: [...secureNetwork.INTERFACE_ENDPOINT_SERVICES],
                },
                logRetentionDays: 365,
                pipeline: {
                    streamMode: "ON_DEMAND",
                    shardCount: undefined,
                    retentionHours: 168,
                    archive: true,
                    archiveTransitionDays: 30,
                },
                notifier: { minEmployees: 250, batchSize: 10 },
                app: {
                    sharedClusterStack: undefined,
                    kubernetesVersion: "1.33",
                    publicAccessCidrs: [],
                    adminRoleArns: [],
                    nodes: {
                        instanceTypes: ["m6i.large", "m7i.large"],
                        capacityType: "ON_DEMAND",
                        minSize: 3,
                        desiredSize: 3,
                        maxSize: 6,
                        diskSizeGb: 80,
                    },
                    repositories: ["web"],
                    imageTag: "1.0.0",
                    replicas: 3,
                    maxReplicas: 6,
                    domainName: "app.lightspeed.example.com",
                    hostedZoneId: "Z0123456789ABCDEFGHIJ",
                    deletionProtection: true,
                    accessLogRetentionDays: 365,
                },
                search: {
                    engineVersion: "OpenSearch_2.17",
                    instanceType: "r6g.large.search",
                    instanceCount: 3,
                    availabilityZones: 3,
                    dedicatedMasterCount: 3,
                    dedicatedMasterType: "m6g.large.search",
                    volumeSizeGb: 100,
                    staleAfterDays: 7,
                },
                reminders: {
                    nodeType: "cache.t4g.small",
                    replicas: 1,
                    snapshotRetentionDays: 7,
                    authTokenVersion: 1,
                },
                site: {
                    domainName: "www.lightspeed.example.com",
                    hostedZoneId: "Z0123456789ABCDEFGHIJ",
                    priceClass: "PriceClass_All",
                    spaFallback: false,
                    webAclArn: undefined,
                    logRetentionDays: 365,
                },
            });
        });

        it("sets the same keys in every stack file, so stacks differ only in values", () => {
            const keys = (stack: string): string[] =>
                Object.keys(stackFileConfig(stack).raw).sort();
            assert.deepEqual(keys("dev"), keys("prod"));
        });
    });

    describe("rejects a bad value with a message naming the key, the value and what is allowed", () => {
        const region = "aws:region";
        const env = "lightspeed:environment";
        const cidr = "lightspeed:vpcCidr";
        const azs = "lightspeed:availabilityZones";
        const nat = "lightspeed:natGateways";
        const days = "lightspeed:flowLogRetentionDays";
        const endpoints = "lightspeed:interfaceEndpoints";
        const envRule =
            "must match ^[a-z][a-z0-9-]{1,19}$ (2 to 20 characters: a lowercase letter, then " +
            "lowercase letters, digits or hyphens)";
        const retention =
            "must be one of CloudWatch Logs' retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, " +
            "150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";
        const endpointNames =
            "kinesis-streams, sts, logs, states, secretsmanager, ecr.api, ecr.dkr, sns";

        const cases: [key: string, value: string | undefined, message: string][] = [
            [
                env,
                undefined,
                "missing required config key lightspeed:environment; " +
                    "set it with: pulumi config set lightspeed:environment <value>",
            ],
            [env, "Dev", `${env} ${envRule}, got "Dev"`],
            [env, "d", `${env} ${envRule}, got "d"`],
            [env, "a".repeat(21), `${env} ${envRule}, got "${"a".repeat(21)}"`],
            [env, "1dev", `${env} ${envRule}, got "1dev"`],
            [env, "dev_1", `${env} ${envRule}, got "dev_1"`],
            [env, "", `${env} ${envRule}, got ""`],
            [
                region,
                undefined,
                "missing required config key aws:region; " +
                    "set it with: pulumi config set aws:region <value>",
            ],
            [
                region,
                "US-EAST-1",
                `${region} must be an AWS region name such as us-east-1, got "US-EAST-1"`,
            ],
            [
                region,
                "useast1",
                `${region} must be an AWS region name such as us-east-1, got "useast1"`,
            ],
            [
                cidr,
                "10.0.0/16",
                `${cidr} must be an IPv4 CIDR block such as 10.0.0.0/16, got "10.0.0/16"`,
            ],
            [
                cidr,
                "10.0.0.0",
                `${cidr} must be an IPv4 CIDR block such as 10.0.0.0/16, got "10.0.0.0"`,
            ],
            [
                cidr,
                "256.0.0.0/16",
                `${cidr} must be an IPv4 CIDR block such as 10.0.0.0/16, got "256.0.0.0/16"`,
            ],
            [
                cidr,
                "010.0.0.0/16",
                `${cidr} must be an IPv4 CIDR block such as 10.0.0.0/16, got "010.0.0.0/16"`,
            ],
            [
                cidr,
                "10.0.0.0/33",
                `${cidr} must be an IPv4 CIDR block such as 10.0.0.0/16, got "10.0.0.0/33"`,
            ],
            [
                cidr,
                "10.0.0.0/8",
                `${cidr} must have a prefix length from /16 to /24, got "10.0.0.0/8"`,
            ],
            [
                cidr,
                "10.0.0.0/25",
                `${cidr} must have a prefix length from /16 to /24, got "10.0.0.0/25"`,
            ],
            [
                cidr,
                "10.0.0.1/16",
                `${cidr} must start at its block's network address (10.0.0.0/16), got "10.0.0.1/16"`,
            ],
            [
                cidr,
                "10.1.2.0/20",
                `${cidr} must start at its block's network address (10.1.0.0/20), got "10.1.2.0/20"`,
            ],
            [azs, "three", `${azs} must be an integer from 2 to 6, got "three"`],
            [azs, "1", `${azs} must be an integer from 2 to 6, got "1"`],
            [azs, "7", `${azs} must be an integer from 2 to 6, got "7"`],
            [azs, "2.5", `${azs} must be an integer from 2 to 6, got "2.5"`],
            [azs, "3.0", `${azs} must be an integer from 2 to 6, got "3.0"`],
            [azs, " 3", `${azs} must be an integer from 2 to 6, got " 3"`],
            [nat, "single", `${nat} must be one of Single, OnePerAz, got "single"`],
            [nat, "None", `${nat} must be one of Single, OnePerAz, got "None"`],
            [days, "10", `${days} ${retention}, got "10"`],
            [days, "0", `${days} ${retention}, got "0"`],
            [days, "thirty", `${days} ${retention}, got "thirty"`],
            [days, "30.0", `${days} ${retention}, got "30.0"`],
            [endpoints, "sts", `${endpoints} must be a list of strings, got "sts"`],
            [
                endpoints,
                '{"sts":true}',
                `${endpoints} must be a list of strings, got "{\\"sts\\":true}"`,
            ],
            [endpoints, "[1]", `${endpoints} must be a list of strings, got "[1]"`],
            [
                endpoints,
                '["s3"]',
                `${endpoints} entries must each be one of ${endpointNames}, got "s3"`,
            ],
            [
                endpoints,
                '["s3","sts","ec2"]',
                `${endpoints} entries must each be one of ${endpointNames}, got "s3", "ec2"`,
            ],
            [
                endpoints,
                '["sts","logs","sts"]',
                `${endpoints} must not list an entry twice, got "sts" twice`,
            ],
            ["lightspeed:protect", "yes", 'lightspeed:protect must be true or false, got "yes"'],
            [
                "lightspeed:appPublicAccessCidrs",
                '["0.0.0.0/0"]',
                'lightspeed:appPublicAccessCidrs entries must each be an IPv4 CIDR narrower than /0, got "0.0.0.0/0"',
            ],
            [
                "lightspeed:appPublicAccessCidrs",
                '["0.0.0.0/1","128.0.0.0/1"]',
                'lightspeed:appPublicAccessCidrs must together cover fewer addresses than a /8 (16777216); these cover 4294967296, which opens the endpoint to the internet, got "[\\"0.0.0.0/1\\",\\"128.0.0.0/1\\"]"',
            ],
            [
                "lightspeed:reminderCacheReplicas",
                "6",
                'lightspeed:reminderCacheReplicas must be an integer from 0 to 5, got "6"',
            ],
            [
                "lightspeed:pipelineRetentionHours",
                "12",
                'lightspeed:pipelineRetentionHours must be an integer from 24 to 8760, got "12"',
            ],
            [
                "lightspeed:pipelineStreamMode",
                "on-demand",
                'lightspeed:pipelineStreamMode must be one of ON_DEMAND, PROVISIONED, got "on-demand"',
            ],
            [
                "lightspeed:notifierBatchSize",
                "500",
                'lightspeed:notifierBatchSize must be an integer from 1 to 100, got "500"',
            ],
            [
                "lightspeed:logRetentionDays",
                "10",
                'lightspeed:logRetentionDays must be one of CloudWatch Logs\' retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got "10"',
            ],
            [
                "lightspeed:alertEmails",
                '"ops@example.com"',
                'lightspeed:alertEmails must be a list of e-mail addresses, got "\\"ops@example.com\\""',
            ],
            [
                "lightspeed:alertEmails",
                '["ops@example.com","oncall"]',
                'lightspeed:alertEmails entries must each be an e-mail address, got "oncall"',
            ],
            [
                "lightspeed:alertEmails",
                '["ops@example.com","OPS@example.com"]',
                'lightspeed:alertEmails must not list an address twice, got "OPS@example.com"',
            ],
        ];

        for (const [key, value, message] of cases) {
            const what = value === undefined ? "missing" : JSON.stringify(value);
            it(`${key} ${what}`, () => {
                assert.deepEqual(problemsOf(rawWith({ [key]: value })), [message]);
            });
        }
    });

    describe("accepts the edges of each rule", () => {
        const cases: [
            key: string,
            value: string,
            pick: (c: StackConfig) => unknown,
            want: unknown,
        ][] = [
            ["lightspeed:environment", "dv", (c) => c.environment, "dv"],
            [
                "lightspeed:environment",
                `a${"-1".repeat(9)}9`,
                (c) => c.environment,
                `a${"-1".repeat(9)}9`,
            ],
            ["aws:region", "us-gov-west-1", (c) => c.region, "us-gov-west-1"],
            ["lightspeed:vpcCidr", "172.16.0.0/16", (c) => c.network.cidrBlock, "172.16.0.0/16"],
            ["lightspeed:vpcCidr", "192.168.4.0/24", (c) => c.network.cidrBlock, "192.168.4.0/24"],
            ["lightspeed:availabilityZones", "2", (c) => c.network.availabilityZoneCount, 2],
            ["lightspeed:availabilityZones", "6", (c) => c.network.availabilityZoneCount, 6],
            ["lightspeed:flowLogRetentionDays", "1", (c) => c.network.flowLogRetentionDays, 1],
            [
                "lightspeed:flowLogRetentionDays",
                "3653",
                (c) => c.network.flowLogRetentionDays,
                3653,
            ],
            [
                "lightspeed:interfaceEndpoints",
                '["logs"]',
                (c) => c.network.interfaceEndpoints,
                ["logs"],
            ],
        ];
        for (const [key, value, pick, want] of cases) {
            it(`${key} ${JSON.stringify(value)}`, () => {
                // A one-zone search domain fits any VPC, so only `key` decides here.
                const raw = rawWith({ ...ONE_ZONE_SEARCH, [key]: value });
                assert.deepEqual(pick(parseStackConfig(raw, [])), want);
            });
        }

        it("passes the shard count on only for a PROVISIONED stream", () => {
            const provisioned = parseStackConfig(
                rawWith({
                    "lightspeed:pipelineStreamMode": "PROVISIONED",
                    "lightspeed:pipelineShardCount": "4",
                }),
                [],
            );
            assert.equal(provisioned.pipeline.shardCount, 4);
            const onDemand = parseStackConfig(
                rawWith({ "lightspeed:pipelineShardCount": "4" }),
                [],
            );
            assert.equal(onDemand.pipeline.shardCount, undefined);
        });
    });

    describe("rejects inconsistent combinations, naming both keys", () => {
        const tooSmall = (cidr: string, zones: number, publicPrefix: number): string =>
            `lightspeed:vpcCidr ${cidr} is too small for lightspeed:availabilityZones ${zones}: ` +
            `each public subnet would be /${publicPrefix}, and AWS subnets must be /28 or larger`;
        const cases: [what: string, changes: Record<string, string>, problems: string[]][] = [
            [
                "node group sizes out of order",
                { "lightspeed:appNodeMinSize": "3", "lightspeed:appNodeDesiredSize": "2" },
                [
                    "lightspeed:appNodeMinSize 3, lightspeed:appNodeDesiredSize 2 and lightspeed:appNodeMaxSize 4 must be in order: min <= desired <= max",
                ],
            ],
            [
                "search nodes not a multiple of its zones",
                { "lightspeed:searchInstanceCount": "4" },
                [
                    "lightspeed:searchInstanceCount 4 must be a multiple of lightspeed:searchAvailabilityZones 3, so every zone holds the same nodes",
                ],
            ],
            [
                "more search zones than the VPC has",
                { "lightspeed:availabilityZones": "2" },
                [
                    "lightspeed:searchAvailabilityZones 3 exceeds lightspeed:availabilityZones 2: the search domain can only use the VPC's zones",
                ],
            ],
            [
                "a dedicated master type without masters",
                { "lightspeed:searchDedicatedMasterCount": "0" },
                [
                    'lightspeed:searchDedicatedMasterType must be empty exactly when lightspeed:searchDedicatedMasterCount is 0, got "m6g.large.search" with 0',
                ],
            ],
            [
                "fewer max replicas than replicas",
                { "lightspeed:appReplicas": "5", "lightspeed:appMaxReplicas": "4" },
                ["lightspeed:appMaxReplicas 4 must be at least lightspeed:appReplicas 5"],
            ],
            [
                "a site domain without its hosted zone",
                { "lightspeed:siteDomainName": "www.example.com" },
                [
                    "lightspeed:siteDomainName and lightspeed:siteHostedZoneId go together: set both or neither",
                ],
            ],
            [
                "a hosted zone without a site domain",
                { "lightspeed:siteHostedZoneId": "Z0123456789ABCDEFGHIJ" },
                [
                    "lightspeed:siteDomainName and lightspeed:siteHostedZoneId go together: set both or neither",
                ],
            ],
            [
                "a /24 VPC for 5 zones",
                { "lightspeed:vpcCidr": "10.0.0.0/24", "lightspeed:availabilityZones": "5" },
                [tooSmall("10.0.0.0/24", 5, 29)],
            ],
            [
                "a /24 VPC for 6 zones",
                { "lightspeed:vpcCidr": "10.0.0.0/24", "lightspeed:availabilityZones": "6" },
                [tooSmall("10.0.0.0/24", 6, 29)],
            ],
            [
                "ecr.dkr without ecr.api",
                { "lightspeed:interfaceEndpoints": '["sts","ecr.dkr"]' },
                [
                    'lightspeed:interfaceEndpoints has "ecr.dkr" without "ecr.api": pulling an ' +
                        'image from ECR needs both; add "ecr.api" or remove "ecr.dkr"',
                ],
            ],
            [
                "ecr.api without ecr.dkr",
                { "lightspeed:interfaceEndpoints": '["ecr.api"]' },
                [
                    'lightspeed:interfaceEndpoints has "ecr.api" without "ecr.dkr": pulling an ' +
                        'image from ECR needs both; add "ecr.dkr" or remove "ecr.api"',
                ],
            ],
        ];
        for (const [what, changes, problems] of cases) {
            it(what, () => assert.deepEqual(problemsOf(rawWith(changes)), problems));
        }

        it("accepts the smallest block that fits: /24 for 2 to 4 zones, /23 for 5 or 6", () => {
            for (const [cidr, zones] of [
                ["10.0.0.0/24", "2"],
                ["10.0.0.0/24", "3"],
                ["10.0.0.0/24", "4"],
                ["10.0.0.0/23", "5"],
                ["10.0.0.0/23", "6"],
            ]) {
                const raw = rawWith({
                    ...ONE_ZONE_SEARCH,
                    "lightspeed:vpcCidr": cidr,
                    "lightspeed:availabilityZones": zones,
                });
                assert.equal(parseStackConfig(raw, []).network.cidrBlock, cidr);
            }
        });

        it("skips a combination rule when one of its keys is already invalid", () => {
            const raw = rawWith({
                "lightspeed:vpcCidr": "10.0.0.0/24",
                "lightspeed:availabilityZones": "9",
            });
            assert.deepEqual(problemsOf(raw), [
                'lightspeed:availabilityZones must be an integer from 2 to 6, got "9"',
            ]);
        });
    });

    describe("unknown keys", () => {
        // Every key of the table, in table order.
        const known = Object.keys(PROJECT_CONFIG)
            .map((k) => `lightspeed:${k}`)
            .join(", ");
        const cases: [key: string, message: string][] = [
            [
                "lightspeed:vpcCdir",
                "unknown config key lightspeed:vpcCdir (did you mean lightspeed:vpcCidr?)",
            ],
            [
                "lightspeed:VpcCidr",
                "unknown config key lightspeed:VpcCidr (did you mean lightspeed:vpcCidr?)",
            ],
            [
                "lightspeed:availabilityZone",
                "unknown config key lightspeed:availabilityZone (did you mean lightspeed:availabilityZones?)",
            ],
            [
                "lightspeed:natGateway",
                "unknown config key lightspeed:natGateway (did you mean lightspeed:natGateways?)",
            ],
            [
                "lightspeed:enviroment",
                "unknown config key lightspeed:enviroment (did you mean lightspeed:environment?)",
            ],
            [
                "lightspeed:flowLogRetention",
                "unknown config key lightspeed:flowLogRetention (did you mean lightspeed:flowLogRetentionDays?)",
            ],
            ["lightspeed:foo", "unknown config key lightspeed:foo (known keys: " + known + ")"],
        ];
        for (const [key, message] of cases) {
            it(`reports ${key}`, () => {
                assert.deepEqual(problemsOf(rawWith({ [key]: "10.0.0.0/16" })), [message]);
            });
        }

        it("leaves other namespaces alone: provider and Pulumi settings are not this table's", () => {
            const raw = rawWith({ "aws:profile": "ops", "pulumi:template": "aws-typescript" });
            assert.equal(parseStackConfig(raw, []).region, "us-east-1");
        });
    });

    describe("reports every problem at once", () => {
        it("one problem per line: keys in table order, then unknown keys, then combinations", () => {
            const raw = rawWith({
                "aws:region": undefined,
                "lightspeed:environment": "Prod",
                "lightspeed:vpcCidr": "10.0.0.0/24",
                "lightspeed:availabilityZones": "6",
                "lightspeed:natGateways": "one",
                "lightspeed:interfaceEndpoints": '["ecr.api"]',
                "lightspeed:vpcCdir": "10.0.0.0/16",
            });
            const expected = [
                "lightspeed:environment must match ^[a-z][a-z0-9-]{1,19}$ (2 to 20 characters: a " +
                    'lowercase letter, then lowercase letters, digits or hyphens), got "Prod"',
                'lightspeed:natGateways must be one of Single, OnePerAz, got "one"',
                "missing required config key aws:region; set it with: pulumi config set aws:region <value>",
                "unknown config key lightspeed:vpcCdir (did you mean lightspeed:vpcCidr?)",
                "lightspeed:vpcCidr 10.0.0.0/24 is too small for lightspeed:availabilityZones 6: " +
                    "each public subnet would be /29, and AWS subnets must be /28 or larger",
                'lightspeed:interfaceEndpoints has "ecr.api" without "ecr.dkr": pulling an image ' +
                    'from ECR needs both; add "ecr.dkr" or remove "ecr.api"',
            ];
            assert.throws(
                () => parseStackConfig(raw, []),
                (err: unknown) => {
                    assert.ok(err instanceof ConfigError);
                    assert.deepEqual(err.problems, expected);
                    assert.equal(err.message, expected.join("\n"));
                    return true;
                },
            );
        });

        it("throws a pulumi RunError, so the CLI prints the problems without a stack trace", () => {
            assert.throws(
                () => parseStackConfig({}, []),
                (err: unknown) => pulumi.RunError.isInstance(err),
            );
        });
    });

    describe("secrets", () => {
        const echo = (text: string): Decoded<string> => ({ ok: true, value: text });
        const token: ConfigKeySpec<string, true> = {
            type: "string",
            description: "An API token.",
            secret: true,
            decode: (text) =>
                text.startsWith("tok-")
                    ? echo(text)
                    : { ok: false, expected: "must start with tok-" },
        };
        const table = {
            token,
            name: { type: "string", description: "A name.", decode: echo },
        } as const;
        const read = (raw: Record<string, string>, secretKeys: string[]) =>
            readConfigTable("test", table, { "test:name": "n", ...raw }, secretKeys);

        it("returns a secret key's value as a secret Output", async () => {
            const { values, problems } = read({ "test:token": "tok-123" }, ["test:token"]);
            assert.deepEqual(problems, []);
            assert.ok(pulumi.Output.isInstance(values.token));
            assert.equal(await pulumi.isSecret(values.token), true);
            assert.equal(await valueOf(values.token), "tok-123");
            assert.equal(values.name, "n");
        });

        it("rejects a secret key given in plain text, without echoing it", () => {
            assert.deepEqual(read({ "test:token": "tok-123" }, []).problems, [
                "test:token is a secret but the stack gives it in plain text; " +
                    "set it with: pulumi config set --secret test:token <value>",
            ]);
        });

        it("never echoes a bad secret value", () => {
            assert.deepEqual(read({ "test:token": "hunter2" }, ["test:token"]).problems, [
                "test:token must start with tok-, got [secret]",
            ]);
        });

        it("asks for a missing secret with --secret", () => {
            assert.deepEqual(read({}, []).problems, [
                "missing required config key test:token; " +
                    "set it with: pulumi config set --secret test:token <value>",
            ]);
        });

        it("rejects a plain key given encrypted, whose value would leave the program unmasked", () => {
            const raw = rawWith({ "lightspeed:vpcCidr": "10.0.0.0/16" });
            assert.deepEqual(problemsOf(raw, ["lightspeed:vpcCidr"]), [
                "lightspeed:vpcCidr is not a secret but the stack gives it encrypted; " +
                    "set it in plain text with: pulumi config set lightspeed:vpcCidr <value>",
            ]);
        });
    });

    describe("loadStackConfig", () => {
        afterEach(() => pulumi.runtime.setAllConfig({}, []));

        it("reads the running program's config", () => {
            const { raw, secretKeys } = stackFileConfig("prod");
            pulumi.runtime.setAllConfig(raw, secretKeys);
            assert.deepEqual(loadStackConfig(), parseStackConfig(raw, secretKeys));
        });

        it("learns which keys are secret from the runtime", () => {
            pulumi.runtime.setAllConfig(rawWith({ "lightspeed:vpcCidr": "10.0.0.0/16" }), [
                "lightspeed:vpcCidr",
            ]);
            assert.throws(() => loadStackConfig(), {
                name: "ConfigError",
                message:
                    "lightspeed:vpcCidr is not a secret but the stack gives it encrypted; " +
                    "set it in plain text with: pulumi config set lightspeed:vpcCidr <value>",
            });
        });
    });

    describe("Pulumi.yaml", () => {
        const project = yaml.load(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as {
            name: string;
            main: string;
            runtime: { name: string; options: Record<string, unknown> };
            config: Record<string, unknown>;
        };

        it("declares exactly the table's keys, types, items, descriptions and defaults", () => {
            assert.deepEqual(project.config, projectConfigSchema());
        });

        it("declares every key the stack files set in the project's namespace", () => {
            const declared = Object.keys(project.config).map((k) => `${PROJECT}:${k}`);
            for (const stack of ["dev", "prod"]) {
                const own = Object.keys(stackFileConfig(stack).raw).filter((k) =>
                    k.startsWith(`${PROJECT}:`),
                );
                assert.deepEqual(
                    own.filter((k) => !declared.includes(k)),
                    [],
                    stack,
                );
            }
        });

        it("runs stacks/index.ts with TypeScript, transpile-only, as project lightspeed", () => {
            assert.equal(project.name, PROJECT);
            // No main: the root is the working directory and package.json's main the entry.
            assert.equal(project.main, undefined);
            const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
            assert.equal(pkg.main, "stacks/index.ts");
            assert.ok(fs.existsSync(path.join(repoRoot, pkg.main)));
            assert.deepEqual(project.runtime, {
                name: "nodejs",
                options: {
                    typescript: true,
                    tsconfig: "tsconfig.pulumi.json",
                    packagemanager: "npm",
                },
            });
        });
    });

    describe("agreement with SecureNetwork", () => {
        // The network keys take their values, defaults and subnet rule from the component; these
        // check that what the stack accepts and yields is what the component accepts and uses.
        const accepts = (run: () => unknown): boolean => {
            try {
                run();
                return true;
            } catch {
                return false;
            }
        };

        it("accepts a vpcCidr and availabilityZones pair exactly when SecureNetwork does", () => {
            const { VPC_PREFIX_RANGE: prefixes, AVAILABILITY_ZONE_RANGE: zones } = secureNetwork;
            for (let prefix = prefixes.min; prefix <= prefixes.max; prefix++) {
                for (let azs = zones.min; azs <= zones.max; azs++) {
                    const cidrBlock = `10.0.0.0/${prefix}`;
                    const raw = rawWith({
                        ...ONE_ZONE_SEARCH,
                        "lightspeed:vpcCidr": cidrBlock,
                        "lightspeed:availabilityZones": String(azs),
                    });
                    const stackAccepts = accepts(() => parseStackConfig(raw, []));
                    const componentAccepts = accepts(() =>
                        secureNetwork.validateSecureNetworkArgs("net", {
                            region: "us-east-1",
                            cidrBlock,
                            availabilityZoneCount: azs,
                        }),
                    );
                    assert.equal(stackAccepts, componentAccepts, `${cidrBlock}, ${azs} zones`);
                }
            }
        });

        it("defaults each network key (and protect) to the component's own default", () => {
            const parsed = parseStackConfig(REQUIRED, []);
            const config = parsed.network;
            const { protect, ...defaults } = secureNetwork.SECURE_NETWORK_DEFAULTS;
            assert.deepEqual(
                { ...config, interfaceEndpoints: [...config.interfaceEndpoints] },
                { ...defaults, interfaceEndpoints: [...defaults.interfaceEndpoints] },
            );
            assert.equal(parsed.protect, protect);
        });
    });

    describe("the one reader of config", () => {
        it("no other file under stacks/ or components/ reads Pulumi config or the stack name", () => {
            const readers = /\bpulumi\.(Config\b|runtime\.(allConfig|getConfig)\b|getStack\b)/;
            const offenders: string[] = [];
            const walk = (dir: string): void => {
                if (!fs.existsSync(dir)) return;
                for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                    const file = path.join(dir, entry.name);
                    if (entry.isDirectory()) {
                        if (entry.name !== "node_modules") walk(file);
                    } else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
                        const rel = path.relative(repoRoot, file);
                        if (
                            rel !== path.join("stacks", "config.ts") &&
                            readers.test(fs.readFileSync(file, "utf8"))
                        ) {
                            offenders.push(rel);
                        }
                    }
                }
            };
            walk(path.join(repoRoot, "stacks"));
            walk(path.join(repoRoot, "components"));
            assert.deepEqual(offenders, []);
        });
    });
});
