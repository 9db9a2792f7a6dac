/**
 * The least-privilege IAM rules of lightspeed-guard: the document parser and matchers of
 * policy/lib/iam.ts table by table, then every rule through the real gate, each from a compliant
 * program and one mutation per unsafe form.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { deprecatedType, violationsOf } from "../helpers/policy";

/** `aws.s3.BucketV2` (deprecated), as a program that still uses it registers it. */
const BucketV2 = deprecatedType<aws.s3.BucketV2Args>("aws:s3/bucketV2:BucketV2");
import { UNKNOWN } from "../helpers/plan";
import {
    actionMatches,
    escalationsIn,
    findDocuments,
    forbiddenManagedPolicy,
    isAnyResource,
    isServicePrincipal,
    isWildcardAction,
    parseDocument,
    patternsOverlap,
    globMatches,
    isAnyResourceOnlyAction,
    isSpecificConditionValue,
    restrictsKey,
    Statement,
    typesWithDocuments,
} from "../../policy/lib/iam";
import { loadIamCatalog } from "../../policy/lib/iam-catalog";

const ACCOUNT = "123456789012";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const GITHUB = "token.actions.githubusercontent.com";
const GITHUB_PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB}`;

type Stmt = aws.iam.PolicyStatement;

/** A policy document from statements. */
function doc(...statements: Stmt[]): aws.iam.PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

function allow(
    Action: Stmt["Action"],
    Resource: Stmt["Resource"],
    extra: Partial<Stmt> = {},
): Stmt {
    return { Effect: "Allow", Action, Resource, ...extra };
}

let sources = 0;

/** A value unknown during preview, derived from a queue the program creates. */
function unknownOf<T>(value: T): pulumi.Output<T> {
    return new aws.sqs.Queue(`source-${sources++}`).arn.apply(() => value);
}

/** A role policy on a fixed role, the usual carrier of an identity document. */
function rolePolicy(name: string, policy: pulumi.Input<string | aws.iam.PolicyDocument>) {
    return new aws.iam.RolePolicy(name, { role: "workload", policy });
}

const serviceTrust = doc({
    Effect: "Allow",
    Principal: { Service: "lambda.amazonaws.com" },
    Action: "sts:AssumeRole",
});

// --- The library, table by table ---------------------------------------------------------------

describe("policy/lib/iam", () => {
    before(() => loadIamCatalog());

    it("matches actions as IAM does: wildcards, ?, any case", () => {
        const cases: [string, string, boolean][] = [
            ["s3:GetObject", "s3:GetObject", true],
            ["s3:getobject", "S3:GetObject", true],
            ["s3:Get*", "s3:GetObject", true],
            ["s3:Get*", "s3:PutObject", false],
            ["iam:Put*Policy", "iam:PutRolePolicy", true],
            ["iam:Put*Policy", "iam:PutRolePermissionsBoundary", false],
            ["s3:GetObjec?", "s3:GetObject", true],
            ["*", "kms:Decrypt", true],
            ["s3.amazonaws.com", "s3xamazonaws.com", false],
        ];
        for (const [pattern, action, expected] of cases) {
            assert.equal(actionMatches(pattern, action), expected, `${pattern} ~ ${action}`);
        }
    });

    it("tells when two action patterns share an action", () => {
        const cases: [string, string, boolean][] = [
            ["iam:Put*", "iam:Put*Policy", true],
            ["iam:*", "iam:PassRole", true],
            ["*", "sts:AssumeRole", true],
            ["iam:P*", "iam:PassRole", true],
            ["iam:Attach*", "iam:Attach*Policy", true],
            ["iam:*Policy", "iam:Attach*Policy", true],
            ["IAM:PASSROLE", "iam:PassRole", true],
            ["iam:Pa?sRole", "iam:PassRole", true],
            ["s3:Get*", "iam:PassRole", false],
            ["iam:Put*", "iam:PassRole", false],
            ["iam:List*", "iam:Put*Policy", false],
            ["iam:*Role", "iam:Put*Policy", false],
            ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRole", false],
        ];
        for (const [a, b, expected] of cases) {
            assert.equal(patternsOverlap(a, b), expected, `${a} & ${b}`);
            assert.equal(patternsOverlap(b, a), expected, `${b} & ${a}`);
        }
    });

    it("calls a whole service or every service a wildcard action, not a partial wildcard", () => {
        const cases: [string, boolean][] = [
            ["*", true],
            ["**", true],
            ["*:*", true],
            ["s3:*", true],
            ["iam:*", true],
            ["*:GetObject", true],
            [" s3:* ", true],
            ["s3:Get*", false],
            ["s3:GetObject", false],
            ["s3:*Object", false],
            // Not spelled as all stars: expanded against AWS's action list.
            ["s3:?*", true],
            ["S3:*", true],
            ["s3:??*", true],
            ["*3:GetObject", true],
            ["s?s:SendMessage", true],
            ["kms:*e*", false],
            ["iam:*Role*", false],
            ["ec2:Describe*", false],
            // A service AWS does not list yet: its action part decides.
            ["newservice:*", true],
            ["newservice:?*", true],
            ["newservice:Get*", false],
            ["", false],
        ];
        for (const [action, expected] of cases) {
            assert.equal(isWildcardAction(action), expected, action);
        }
    });

    it("calls * and any-account wildcard ARNs every resource, not scoped ARNs or references", () => {
        const cases: [string, boolean][] = [
            ["*", true],
            ["arn:aws:*:*:*:*", true],
            ["arn:*:*:*:*:*", true],
            ["arn:aws:s3:::*", true],
            ["arn:aws:s3:::*/*", true],
            ["arn:aws:sqs:*:*:*", true],
            ["arn:aws:sqs:us-east-1:*:*", true],
            ["arn:aws:sqs:us-east-1:123456789012:*", false],
            ["arn:aws:iam::*:role/*", true],
            ["arn:aws:s3:::my-bucket/*", false],
            ["arn:aws:logs:us-east-1:123456789012:log-group:*", false],
            [UNKNOWN, false],
            // Not spelled as all stars: every resource of one type, in every account.
            ["arn:aws:s3:::?*/*", true],
            ["arn:aws:s3:::??*", true],
            ["arn:aws:secretsmanager:*:*:secret:*", true],
            ["arn:aws:secretsmanager:us-east-1:????????????:secret:?*", true],
            ["arn:aws:secretsmanager:us-east-1:*:secret:app/*", false],
            ["arn:aws:secretsmanager:us-east-1:123456789012:secret:*", false],
            ["arn:aws:dynamodb:*:*:table/*", true],
            ["arn:aws:dynamodb:*:*:table/orders", false],
            ["arn:aws:iam::*:role/app-*", false],
            ["arn:aws:s3:::*data*", false],
            ["arn:*", true],
            ["arn:aws:s3", true],
            ["arn:aws:newservice:*:*:*", true],
            ["a*", true],
            ["bucket", false],
        ];
        for (const [resource, expected] of cases) {
            assert.equal(isAnyResource(resource), expected, resource);
        }
    });

    it("calls every resource of a type in one account every resource when the scope is one account", () => {
        const cases: [string, boolean][] = [
            [`arn:aws:iam::${ACCOUNT}:role/*`, true],
            [`arn:aws:iam::${ACCOUNT}:role/?*`, true],
            [`arn:aws:iam::${ACCOUNT}:role/app/*`, false],
            [`arn:aws:iam::${ACCOUNT}:role/app-worker`, false],
            [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:*`, true],
            [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders-*`, false],
        ];
        for (const [resource, expected] of cases) {
            assert.equal(isAnyResource(resource, "one-account"), expected, resource);
            if (expected) assert.equal(isAnyResource(resource), false, `${resource} (any account)`);
        }
    });

    it("matches IAM wildcards without backtracking blow-ups", () => {
        const cases: [string, string, boolean][] = [
            ["a*b?d", "axxbcd", true],
            ["a*b?d", "abd", false],
            ["*", "", true],
            ["?", "", false],
            ["**a", "bba", true],
            ["*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(5000), false],
        ];
        for (const [pattern, value, expected] of cases) {
            assert.equal(
                globMatches(pattern, value),
                expected,
                `${pattern} ~ ${value.slice(0, 20)}`,
            );
        }
        assert.equal(globMatches("Role/*", "role/x", false), false);
    });

    it("allows on * only actions AWS ties to no resource, Describe calls and the named table", () => {
        const cases: [string, boolean][] = [
            ["ec2:DescribeInstances", true],
            ["ec2:Describe*", true],
            ["xray:PutTraceSegments", true],
            ["xray:Put*", true],
            ["sts:GetCallerIdentity", true],
            ["ec2:CreateNetworkInterface", true],
            ["cloudwatch:PutMetricData", true],
            ["ec2:*", false],
            ["ec2:Create*", false],
            ["s3:List*", false],
            ["s3:GetObject", false],
            ["newservice:DescribeThings", false],
        ];
        for (const [action, expected] of cases) {
            assert.equal(isAnyResourceOnlyAction(action), expected, action);
        }
    });

    it("names the privilege escalations a granted action includes", () => {
        assert.deepEqual(escalationsIn("iam:PassRole"), ["iam:PassRole"]);
        assert.deepEqual(escalationsIn("iam:PutUserPolicy"), ["iam:Put*Policy"]);
        assert.deepEqual(escalationsIn("iam:P*"), [
            "iam:PassRole",
            "iam:Put*Policy",
            "iam:Put*PermissionsBoundary",
        ]);
        assert.deepEqual(escalationsIn("sts:*"), ["sts:AssumeRole"]);
        assert.deepEqual(escalationsIn("lambda:Update*"), [
            "lambda:UpdateFunctionCode",
            "lambda:UpdateFunctionConfiguration",
        ]);
        assert.deepEqual(escalationsIn("iam:Put*"), [
            "iam:Put*Policy",
            "iam:Put*PermissionsBoundary",
        ]);
        assert.deepEqual(escalationsIn("iam:GetRole"), []);
        assert.deepEqual(escalationsIn("sts:AssumeRoleWithWebIdentity"), []);
        assert.equal(escalationsIn("*").length, 15);
    });

    it("forbids admin, power-user and *FullAccess AWS-managed policies in any partition", () => {
        const cases: [string, string | undefined][] = [
            [
                "arn:aws:iam::aws:policy/AdministratorAccess",
                "AdministratorAccess (every action on every resource)",
            ],
            [
                "arn:aws:iam::aws:policy/AdministratorAccess-Amplify",
                "AdministratorAccess-Amplify (every action on every resource)",
            ],
            [
                "arn:aws-cn:iam::aws:policy/PowerUserAccess",
                "PowerUserAccess (every action outside IAM and Organizations)",
            ],
            [
                "arn:aws-us-gov:iam::aws:policy/IAMFullAccess",
                "IAMFullAccess (every action of the service)",
            ],
            [
                "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess_v2",
                "AmazonDynamoDBFullAccess_v2 (every action of the service)",
            ],
            [
                "arn:aws:iam::aws:policy/job-function/SystemAdministrator",
                "job-function/SystemAdministrator (administration of a whole domain)",
            ],
            // Spelt in another case: the same policy to a case-insensitive reader.
            [
                "ARN:AWS:IAM::AWS:POLICY/administratoraccess",
                "administratoraccess (every action on every resource)",
            ],
            ["arn:aws:iam::aws:policy/ReadOnlyAccess", undefined],
            ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", undefined],
            ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", undefined],
            ["arn:aws:iam::aws:policy/AWSAuditManagerAdministratorAccess", undefined],
            [`arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess`, undefined],
            [UNKNOWN, undefined],
        ];
        for (const [arn, expected] of cases) {
            assert.equal(forbiddenManagedPolicy(arn), expected, arn);
        }
    });

    it("recognizes AWS service principals", () => {
        assert.equal(isServicePrincipal("events.amazonaws.com"), true);
        assert.equal(isServicePrincipal("logs.us-east-1.amazonaws.com"), true);
        assert.equal(isServicePrincipal("s3.amazonaws.com.cn"), true);
        assert.equal(isServicePrincipal(ACCOUNT), false);
        assert.equal(isServicePrincipal(`arn:aws:iam::${ACCOUNT}:role/caller`), false);
        assert.equal(isServicePrincipal("alexa-appkit.amazon.com"), false);
    });

    it("finds documents by type, including each Role inline policy", () => {
        const found = findDocuments("aws:iam/role:Role", {
            assumeRolePolicy: "{}",
            inlinePolicies: [{ name: "a", policy: "{}" }, {}, { name: "c", policy: UNKNOWN }],
        });
        assert.deepEqual(
            found.map((d) => [d.path, d.location.kind, d.value]),
            [
                ["assumeRolePolicy", "trust", "{}"],
                ["inlinePolicies[0].policy", "identity", "{}"],
                ["inlinePolicies[2].policy", "identity", UNKNOWN],
            ],
        );
        assert.deepEqual(
            findDocuments(
                "aws:iam/role:Role",
                { assumeRolePolicy: "{}", inlinePolicies: UNKNOWN },
                ["identity"],
            ).map((d) => d.path),
            ["inlinePolicies"],
        );
        assert.deepEqual(findDocuments("aws:sqs/queue:Queue", { policy: "" }), []);
        assert.deepEqual(findDocuments("aws:s3/bucketAcl:BucketAcl", { policy: "{}" }), []);
        assert.ok(typesWithDocuments("identity").includes("aws:iam/rolePolicy:RolePolicy"));
        assert.ok(!typesWithDocuments("identity").includes("aws:sqs/queuePolicy:QueuePolicy"));
    });

    it("parses a JSON string and the object form to the same statements", () => {
        const statement = {
            Sid: "Send",
            Effect: "Allow",
            Action: "sqs:SendMessage",
            Resource: ["arn:aws:sqs:us-east-1:123456789012:q", UNKNOWN],
            Principal: { AWS: [ROOT, UNKNOWN], Service: "sns.amazonaws.com" },
            Condition: { ArnEquals: { "aws:SourceArn": UNKNOWN } },
        };
        const location = findDocuments("aws:sqs/queuePolicy:QueuePolicy", { policy: "{}" })[0]
            .location;
        const expected: Statement = {
            label: 'Statement (Sid "Send")',
            sid: "Send",
            effect: "Allow",
            actions: ["sqs:SendMessage"],
            notActions: [],
            hasNotAction: false,
            resources: ["arn:aws:sqs:us-east-1:123456789012:q", UNKNOWN],
            hasNotResource: false,
            principals: [
                { type: "AWS", value: ROOT },
                { type: "AWS", value: UNKNOWN },
                { type: "Service", value: "sns.amazonaws.com" },
            ],
            notPrincipals: undefined,
            conditionsReadable: true,
            conditions: [{ operator: "ArnEquals", key: "aws:SourceArn", values: [UNKNOWN] }],
        };
        for (const value of [{ Statement: statement }, JSON.stringify({ Statement: statement })]) {
            const parsed = parseDocument({ path: "policy", location, value });
            assert.deepEqual(parsed.statements, [expected]);
            assert.deepEqual(
                [parsed.unreadable, parsed.unknownParts, parsed.malformed],
                [false, [], []],
            );
        }
    });

    it("reports unknown and malformed parts by path and keeps what it can read", () => {
        const location = findDocuments("aws:iam/policy:Policy", { policy: "{}" })[0].location;
        const parse = (value: unknown) => parseDocument({ path: "policy", location, value });
        const parts = (value: unknown) => {
            const d = parse(value);
            return [d.unreadable, d.unknownParts, d.malformed];
        };
        assert.deepEqual(parts(UNKNOWN), [true, [""], []]);
        assert.deepEqual(parts("{not json"), [true, [], ["is not valid JSON"]]);
        assert.deepEqual(parts("[]"), [
            true,
            [],
            ["is not a policy document (an object with a Statement list)"],
        ]);
        assert.deepEqual(parts({}), [false, [], []]);
        assert.deepEqual(parts({ Statement: UNKNOWN }), [true, ["Statement"], []]);
        assert.deepEqual(parts({ Statement: "x" }), [
            true,
            [],
            ["Statement must be an object or a list of objects"],
        ]);
        const mixed = parse({
            Statement: [
                UNKNOWN,
                {
                    Effect: UNKNOWN,
                    Action: ["s3:GetObject", UNKNOWN],
                    NotAction: UNKNOWN,
                    Principal: UNKNOWN,
                    Resource: UNKNOWN,
                    Condition: { StringEquals: UNKNOWN, ArnLike: { "aws:SourceArn": UNKNOWN } },
                },
                { Effect: "allow", Action: 3, Principal: "arn:aws:iam::1:root", Condition: [] },
            ],
        });
        assert.deepEqual(mixed.unknownParts, [
            "Statement[0]",
            "Statement[1].Effect",
            "Statement[1].Action[1]",
            "Statement[1].NotAction",
            "Statement[1].Principal",
            "Statement[1].Condition.StringEquals",
        ]);
        assert.deepEqual(mixed.malformed, [
            'Statement[2].Effect must be "Allow" or "Deny", got "allow"',
            "Statement[2].Action must be a string, got 3",
            'Statement[2].Principal must be "*" or an object such as { AWS: ... } or { Service: ... }, got "arn:aws:iam::1:root"',
            "Statement[2].Condition must be an object of operators",
        ]);
        const [second] = mixed.statements;
        assert.deepEqual(
            [second.effect, second.actions, second.hasNotAction, second.resources],
            [undefined, ["s3:GetObject"], true, [UNKNOWN]],
        );
        assert.equal(second.conditionsReadable, false);
    });

    it("counts a condition key restricted only by positive operators and specific values", () => {
        const statementWith = (Condition: Record<string, unknown>): Statement =>
            parseDocument({
                path: "policy",
                location: { path: "policy", kind: "resource", acceptsObject: true },
                value: { Statement: { Effect: "Allow", Condition } },
            }).statements[0];
        const cases: [Record<string, unknown>, boolean][] = [
            [{ StringEquals: { "aws:SourceAccount": ACCOUNT } }, true],
            [{ StringEquals: { "AWS:SOURCEACCOUNT": ACCOUNT } }, true],
            [{ ArnLike: { "aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:*" } }, true],
            [{ ArnEquals: { "aws:SourceArn": UNKNOWN } }, true],
            [{ "ForAnyValue:StringEquals": { "aws:SourceAccount": [ACCOUNT] } }, true],
            [{ StringLike: { "aws:SourceArn": "*" } }, false],
            [{ StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } }, false],
            [{ "ForAllValues:StringEquals": { "aws:SourceAccount": ACCOUNT } }, false],
            [{ StringNotEquals: { "aws:SourceAccount": ACCOUNT } }, false],
            [{ StringEquals: { "aws:SourceAccount": [] } }, false],
            [{ StringEquals: { "aws:SourceIp": "10.0.0.0/8" } }, false],
            // Wildcards that name no specific source.
            [{ ArnLike: { "aws:SourceArn": "arn:aws:s3:::*" } }, false],
            [{ ArnLike: { "aws:SourceArn": "arn:aws:sns:us-east-1:*:alerts" } }, false],
            [{ ArnLike: { "aws:SourceArn": "arn:aws:s3:::site-logs*" } }, false],
            [{ ArnLike: { "aws:SourceArn": "arn:aws:s3:::site-logs" } }, true],
            [{ StringLike: { "aws:SourceAccount": "1234*" } }, false],
            [{ StringLike: { "aws:SourceAccount": "????????????" } }, false],
            [{ StringEquals: { "aws:SourceAccount": "*" } }, false],
            [{ StringLike: { "aws:SourceArn": [UNKNOWN, "arn:aws:s3:::*"] } }, false],
        ];
        for (const [condition, expected] of cases) {
            assert.equal(
                restrictsKey(statementWith(condition), "aws:SourceAccount") ||
                    restrictsKey(statementWith(condition), "aws:SourceArn"),
                expected,
                JSON.stringify(condition),
            );
        }
    });
});

describe("policy/lib/iam condition values", () => {
    it("calls a value specific only when it names a principal, repository, organization or source", () => {
        const cases: [string, string, boolean][] = [
            ["token.actions.githubusercontent.com:sub", "repo:octo/app:ref:refs/heads/main", true],
            ["token.actions.githubusercontent.com:sub", "repo:octo/*", true],
            ["token.actions.githubusercontent.com:sub", "repo:*", false],
            ["token.actions.githubusercontent.com:sub", "repo:oc*/app:*", false],
            ["token.actions.githubusercontent.com:sub", "*", false],
            ["token.actions.githubusercontent.com:aud", "sts.amazonaws.com", true],
            ["token.actions.githubusercontent.com:aud", "sts.*", false],
            ["oidc.eks.us-east-1.amazonaws.com/id/X:sub", "system:serviceaccount:app:worker", true],
            ["oidc.eks.us-east-1.amazonaws.com/id/X:sub", "system:serviceaccount:app:*", true],
            ["oidc.eks.us-east-1.amazonaws.com/id/X:sub", "system:serviceaccount:*", false],
            ["aws:PrincipalOrgID", "o-a1b2c3d4e5", true],
            ["aws:PrincipalOrgID", "o-*", false],
            ["aws:SourceAccount", ACCOUNT, true],
            ["aws:SourceArn", `arn:aws:sns:us-east-1:${ACCOUNT}:*`, true],
            ["aws:SourceArn", "arn:aws:s3:::*", false],
            ["aws:SourceArn", "arn:aws:s3:::logs/*", true],
            ["aws:SourceArn", "arn:*", false],
            ["aws:SourceArn", UNKNOWN, true],
            // An unknown account or organization id could be "o-*" at up: it pins nothing.
            ["aws:PrincipalOrgID", UNKNOWN, false],
            ["aws:SourceAccount", UNKNOWN, false],
            ["aws:ResourceAccount", "12345*", false],
            ["aws:SourceArn", "", false],
        ];
        for (const [key, value, expected] of cases) {
            assert.equal(isSpecificConditionValue(key, value), expected, `${key} = ${value}`);
        }
        // Under StringEquals a `*` is a literal: it names nothing, but it also admits nobody else.
        assert.equal(isSpecificConditionValue("aws:PrincipalOrgID", "o-*", false), true);
    });
});

// --- iam-document-known --------------------------------------------------------------------------

describe("iam-document-known", () => {
    const rule = "iam-document-known";
    const v = (build: () => unknown) => violationsOf(rule, build);
    const known = (path: string) =>
        `mandatory ${rule} rp: ${path} is unknown during preview (built with pulumi.jsonStringify, interpolate or apply over outputs of new resources): pass an aws.iam.PolicyDocument object instead of a string, so its statements can be read; only Resource, principal ARNs and condition values may be outputs.`;
    const part = (name: string, parts: string) =>
        `mandatory ${rule} ${name}: ${parts} unknown during preview: write Effect, Action, Principal and Condition keys as literals; only Resource, principal ARNs and condition values may be outputs of other resources.`;

    it("passes documents whose only outputs are resources, principal ARNs and condition values", async () => {
        assert.deepEqual(
            await v(() => {
                const queue = new aws.sqs.Queue("q");
                const topic = new aws.sns.Topic("t");
                const role = new aws.iam.Role("role", { assumeRolePolicy: serviceTrust });
                rolePolicy("rp", doc(allow(["sqs:SendMessage"], [queue.arn])));
                new aws.sqs.QueuePolicy("qp", {
                    queueUrl: queue.url,
                    policy: doc({
                        Effect: "Allow",
                        Principal: { AWS: role.arn },
                        Action: "sqs:SendMessage",
                        Resource: queue.arn,
                        Condition: { ArnEquals: { "aws:SourceArn": topic.arn } },
                    }),
                });
                // Known during preview: jsonStringify over known values is a known string.
                new aws.kms.Key("key", {
                    policy: pulumi.jsonStringify(
                        doc({
                            Effect: "Allow",
                            Principal: { AWS: ROOT },
                            Action: ["kms:Decrypt"],
                            Resource: "*",
                        }),
                    ),
                });
                new aws.secretsmanager.Secret("s", { policy: "{}" });
            }),
            [],
        );
    });

    it("blocks a whole document unknown during preview, once, naming the object form", async () => {
        const build = () => {
            const queue = new aws.sqs.Queue("q");
            rolePolicy("rp", pulumi.jsonStringify(doc(allow("sqs:SendMessage", queue.arn))));
        };
        assert.deepEqual(await v(build), [known("policy")]);
        const all = await violationsOf("*", build);
        assert.deepEqual(
            all.filter((x) => / (iam-|resource-policy-|lambda-permission-)/.test(x)),
            [known("policy")],
        );
    });

    it("blocks an unknown Role trust policy built with interpolate", async () => {
        assert.deepEqual(
            await v(() => {
                const other = new aws.iam.Role("other", { assumeRolePolicy: serviceTrust });
                new aws.iam.Role("rp", {
                    assumeRolePolicy: pulumi.interpolate`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"${other.arn}"},"Action":"sts:AssumeRole"}]}`,
                });
            }),
            [known("assumeRolePolicy")],
        );
    });

    it("points a string-only property to the resource that takes an object", async () => {
        assert.deepEqual(
            await v(() => {
                const topic = new aws.sns.Topic("t");
                new aws.sqs.Queue("rp", {
                    policy: pulumi.jsonStringify(
                        doc({
                            Effect: "Allow",
                            Principal: { Service: "sns.amazonaws.com" },
                            Action: "sqs:SendMessage",
                            Resource: "*",
                            Condition: { ArnEquals: { "aws:SourceArn": topic.arn } },
                        }),
                    ),
                });
            }),
            [
                `mandatory ${rule} rp: policy is unknown during preview (built with pulumi.jsonStringify, interpolate or apply over outputs of new resources): use aws.sqs.QueuePolicy, whose policy takes an aws.iam.PolicyDocument object, or build the JSON only from values known during preview (account and partition from aws.getCallerIdentity/getPartition, ARNs written from known names).`,
            ],
        );
    });

    it("tells a key policy to build its JSON from known values", async () => {
        assert.deepEqual(
            await v(() => {
                const role = new aws.iam.Role("user", { assumeRolePolicy: serviceTrust });
                new aws.kms.Key("rp", {
                    policy: pulumi.jsonStringify(
                        doc({
                            Effect: "Allow",
                            Principal: { AWS: role.arn },
                            Action: "kms:Decrypt",
                            Resource: "*",
                        }),
                    ),
                });
            }),
            [
                `mandatory ${rule} rp: policy is unknown during preview (built with pulumi.jsonStringify, interpolate or apply over outputs of new resources): build the JSON only from values known during preview (account and partition from aws.getCallerIdentity/getPartition, ARNs written from known names).`,
            ],
        );
    });

    it("blocks an unknown Role inline policy and an unknown inline policy list", async () => {
        const advice =
            "use aws.iam.RolePolicy, whose policy takes an aws.iam.PolicyDocument object, or build the JSON only from values known during preview (account and partition from aws.getCallerIdentity/getPartition, ARNs written from known names).";
        assert.deepEqual(
            await v(() => {
                const queue = new aws.sqs.Queue("q");
                new aws.iam.Role("rp", {
                    assumeRolePolicy: serviceTrust,
                    inlinePolicies: [
                        {
                            name: "ok",
                            policy: JSON.stringify(doc(allow("s3:GetObject", "arn:aws:s3:::b/*"))),
                        },
                        {
                            name: "send",
                            policy: pulumi.jsonStringify(doc(allow("sqs:SendMessage", queue.arn))),
                        },
                    ],
                });
                new aws.iam.Role("list", {
                    assumeRolePolicy: serviceTrust,
                    inlinePolicies: unknownOf([{ name: "a", policy: "{}" }]),
                });
            }),
            [
                `mandatory ${rule} list: inlinePolicies is unknown during preview (built with pulumi.jsonStringify, interpolate or apply over outputs of new resources): ${advice}`,
                `mandatory ${rule} rp: inlinePolicies[1].policy is unknown during preview (built with pulumi.jsonStringify, interpolate or apply over outputs of new resources): ${advice}`,
            ],
        );
    });

    it("blocks an unknown Action element, naming its index", async () => {
        assert.deepEqual(
            await v(() =>
                rolePolicy(
                    "rp",
                    doc(
                        allow(
                            ["sqs:SendMessage", unknownOf("sqs:DeleteMessage")],
                            "arn:aws:sqs:us-east-1:123456789012:q",
                        ),
                    ),
                ),
            ),
            [part("rp", "policy Statement[0].Action[1] is")],
        );
    });

    it("blocks an unknown Action string, NotAction, Effect and Statement", async () => {
        const q = "arn:aws:sqs:us-east-1:123456789012:q";
        assert.deepEqual(
            await v(() => {
                rolePolicy("action", doc(allow(unknownOf("sqs:SendMessage"), q)));
                rolePolicy(
                    "notaction",
                    doc({ Effect: "Deny", NotAction: unknownOf(["sqs:SendMessage"]), Resource: q }),
                );
                rolePolicy(
                    "effect",
                    doc({
                        Effect: unknownOf("Allow") as unknown as "Allow",
                        Action: "sqs:SendMessage",
                        Resource: q,
                    }),
                );
                rolePolicy("statement", {
                    Version: "2012-10-17",
                    Statement: unknownOf([allow("sqs:SendMessage", q)]),
                });
            }),
            [
                part("action", "policy Statement[0].Action is"),
                part("effect", "policy Statement[0].Effect is"),
                part("notaction", "policy Statement[0].NotAction is"),
                part("statement", "policy Statement is"),
            ],
        );
    });

    it("blocks an unknown Principal and an unknown Condition operator block", async () => {
        assert.deepEqual(
            await v(() => {
                new aws.sqs.QueuePolicy("principal", {
                    queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                    policy: doc({
                        Effect: "Allow",
                        Principal: unknownOf({ AWS: ROOT }),
                        Action: "sqs:SendMessage",
                        Resource: "*",
                    }),
                });
                new aws.sqs.QueuePolicy("condition", {
                    queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                    policy: doc({
                        Effect: "Allow",
                        Principal: { Service: "sns.amazonaws.com" },
                        Action: "sqs:SendMessage",
                        Resource: "*",
                        Condition: { ArnEquals: unknownOf({ "aws:SourceArn": "x" }) },
                    }),
                });
            }),
            [
                part("condition", "policy Statement[0].Condition.ArnEquals is"),
                part("principal", "policy Statement[0].Principal is"),
            ],
        );
    });

    it("blocks a string that is not JSON and a malformed statement, naming the property", async () => {
        const fix = "write a valid IAM policy document (fix or remove the property).";
        assert.deepEqual(
            await v(() => {
                new aws.opensearch.DomainPolicy("json", {
                    domainName: "search",
                    accessPolicies: "{ Statement: [",
                });
                rolePolicy(
                    "effect",
                    JSON.stringify({
                        Statement: [{ Effect: "allow", Action: "s3:GetObject", Resource: "*" }],
                    }),
                );
            }),
            [
                `mandatory ${rule} effect: policy Statement[0].Effect must be "Allow" or "Deny", got "allow": ${fix}`,
                `mandatory ${rule} json: accessPolicies is not valid JSON: ${fix}`,
            ],
        );
    });
});

// --- iam-no-wildcard-actions ---------------------------------------------------------------------

describe("iam-no-wildcard-actions", () => {
    const rule = "iam-no-wildcard-actions";
    const v = (build: () => unknown) => violationsOf(rule, build);
    const service = (name: string, where: string, action: string, svc: string) =>
        `mandatory ${rule} ${name}: ${where} allows "${action}": name the actions the workload calls (${svc}:<Action>, ...), not every action of the service.`;
    const every = (name: string, where: string, action: string) =>
        `mandatory ${rule} ${name}: ${where} allows "${action}": name the actions the workload calls, not every action of every service.`;
    const bucket = "arn:aws:s3:::data/*";

    it("passes named actions, partial wildcards and Deny statements in every document kind", async () => {
        assert.deepEqual(
            await v(() => {
                rolePolicy(
                    "rp",
                    doc(
                        allow(["s3:GetObject", "s3:List*"], bucket),
                        {
                            Effect: "Deny",
                            Action: "*",
                            Resource: "*",
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                        { Effect: "Deny", NotAction: "s3:GetObject", Resource: bucket },
                    ),
                );
                new aws.iam.Role("role", { assumeRolePolicy: serviceTrust });
                new aws.kms.Key("key", {
                    policy: JSON.stringify(
                        doc({
                            Effect: "Allow",
                            Principal: { AWS: ROOT },
                            Action: ["kms:Decrypt", "kms:Encrypt"],
                            Resource: "*",
                        }),
                    ),
                });
                new aws.lambda.Permission("perm", {
                    function: "fn",
                    action: "lambda:InvokeFunction",
                    principal: "events.amazonaws.com",
                    sourceArn: "arn:aws:events:us-east-1:123456789012:rule/r",
                });
            }),
            [],
        );
    });

    it('blocks Action "*" as a string in a PolicyDocument object', async () => {
        assert.deepEqual(await v(() => rolePolicy("rp", doc(allow("*", bucket)))), [
            every("rp", "policy Statement[0]", "*"),
        ]);
    });

    it('blocks "s3:*" inside an Action list in a JSON string (aws.iam.Policy)', async () => {
        assert.deepEqual(
            await v(
                () =>
                    new aws.iam.Policy("p", {
                        policy: JSON.stringify(doc(allow(["s3:GetObject", "s3:*"], bucket))),
                    }),
            ),
            [service("p", "policy Statement[0]", "s3:*", "s3")],
        );
    });

    it('blocks "*:*" (UserPolicy), "iam:*" (GroupPolicy) and "*:GetObject" (Role inline policy)', async () => {
        assert.deepEqual(
            await v(() => {
                new aws.iam.UserPolicy("user", { user: "u", policy: doc(allow("*:*", bucket)) });
                new aws.iam.GroupPolicy("group", { group: "g", policy: doc(allow("iam:*", "*")) });
                new aws.iam.Role("role", {
                    assumeRolePolicy: serviceTrust,
                    inlinePolicies: [
                        { name: "i", policy: JSON.stringify(doc(allow("*:GetObject", bucket))) },
                    ],
                });
            }),
            [
                service("group", "policy Statement[0]", "iam:*", "iam"),
                every("role", "inlinePolicies[0].policy Statement[0]", "*:GetObject"),
                every("user", "policy Statement[0]", "*:*"),
            ],
        );
    });

    it('blocks a whole service not spelled as a star: "s3:?*", "SQS:*", "*3:GetObject"', async () => {
        assert.deepEqual(
            await v(() =>
                rolePolicy(
                    "rp",
                    doc(allow(["s3:?*", "SQS:*", "*3:GetObject", "s3:Get*"], "arn:aws:s3:::d/*")),
                ),
            ),
            [
                `mandatory ${rule} rp: policy Statement[0] allows "*3:GetObject": name the actions the workload calls, not every action of every service.`,
                `mandatory ${rule} rp: policy Statement[0] allows "SQS:*": name the actions the workload calls (SQS:<Action>, ...), not every action of the service.`,
                `mandatory ${rule} rp: policy Statement[0] allows "s3:?*": name the actions the workload calls (s3:<Action>, ...), not every action of the service.`,
            ],
        );
    });

    it("blocks NotAction and NotResource with Allow", async () => {
        assert.deepEqual(
            await v(() =>
                rolePolicy(
                    "rp",
                    doc(
                        { Sid: "Most", Effect: "Allow", NotAction: ["iam:*"], Resource: bucket },
                        {
                            Effect: "Allow",
                            Action: "s3:GetObject",
                            NotResource: "arn:aws:s3:::secret/*",
                        },
                    ),
                ),
            ),
            [
                `mandatory ${rule} rp: policy Statement[0] (Sid "Most") allows with NotAction (every action except those listed, including future ones): list the allowed actions in Action instead.`,
                `mandatory ${rule} rp: policy Statement[1] allows with NotResource (every resource except those listed, including future ones): list the resources in Resource instead.`,
            ],
        );
    });

    it('blocks "kms:*" in a key policy, "sqs:*" in a queue policy and "sts:*" in a trust policy', async () => {
        assert.deepEqual(
            await v(() => {
                new aws.kms.Key("key", {
                    policy: JSON.stringify(
                        doc({
                            Effect: "Allow",
                            Principal: { AWS: ROOT },
                            Action: "kms:*",
                            Resource: "*",
                        }),
                    ),
                });
                new aws.sqs.QueuePolicy("queue", {
                    queueUrl: "q",
                    policy: doc({
                        Effect: "Allow",
                        Principal: { AWS: ROOT },
                        Action: "sqs:*",
                        Resource: "*",
                    }),
                });
                new aws.iam.Role("role", {
                    assumeRolePolicy: doc({
                        Effect: "Allow",
                        Principal: { AWS: ROOT },
                        Action: "sts:*",
                    }),
                });
            }),
            [
                service("key", "policy Statement[0]", "kms:*", "kms"),
                service("queue", "policy Statement[0]", "sqs:*", "sqs"),
                service("role", "assumeRolePolicy Statement[0]", "sts:*", "sts"),
            ],
        );
    });

    it('blocks a Lambda permission for "lambda:*"', async () => {
        assert.deepEqual(
            await v(
                () =>
                    new aws.lambda.Permission("perm", {
                        function: "fn",
                        action: "lambda:*",
                        principal: ACCOUNT,
                    }),
            ),
            [
                `mandatory ${rule} perm: action "lambda:*" grants every Lambda action to the principal: grant lambda:InvokeFunction (or lambda:InvokeFunctionUrl).`,
            ],
        );
    });
});

// --- iam-no-wildcard-resources -------------------------------------------------------------------

describe("iam-no-wildcard-resources", () => {
    const rule = "iam-no-wildcard-resources";
    const v = (build: () => unknown) => violationsOf(rule, build);
    const msg = (name: string, where: string, what: string, on: string) =>
        `mandatory ${rule} ${name}: ${where} allows ${what} on ${on}: name the resource ARNs (a program resource's arn output is fine); only actions AWS grants solely on "*" (no resource type in AWS's action list, or ACTIONS_ONLY_ON_ANY_RESOURCE in policy/lib/iam.ts) may use it.`;

    it('passes named and referenced resources, table actions on "*", and resource policies', async () => {
        assert.deepEqual(
            await v(() => {
                const queue = new aws.sqs.Queue("q");
                rolePolicy(
                    "rp",
                    doc(
                        allow(["sqs:SendMessage", "sqs:ReceiveMessage"], [queue.arn]),
                        allow("s3:GetObject", "arn:aws:s3:::data/*"),
                        allow("sqs:DeleteMessage", "arn:aws:sqs:us-east-1:123456789012:*"),
                        allow(
                            [
                                "ec2:CreateNetworkInterface",
                                "ec2:DescribeNetworkInterfaces",
                                "ec2:DeleteNetworkInterface",
                                "XRAY:PutTraceSegments",
                                "xray:PutTelemetryRecords",
                                "ecr:GetAuthorizationToken",
                                "cloudwatch:PutMetricData",
                                "logs:DescribeLogGroups",
                                "sts:GetCallerIdentity",
                            ],
                            "*",
                        ),
                        { Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" },
                    ),
                );
                new aws.kms.Key("key", {
                    policy: JSON.stringify(
                        doc({
                            Effect: "Allow",
                            Principal: { AWS: ROOT },
                            Action: "kms:Decrypt",
                            Resource: "*",
                        }),
                    ),
                });
            }),
            [],
        );
    });

    it('blocks Resource "*" as a string, listing only the actions outside the table', async () => {
        assert.deepEqual(
            await v(() =>
                rolePolicy(
                    "rp",
                    doc(allow(["xray:PutTraceSegments", "s3:GetObject", "s3:PutObject"], "*")),
                ),
            ),
            [msg("rp", "policy Statement[0]", '"s3:GetObject", "s3:PutObject"', '"*"')],
        );
    });

    it('blocks "*" inside a Resource list next to a named ARN', async () => {
        assert.deepEqual(
            await v(() =>
                rolePolicy("rp", doc(allow("s3:GetObject", ["arn:aws:s3:::data/*", "*"]))),
            ),
            [msg("rp", "policy Statement[0]", '"s3:GetObject"', '"*"')],
        );
    });

    it("blocks all-resource ARNs: arn:aws:s3:::* and arn:aws:*:*:*:*", async () => {
        assert.deepEqual(
            await v(() => {
                rolePolicy("s3", doc(allow("s3:GetObject", "arn:aws:s3:::*")));
                rolePolicy("all", doc(allow("sqs:SendMessage", "arn:aws:*:*:*:*")));
            }),
            [
                msg("all", "policy Statement[0]", '"sqs:SendMessage"', '"arn:aws:*:*:*:*"'),
                msg("s3", "policy Statement[0]", '"s3:GetObject"', '"arn:aws:s3:::*"'),
            ],
        );
    });

    it('passes wildcards of actions AWS grants only on "*" (ec2:Describe*, xray:Put*)', async () => {
        assert.deepEqual(
            await v(() => rolePolicy("rp", doc(allow(["xray:Put*", "ec2:Describe*"], "*")))),
            [],
        );
    });

    it('blocks a wildcard that also covers actions taking resources ("ec2:*Network*") on "*"', async () => {
        assert.deepEqual(await v(() => rolePolicy("rp", doc(allow("ec2:*Network*", "*")))), [
            msg("rp", "policy Statement[0]", '"ec2:*Network*"', '"*"'),
        ]);
    });

    it("blocks every object of every bucket and every secret of every account, however spelled", async () => {
        assert.deepEqual(
            await v(() => {
                rolePolicy("objects", doc(allow("s3:GetObject", "arn:aws:s3:::?*/*")));
                rolePolicy(
                    "secrets",
                    doc(
                        allow(
                            "secretsmanager:GetSecretValue",
                            "arn:aws:secretsmanager:*:*:secret:*",
                        ),
                    ),
                );
            }),
            [
                msg("objects", "policy Statement[0]", '"s3:GetObject"', '"arn:aws:s3:::?*/*"'),
                msg(
                    "secrets",
                    "policy Statement[0]",
                    '"secretsmanager:GetSecretValue"',
                    '"arn:aws:secretsmanager:*:*:secret:*"',
                ),
            ],
        );
    });

    it('blocks NotAction on "*" and an action on NotResource', async () => {
        assert.deepEqual(
            await v(() =>
                rolePolicy(
                    "rp",
                    doc(
                        { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
                        {
                            Effect: "Allow",
                            Action: "s3:GetObject",
                            NotResource: "arn:aws:s3:::secret/*",
                        },
                    ),
                ),
            ),
            [
                msg("rp", "policy Statement[0]", "every action but NotAction", '"*"'),
                msg(
                    "rp",
                    "policy Statement[1]",
                    '"s3:GetObject"',
                    "NotResource (every resource but those listed)",
                ),
            ],
        );
    });

    it('blocks "*" in every identity document: Policy, UserPolicy, GroupPolicy, Role inline, permission set', async () => {
        const star = JSON.stringify(doc(allow("dynamodb:GetItem", "*")));
        assert.deepEqual(
            await v(() => {
                new aws.iam.Policy("policy", { policy: star });
                new aws.iam.UserPolicy("user", { user: "u", policy: star });
                new aws.iam.GroupPolicy("group", { group: "g", policy: star });
                new aws.iam.Role("role", {
                    assumeRolePolicy: serviceTrust,
                    inlinePolicies: [{ name: "i", policy: star }],
                });
                new aws.ssoadmin.PermissionSetInlinePolicy("set", {
                    instanceArn: "arn:aws:sso:::instance/ssoins-1",
                    permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
                    inlinePolicy: star,
                });
            }),
            [
                msg("group", "policy Statement[0]", '"dynamodb:GetItem"', '"*"'),
                msg("policy", "policy Statement[0]", '"dynamodb:GetItem"', '"*"'),
                msg("role", "inlinePolicies[0].policy Statement[0]", '"dynamodb:GetItem"', '"*"'),
                msg("set", "inlinePolicy Statement[0]", '"dynamodb:GetItem"', '"*"'),
                msg("user", "policy Statement[0]", '"dynamodb:GetItem"', '"*"'),
            ],
        );
    });
});

// --- iam-no-privilege-escalation -----------------------------------------------------------------

describe("iam-no-privilege-escalation", () => {
    const rule = "iam-no-privilege-escalation";
    const v = (build: () => unknown) => violationsOf(rule, build);
    const one = (action: string, entry: string, why: string, target: string, on = '"*"') =>
        `mandatory ${rule} rp: policy Statement[0] allows "${action}" on ${on}: privilege escalation (${entry} ${why}); name the ${target} ARNs it may act on.`;

    it("passes escalation actions on named or referenced ARNs", async () => {
        assert.deepEqual(
            await v(() => {
                const role = new aws.iam.Role("role", { assumeRolePolicy: serviceTrust });
                rolePolicy(
                    "rp",
                    doc(
                        allow("iam:PassRole", role.arn, {
                            Condition: {
                                StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" },
                            },
                        }),
                        allow("sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/deployer`),
                        allow(
                            "lambda:UpdateFunctionCode",
                            `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`,
                        ),
                        allow(["iam:GetRole", "iam:ListRoles"], "*"),
                    ),
                );
            }),
            [],
        );
    });

    it('blocks iam:PassRole on "*", telling to name the role', async () => {
        assert.deepEqual(await v(() => rolePolicy("rp", doc(allow("iam:PassRole", "*")))), [
            one(
                "iam:PassRole",
                "iam:PassRole",
                "hands any role, including an admin role, to a service it controls",
                "role",
            ),
        ]);
    });

    it("blocks exact and wildcard forms: iam:AttachRolePolicy, iam:Put*Policy, sts:AssumeRole, lambda:UpdateFunctionCode", async () => {
        const cases: [string, string, string, string][] = [
            [
                "iam:AttachRolePolicy",
                "iam:Attach*Policy",
                "attaches AdministratorAccess to any role, user or group",
                "role, user or group",
            ],
            [
                "iam:Put*Policy",
                "iam:Put*Policy",
                "writes any inline policy on any role, user or group",
                "role, user or group",
            ],
            [
                "iam:CreatePolicyVersion",
                "iam:CreatePolicyVersion",
                "rewrites any customer-managed policy, including its own",
                "policy",
            ],
            [
                "sts:AssumeRole",
                "sts:AssumeRole",
                "assumes any role that trusts the account",
                "role",
            ],
            [
                "lambda:UpdateFunctionCode",
                "lambda:UpdateFunctionCode",
                "runs its own code with any function's role",
                "function",
            ],
        ];
        for (const [action, entry, why, target] of cases) {
            assert.deepEqual(await v(() => rolePolicy("rp", doc(allow(action, "*")))), [
                one(action, entry, why, target),
            ]);
        }
    });

    it("blocks replacing any permissions boundary and reconfiguring any function, on every role of the account too", async () => {
        // iam:PutRolePermissionsBoundary swaps a role's narrow boundary for a wide one, as
        // deleting it would; lambda:UpdateFunctionConfiguration adds a layer (or an
        // AWS_LAMBDA_EXEC_WRAPPER) that runs its own code with the function's role.
        const cases: [string, string, string, string, string][] = [
            [
                "iam:PutRolePermissionsBoundary",
                `arn:aws:iam::${ACCOUNT}:role/*`,
                "iam:Put*PermissionsBoundary",
                "replaces the boundary that limits a role or user with a wider one",
                "role or user",
            ],
            [
                "iam:PutUserPermissionsBoundary",
                "*",
                "iam:Put*PermissionsBoundary",
                "replaces the boundary that limits a role or user with a wider one",
                "role or user",
            ],
            [
                "lambda:UpdateFunctionConfiguration",
                `arn:aws:lambda:us-east-1:${ACCOUNT}:function:*`,
                "lambda:UpdateFunctionConfiguration",
                "runs its own code (a layer, an exec wrapper) with any function's role",
                "function",
            ],
        ];
        for (const [action, resource, entry, why, target] of cases) {
            assert.deepEqual(await v(() => rolePolicy("rp", doc(allow(action, resource)))), [
                one(action, entry, why, target, `"${resource}"`),
            ]);
        }
    });

    it("blocks an escalation on an all-resource ARN and on NotResource", async () => {
        assert.deepEqual(
            await v(() =>
                rolePolicy("rp", doc(allow("iam:UpdateAssumeRolePolicy", "arn:aws:iam::*:*"))),
            ),
            [
                one(
                    "iam:UpdateAssumeRolePolicy",
                    "iam:UpdateAssumeRolePolicy",
                    "lets itself assume any role",
                    "role",
                    '"arn:aws:iam::*:*"',
                ),
            ],
        );
        assert.deepEqual(
            await v(() =>
                rolePolicy(
                    "rp",
                    doc({
                        Effect: "Allow",
                        Action: "iam:CreateAccessKey",
                        NotResource: `arn:aws:iam::${ACCOUNT}:user/admin`,
                    }),
                ),
            ),
            [
                one(
                    "iam:CreateAccessKey",
                    "iam:CreateAccessKey",
                    "creates keys for any user, including admins",
                    "user",
                    "NotResource",
                ),
            ],
        );
    });

    it("blocks iam:PassRole on every role of the account (role/*, role/?*)", async () => {
        for (const arn of [`arn:aws:iam::${ACCOUNT}:role/*`, `arn:aws:iam::${ACCOUNT}:role/?*`]) {
            assert.deepEqual(await v(() => rolePolicy("rp", doc(allow("iam:PassRole", arn)))), [
                one(
                    "iam:PassRole",
                    "iam:PassRole",
                    "hands any role, including an admin role, to a service it controls",
                    "role",
                    `"${arn}"`,
                ),
            ]);
        }
        assert.deepEqual(
            await v(() =>
                rolePolicy("rp", doc(allow("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/app/*`))),
            ),
            [],
        );
    });

    it('lists every escalation a broad pattern ("iam:P*") includes', async () => {
        assert.deepEqual(await v(() => rolePolicy("rp", doc(allow("iam:P*", "*")))), [
            `mandatory ${rule} rp: policy Statement[0] allows "iam:P*" on "*", which includes privilege-escalation actions iam:PassRole, iam:Put*Policy, iam:Put*PermissionsBoundary: grant them separately, naming the ARNs (role; role, user or group; role or user) they may act on.`,
        ]);
    });

    it('blocks NotAction on "*" with the escalations it does not exclude', async () => {
        assert.deepEqual(
            await v(() =>
                rolePolicy(
                    "rp",
                    doc({ Effect: "Allow", NotAction: ["iam:*", "lambda:Update*"], Resource: "*" }),
                ),
            ),
            [
                `mandatory ${rule} rp: policy Statement[0] allows every action but NotAction on "*": privilege escalation (sts:AssumeRole assumes any role that trusts the account); name the role ARNs it may act on.`,
            ],
        );
    });
});

// --- iam-no-admin-managed-policies ---------------------------------------------------------------

describe("iam-no-admin-managed-policies", () => {
    const rule = "iam-no-admin-managed-policies";
    const v = (build: () => unknown) => violationsOf(rule, build);
    const msg = (name: string, path: string, why: string) =>
        `mandatory ${rule} ${name}: ${path} attaches the AWS-managed ${why}: attach a customer-managed policy with only the actions and resources the workload needs.`;
    const admin = "AdministratorAccess (every action on every resource)";
    const instanceArn = "arn:aws:sso:::instance/ssoins-1";
    const permissionSetArn = "arn:aws:sso:::permissionSet/ssoins-1/ps-1";

    it("passes narrow AWS-managed policies and customer-managed ones", async () => {
        assert.deepEqual(
            await v(() => {
                const policy = new aws.iam.Policy("p", {
                    policy: doc(allow("s3:GetObject", "arn:aws:s3:::data/*")),
                });
                new aws.iam.Role("role", {
                    assumeRolePolicy: serviceTrust,
                    managedPolicyArns: [
                        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                        aws.iam.ManagedPolicy.ReadOnlyAccess,
                        policy.arn,
                    ],
                });
                new aws.iam.RolePolicyAttachment("attach", { role: "r", policyArn: policy.arn });
                new aws.iam.UserPolicyAttachment("user", {
                    user: "u",
                    policyArn: `arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess`,
                });
            }),
            [],
        );
    });

    it("blocks each attachment resource", async () => {
        const cases: [string, () => unknown, string, string][] = [
            [
                "RolePolicyAttachment",
                () =>
                    new aws.iam.RolePolicyAttachment("x", {
                        role: "r",
                        policyArn: aws.iam.ManagedPolicy.AdministratorAccess,
                    }),
                "policyArn",
                admin,
            ],
            [
                "UserPolicyAttachment",
                () =>
                    new aws.iam.UserPolicyAttachment("x", {
                        user: "u",
                        policyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
                    }),
                "policyArn",
                "PowerUserAccess (every action outside IAM and Organizations)",
            ],
            [
                "GroupPolicyAttachment",
                () =>
                    new aws.iam.GroupPolicyAttachment("x", {
                        group: "g",
                        policyArn: "arn:aws:iam::aws:policy/IAMFullAccess",
                    }),
                "policyArn",
                "IAMFullAccess (every action of the service)",
            ],
            [
                "PolicyAttachment",
                () =>
                    new aws.iam.PolicyAttachment("x", {
                        roles: ["r"],
                        policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess",
                    }),
                "policyArn",
                "AmazonS3FullAccess (every action of the service)",
            ],
            [
                "Role managedPolicyArns",
                () =>
                    new aws.iam.Role("x", {
                        assumeRolePolicy: serviceTrust,
                        managedPolicyArns: [
                            aws.iam.ManagedPolicy.ReadOnlyAccess,
                            "arn:aws-us-gov:iam::aws:policy/AWSLambda_FullAccess",
                        ],
                    }),
                "managedPolicyArns[1]",
                "AWSLambda_FullAccess (every action of the service)",
            ],
            [
                "RolePolicyAttachmentsExclusive",
                () =>
                    new aws.iam.RolePolicyAttachmentsExclusive("x", {
                        roleName: "r",
                        policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess-Amplify"],
                    }),
                "policyArns[0]",
                "AdministratorAccess-Amplify (every action on every resource)",
            ],
            [
                "UserPolicyAttachmentsExclusive",
                () =>
                    new aws.iam.UserPolicyAttachmentsExclusive("x", {
                        userName: "u",
                        policyArns: [aws.iam.ManagedPolicy.AdministratorAccess],
                    }),
                "policyArns[0]",
                admin,
            ],
            [
                "GroupPolicyAttachmentsExclusive",
                () =>
                    new aws.iam.GroupPolicyAttachmentsExclusive("x", {
                        groupName: "g",
                        policyArns: ["arn:aws:iam::aws:policy/job-function/NetworkAdministrator"],
                    }),
                "policyArns[0]",
                "job-function/NetworkAdministrator (administration of a whole domain)",
            ],
            [
                "ssoadmin ManagedPolicyAttachment",
                () =>
                    new aws.ssoadmin.ManagedPolicyAttachment("x", {
                        instanceArn,
                        permissionSetArn,
                        managedPolicyArn: aws.iam.ManagedPolicy.AdministratorAccess,
                    }),
                "managedPolicyArn",
                admin,
            ],
            [
                "ssoadmin ManagedPolicyAttachmentsExclusive",
                () =>
                    new aws.ssoadmin.ManagedPolicyAttachmentsExclusive("x", {
                        instanceArn,
                        permissionSetArn,
                        managedPolicyArns: ["arn:aws-cn:iam::aws:policy/AdministratorAccess"],
                    }),
                "managedPolicyArns[0]",
                admin,
            ],
        ];
        for (const [label, build, path, why] of cases) {
            assert.deepEqual(await v(build), [msg("x", path, why)], label);
        }
    });
});

// --- iam-trust-policy-principals -----------------------------------------------------------------

describe("iam-trust-policy-principals", () => {
    const rule = "iam-trust-policy-principals";
    const v = (build: () => unknown) => violationsOf(rule, build);
    const role = (assumeRolePolicy: pulumi.Input<string | aws.iam.PolicyDocument>) =>
        new aws.iam.Role("role", { assumeRolePolicy });
    const trust = (Principal: Stmt["Principal"], extra: Partial<Stmt> = {}) =>
        doc({ Effect: "Allow", Principal, Action: "sts:AssumeRoleWithWebIdentity", ...extra });
    const github = (Condition: Record<string, unknown>) =>
        trust({ Federated: GITHUB_PROVIDER }, { Condition });

    it("passes services, accounts, role ARNs and federated providers with sub and aud", async () => {
        assert.deepEqual(
            await v(() => {
                const other = new aws.iam.Role("other", { assumeRolePolicy: serviceTrust });
                new aws.iam.Role("accounts", {
                    assumeRolePolicy: doc({
                        Effect: "Allow",
                        Principal: { AWS: [ROOT, other.arn, ACCOUNT] },
                        Action: "sts:AssumeRole",
                    }),
                });
                new aws.iam.Role("github", {
                    assumeRolePolicy: github({
                        StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com" },
                        StringLike: {
                            [`${GITHUB}:sub`]: "repo:acme/lightspeed:ref:refs/heads/main",
                        },
                    }),
                });
                new aws.iam.Role("cognito", {
                    assumeRolePolicy: trust(
                        { Federated: "cognito-identity.amazonaws.com" },
                        {
                            Condition: {
                                StringEquals: {
                                    "cognito-identity.amazonaws.com:aud": "us-east-1:pool",
                                    "cognito-identity.amazonaws.com:sub": "us-east-1:id",
                                },
                            },
                        },
                    ),
                });
                new aws.iam.Role("saml", {
                    assumeRolePolicy: trust(
                        { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/corp` },
                        {
                            Action: "sts:AssumeRoleWithSAML",
                            Condition: {
                                StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" },
                            },
                        },
                    ),
                });
                new aws.iam.Role("deny", {
                    assumeRolePolicy: doc(
                        {
                            Effect: "Allow",
                            Principal: { Service: "ecs-tasks.amazonaws.com" },
                            Action: "sts:AssumeRole",
                        },
                        { Effect: "Deny", NotPrincipal: { AWS: ROOT }, Action: "sts:AssumeRole" },
                    ),
                });
            }),
            [],
        );
    });

    it('blocks Principal "*", {AWS: "*"} in a list, and "*" in a JSON string trust policy', async () => {
        const anyone = (label: string) =>
            `mandatory ${rule} role: assumeRolePolicy Statement[0] trusts ${label} (anyone): name the service, account or role ARN that assumes the role.`;
        assert.deepEqual(
            await v(() => role(doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }))),
            [anyone('Principal "*"')],
        );
        assert.deepEqual(
            await v(() =>
                role(
                    doc({
                        Effect: "Allow",
                        Principal: { AWS: [ROOT, "*"] },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } },
                    }),
                ),
            ),
            [anyone('Principal.AWS "*"')],
        );
        assert.deepEqual(
            await v(() =>
                role(
                    JSON.stringify(
                        doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }),
                    ),
                ),
            ),
            [anyone('Principal.AWS "*"')],
        );
    });

    it("blocks NotPrincipal with Allow", async () => {
        assert.deepEqual(
            await v(() =>
                role(
                    doc({ Effect: "Allow", NotPrincipal: { AWS: ROOT }, Action: "sts:AssumeRole" }),
                ),
            ),
            [
                `mandatory ${rule} role: assumeRolePolicy Statement[0] uses NotPrincipal with Allow (everyone but those listed may assume the role): name the principals in Principal.`,
            ],
        );
    });

    it("blocks an OIDC provider without sub, without both, or with non-restricting tests", async () => {
        const missing = (keys: string) =>
            `mandatory ${rule} role: assumeRolePolicy Statement[0] trusts the OIDC provider ${GITHUB} without a condition on ${keys}: pin the token's subject (for example the repository and branch) and audience with StringEquals or StringLike.`;
        const aud = { [`${GITHUB}:aud`]: "sts.amazonaws.com" };
        const cases: [Record<string, unknown>, string][] = [
            [{ StringEquals: aud }, `${GITHUB}:sub`],
            [{ StringEquals: aud, StringLike: { [`${GITHUB}:sub`]: "*" } }, `${GITHUB}:sub`],
            [
                { StringEquals: aud, StringLikeIfExists: { [`${GITHUB}:sub`]: "repo:acme/*" } },
                `${GITHUB}:sub`,
            ],
            [{ StringLike: { [`${GITHUB}:sub`]: "repo:acme/*" } }, `${GITHUB}:aud`],
            [{}, `${GITHUB}:sub and ${GITHUB}:aud`],
            // Wildcards that name no repository owner, or any audience.
            [{ StringEquals: aud, StringLike: { [`${GITHUB}:sub`]: "repo:*" } }, `${GITHUB}:sub`],
            [
                { StringEquals: aud, StringLike: { [`${GITHUB}:sub`]: "repo:ac*/app:*" } },
                `${GITHUB}:sub`,
            ],
            [
                {
                    StringLike: {
                        [`${GITHUB}:aud`]: "sts.*",
                        [`${GITHUB}:sub`]: "repo:acme/app:*",
                    },
                },
                `${GITHUB}:aud`,
            ],
        ];
        for (const [condition, keys] of cases) {
            assert.deepEqual(
                await v(() => role(github(condition))),
                [missing(keys)],
                JSON.stringify(condition),
            );
        }
    });

    it("blocks a provider created by the program without a sub/aud pair, and SAML without SAML:aud", async () => {
        assert.deepEqual(
            await v(() => {
                const provider = new aws.iam.OpenIdConnectProvider("oidc", {
                    url: `https://${GITHUB}`,
                    clientIdLists: ["sts.amazonaws.com"],
                });
                role(
                    trust(
                        { Federated: provider.arn },
                        { Condition: { StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com" } } },
                    ),
                );
            }),
            [
                `mandatory ${rule} role: assumeRolePolicy Statement[0] trusts a federated provider created by the program without conditions on both <provider>:sub and <provider>:aud: add StringEquals (or StringLike) tests on the token's subject and audience.`,
            ],
        );
        const saml = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`;
        assert.deepEqual(
            await v(() => role(trust({ Federated: saml }, { Action: "sts:AssumeRoleWithSAML" }))),
            [
                `mandatory ${rule} role: assumeRolePolicy Statement[0] trusts the SAML provider "${saml}" without a SAML:aud condition: add StringEquals { "SAML:aud": "https://signin.aws.amazon.com/saml" }.`,
            ],
        );
    });
});

// --- resource-policy-no-public-principal ---------------------------------------------------------

describe("resource-policy-no-public-principal", () => {
    const rule = "resource-policy-no-public-principal";
    const v = (build: () => unknown) => violationsOf(rule, build);
    const KEYS = "aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID";
    const msg = (name: string, path: string, label = 'Principal "*"', at = "Statement[0]") =>
        `mandatory ${rule} ${name}: ${path} ${at} allows ${label} (anyone) without a condition on ${KEYS}: name the principals, or add one of those conditions.`;
    const open = (Action: string, Principal: Stmt["Principal"] = "*", extra: Partial<Stmt> = {}) =>
        doc({ Effect: "Allow", Principal, Action, Resource: "*", ...extra });
    const json = (Action: string, Principal: Stmt["Principal"] = "*") =>
        JSON.stringify(open(Action, Principal));

    it("passes named principals, source-conditioned public grants and public Deny statements", async () => {
        assert.deepEqual(
            await v(() => {
                const topic = new aws.sns.Topic("t");
                const queue = new aws.sqs.Queue("q");
                new aws.sqs.QueuePolicy("queue", {
                    queueUrl: queue.url,
                    policy: doc(
                        {
                            Effect: "Allow",
                            Principal: { Service: "sns.amazonaws.com" },
                            Action: "sqs:SendMessage",
                            Resource: queue.arn,
                            Condition: { ArnEquals: { "aws:SourceArn": topic.arn } },
                        },
                        {
                            Effect: "Allow",
                            Principal: "*",
                            Action: "sqs:SendMessage",
                            Resource: queue.arn,
                            Condition: { ArnLike: { "AWS:SourceArn": topic.arn } },
                        },
                    ),
                });
                new aws.sns.TopicPolicy("topic", {
                    arn: topic.arn,
                    policy: open(
                        "sns:Publish",
                        { AWS: "*" },
                        { Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } },
                    ),
                });
                new aws.cloudwatch.EventBusPolicy("bus", {
                    policy: JSON.stringify(
                        open("events:PutEvents", "*", {
                            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } },
                        }),
                    ),
                });
                new aws.s3.BucketPolicy("bucket", {
                    bucket: "data",
                    policy: doc({
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    }),
                });
                new aws.kms.Key("key", { policy: json("kms:Decrypt", { AWS: ROOT }) });
                new aws.ecr.RepositoryPolicy("repo", {
                    repository: "app",
                    policy: open("ecr:BatchGetImage", { AWS: ROOT }),
                });
            }),
            [],
        );
    });

    it("blocks a public principal on every resource-policy type", async () => {
        const cases: [string, () => unknown, string][] = [
            [
                "sqs QueuePolicy",
                () =>
                    new aws.sqs.QueuePolicy("x", {
                        queueUrl: "q",
                        policy: open("sqs:SendMessage"),
                    }),
                "policy",
            ],
            [
                "sqs Queue",
                () => new aws.sqs.Queue("x", { policy: json("sqs:SendMessage") }),
                "policy",
            ],
            [
                "sns TopicPolicy",
                () =>
                    new aws.sns.TopicPolicy("x", {
                        arn: "arn:aws:sns:us-east-1:123456789012:t",
                        policy: open("sns:Publish"),
                    }),
                "policy",
            ],
            ["sns Topic", () => new aws.sns.Topic("x", { policy: json("sns:Publish") }), "policy"],
            [
                "s3 BucketPolicy",
                () =>
                    new aws.s3.BucketPolicy("x", { bucket: "data", policy: open("s3:GetObject") }),
                "policy",
            ],
            ["s3 Bucket", () => new aws.s3.Bucket("x", { policy: open("s3:GetObject") }), "policy"],
            [
                "s3 AccessPoint",
                () => new aws.s3.AccessPoint("x", { bucket: "data", policy: json("s3:GetObject") }),
                "policy",
            ],
            ["kms Key", () => new aws.kms.Key("x", { policy: json("kms:Decrypt") }), "policy"],
            [
                "kms KeyPolicy",
                () => new aws.kms.KeyPolicy("x", { keyId: "k", policy: json("kms:Decrypt") }),
                "policy",
            ],
            [
                "ecr RepositoryPolicy",
                () =>
                    new aws.ecr.RepositoryPolicy("x", {
                        repository: "app",
                        policy: open("ecr:BatchGetImage"),
                    }),
                "policy",
            ],
            [
                "ecr RegistryPolicy",
                () => new aws.ecr.RegistryPolicy("x", { policy: open("ecr:ReplicateImage") }),
                "policy",
            ],
            [
                "ecr RepositoryCreationTemplate",
                () =>
                    new aws.ecr.RepositoryCreationTemplate("x", {
                        prefix: "app",
                        appliedFors: ["PULL_THROUGH_CACHE"],
                        repositoryPolicy: json("ecr:BatchGetImage"),
                    }),
                "repositoryPolicy",
            ],
            ["s3 BucketV2", () => new BucketV2("x", { policy: json("s3:GetObject") }), "policy"],
            [
                "s3control AccessPointPolicy",
                () =>
                    new aws.s3control.AccessPointPolicy("x", {
                        accessPointArn: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/ap`,
                        policy: json("s3:GetObject"),
                    }),
                "policy",
            ],
            [
                "kms ReplicaKey",
                () =>
                    new aws.kms.ReplicaKey("x", {
                        primaryKeyArn: `arn:aws:kms:us-west-2:${ACCOUNT}:key/mrk-1`,
                        policy: json("kms:Decrypt"),
                    }),
                "policy",
            ],
            [
                "opensearch Domain",
                () => new aws.opensearch.Domain("x", { accessPolicies: json("es:ESHttpGet") }),
                "accessPolicies",
            ],
            [
                "opensearch DomainPolicy",
                () =>
                    new aws.opensearch.DomainPolicy("x", {
                        domainName: "d",
                        accessPolicies: json("es:ESHttpGet"),
                    }),
                "accessPolicies",
            ],
            [
                "elasticsearch Domain",
                () => new aws.elasticsearch.Domain("x", { accessPolicies: open("es:ESHttpGet") }),
                "accessPolicies",
            ],
            [
                "elasticsearch DomainPolicy",
                () =>
                    new aws.elasticsearch.DomainPolicy("x", {
                        domainName: "d",
                        accessPolicies: open("es:ESHttpGet"),
                    }),
                "accessPolicies",
            ],
            [
                "lambda ResourcePolicy",
                () =>
                    new aws.lambda.ResourcePolicy("x", {
                        resourceArn: "arn:aws:lambda:us-east-1:123456789012:function:f",
                        policy: json("lambda:InvokeFunction"),
                    }),
                "policy",
            ],
            [
                "secretsmanager SecretPolicy",
                () =>
                    new aws.secretsmanager.SecretPolicy("x", {
                        secretArn: "s",
                        policy: json("secretsmanager:GetSecretValue"),
                    }),
                "policy",
            ],
            [
                "secretsmanager Secret",
                () =>
                    new aws.secretsmanager.Secret("x", {
                        policy: json("secretsmanager:GetSecretValue"),
                    }),
                "policy",
            ],
            [
                "EventBusPolicy",
                () => new aws.cloudwatch.EventBusPolicy("x", { policy: json("events:PutEvents") }),
                "policy",
            ],
            [
                "kinesis ResourcePolicy",
                () =>
                    new aws.kinesis.ResourcePolicy("x", {
                        resourceArn: "s",
                        policy: json("kinesis:GetRecords"),
                    }),
                "policy",
            ],
            [
                "dynamodb ResourcePolicy",
                () =>
                    new aws.dynamodb.ResourcePolicy("x", {
                        resourceArn: "t",
                        policy: json("dynamodb:GetItem"),
                    }),
                "policy",
            ],
            [
                "LogResourcePolicy",
                () =>
                    new aws.cloudwatch.LogResourcePolicy("x", {
                        policyName: "p",
                        policyDocument: open("logs:PutLogEvents"),
                    }),
                "policyDocument",
            ],
            [
                "efs FileSystemPolicy",
                () =>
                    new aws.efs.FileSystemPolicy("x", {
                        fileSystemId: "fs",
                        policy: json("elasticfilesystem:ClientMount"),
                    }),
                "policy",
            ],
            [
                "backup VaultPolicy",
                () =>
                    new aws.backup.VaultPolicy("x", {
                        backupVaultName: "v",
                        policy: json("backup:CopyIntoBackupVault"),
                    }),
                "policy",
            ],
        ];
        for (const [label, build, path] of cases) {
            assert.deepEqual(await v(build), [msg("x", path)], label);
        }
    });

    it("blocks a public principal on the resource policies of CAs, package and image repositories, databases, vaults, mail identities and other data", async () => {
        // Each of these policies can hand its resource to anyone: issue certificates from the
        // private CA, push packages or public images, connect to the database, send mail as the
        // domain, read the buckets, vaults, vectors, metrics and models.
        const cases: [string, () => unknown, string][] = [
            [
                "acmpca Policy",
                () =>
                    new aws.acmpca.Policy("x", {
                        resourceArn: "ca",
                        policy: json("acm-pca:IssueCertificate"),
                    }),
                "policy",
            ],
            [
                "amp ResourcePolicy",
                () =>
                    new aws.amp.ResourcePolicy("x", {
                        workspaceId: "w",
                        policyDocument: json("aps:QueryMetrics"),
                    }),
                "policyDocument",
            ],
            [
                "codeartifact DomainPermissions",
                () =>
                    new aws.codeartifact.DomainPermissions("x", {
                        domain: "d",
                        policyDocument: json("codeartifact:GetAuthorizationToken"),
                    }),
                "policyDocument",
            ],
            [
                "codeartifact RepositoryPermissionsPolicy",
                () =>
                    new aws.codeartifact.RepositoryPermissionsPolicy("x", {
                        domain: "d",
                        repository: "r",
                        policyDocument: json("codeartifact:PublishPackageVersion"),
                    }),
                "policyDocument",
            ],
            [
                "codebuild ResourcePolicy",
                () =>
                    new aws.codebuild.ResourcePolicy("x", {
                        resourceArn: "p",
                        policy: json("codebuild:BatchGetBuilds"),
                    }),
                "policy",
            ],
            [
                "dsql ClusterPolicy",
                () =>
                    new aws.dsql.ClusterPolicy("x", {
                        identifier: "c",
                        policy: json("dsql:DbConnectAdmin"),
                    }),
                "policy",
            ],
            [
                "ecrpublic RepositoryPolicy",
                () =>
                    new aws.ecrpublic.RepositoryPolicy("x", {
                        repositoryName: "r",
                        policy: json("ecr-public:PutImage"),
                    }),
                "policy",
            ],
            [
                "glacier VaultLock",
                () =>
                    new aws.glacier.VaultLock("x", {
                        vaultName: "v",
                        completeLock: false,
                        policy: json("glacier:InitiateJob"),
                    }),
                "policy",
            ],
            [
                "redshiftserverless ResourcePolicy",
                () =>
                    new aws.redshiftserverless.ResourcePolicy("x", {
                        resourceArn: "s",
                        policy: json("redshift-serverless:RestoreFromSnapshot"),
                    }),
                "policy",
            ],
            [
                "s3 FilesFileSystemPolicy",
                () =>
                    new aws.s3.FilesFileSystemPolicy("x", {
                        fileSystemId: "fs",
                        policy: json("s3files:ClientMount"),
                    }),
                "policy",
            ],
            [
                "s3 VectorsVectorBucketPolicy",
                () =>
                    new aws.s3.VectorsVectorBucketPolicy("x", {
                        vectorBucketArn: "b",
                        policy: json("s3vectors:QueryVectors"),
                    }),
                "policy",
            ],
            [
                "s3control AccessGrantsInstanceResourcePolicy",
                () =>
                    new aws.s3control.AccessGrantsInstanceResourcePolicy("x", {
                        policy: json("s3:GetDataAccess"),
                    }),
                "policy",
            ],
            [
                "s3control BucketPolicy",
                () =>
                    new aws.s3control.BucketPolicy("x", {
                        bucket: "b",
                        policy: json("s3-outposts:GetObject"),
                    }),
                "policy",
            ],
            [
                "s3control ObjectLambdaAccessPointPolicy",
                () =>
                    new aws.s3control.ObjectLambdaAccessPointPolicy("x", {
                        name: "ap",
                        policy: json("s3-object-lambda:GetObject"),
                    }),
                "policy",
            ],
            [
                "sagemaker ModelPackageGroupPolicy",
                () =>
                    new aws.sagemaker.ModelPackageGroupPolicy("x", {
                        modelPackageGroupName: "g",
                        resourcePolicy: json("sagemaker:DescribeModelPackage"),
                    }),
                "resourcePolicy",
            ],
            [
                "ses IdentityPolicy",
                () =>
                    new aws.ses.IdentityPolicy("x", {
                        identity: "example.com",
                        policy: json("ses:SendEmail"),
                    }),
                "policy",
            ],
            [
                "sesv2 EmailIdentityPolicy",
                () =>
                    new aws.sesv2.EmailIdentityPolicy("x", {
                        emailIdentity: "example.com",
                        policyName: "p",
                        policy: json("ses:SendEmail"),
                    }),
                "policy",
            ],
        ];
        for (const [label, build, path] of cases) {
            assert.deepEqual(await v(build), [msg("x", path)], label);
        }
    });

    it('blocks {AWS: "*"} and "*" among other principals, naming each', async () => {
        assert.deepEqual(
            await v(
                () =>
                    new aws.sqs.QueuePolicy("x", {
                        queueUrl: "q",
                        policy: open("sqs:SendMessage", { AWS: [ROOT, "*"], Service: "*" }),
                    }),
            ),
            [msg("x", "policy", 'Principal.AWS "*"'), msg("x", "policy", 'Principal.Service "*"')],
        );
    });

    it("blocks conditions that do not pin the source: other keys, IfExists, ForAllValues, *", async () => {
        const conditions: Record<string, unknown>[] = [
            { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
            { StringEquals: { "aws:SourceVpce": "vpce-1" } },
            { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } },
            { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc" } },
            { ArnLike: { "aws:SourceArn": "*" } },
            { StringNotEquals: { "aws:SourceAccount": "999999999999" } },
        ];
        for (const Condition of conditions) {
            assert.deepEqual(
                await v(
                    () =>
                        new aws.s3.BucketPolicy("x", {
                            bucket: "data",
                            policy: open("s3:GetObject", "*", { Condition }),
                        }),
                ),
                [msg("x", "policy")],
                JSON.stringify(Condition),
            );
        }
    });

    it("blocks NotPrincipal with Allow", async () => {
        assert.deepEqual(
            await v(
                () =>
                    new aws.sns.TopicPolicy("x", {
                        arn: "t",
                        policy: doc({
                            Effect: "Allow",
                            NotPrincipal: { AWS: ROOT },
                            Action: "sns:Publish",
                            Resource: "*",
                        }),
                    }),
            ),
            [
                `mandatory ${rule} x: policy Statement[0] allows everyone but NotPrincipal without a condition on ${KEYS}: name the principals in Principal, or add one of those conditions.`,
            ],
        );
    });
});

// --- lambda-permission-scoped --------------------------------------------------------------------

describe("lambda-permission-scoped", () => {
    const rule = "lambda-permission-scoped";
    const v = (build: () => unknown) => violationsOf(rule, build);
    const permission = (args: Partial<aws.lambda.PermissionArgs>) =>
        new aws.lambda.Permission("perm", {
            function: "fn",
            action: "lambda:InvokeFunction",
            principal: "*",
            ...args,
        });
    const open = `mandatory ${rule} perm: principal "*" lets anyone invoke the function: name the principal, or set sourceArn, sourceAccount or principalOrgId.`;

    it("passes accounts, source-conditioned public grants and services with sourceArn", async () => {
        assert.deepEqual(
            await v(() => {
                const topic = new aws.sns.Topic("t");
                new aws.lambda.Permission("account", {
                    function: "fn",
                    action: "lambda:InvokeFunction",
                    principal: ACCOUNT,
                });
                new aws.lambda.Permission("org", {
                    function: "fn",
                    action: "lambda:InvokeFunction",
                    principal: "*",
                    principalOrgId: "o-abc",
                });
                new aws.lambda.Permission("acct", {
                    function: "fn",
                    action: "lambda:InvokeFunction",
                    principal: "*",
                    sourceAccount: ACCOUNT,
                });
                new aws.lambda.Permission("sns", {
                    function: "fn",
                    action: "lambda:InvokeFunction",
                    principal: "sns.amazonaws.com",
                    sourceArn: topic.arn,
                });
                new aws.lambda.Permission("events", {
                    function: "fn",
                    action: "lambda:InvokeFunction",
                    principal: "events.amazonaws.com",
                    sourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly`,
                });
                new aws.lambda.LayerVersionPermission("layer", {
                    layerName: "shared",
                    versionNumber: 1,
                    statementId: "org",
                    action: "lambda:GetLayerVersion",
                    principal: "*",
                    organizationId: "o-abc",
                });
            }),
            [],
        );
    });

    it('blocks principal "*" alone, with a public function URL, and with sourceArn "*"', async () => {
        assert.deepEqual(await v(() => permission({})), [open]);
        assert.deepEqual(
            await v(() =>
                permission({ action: "lambda:InvokeFunctionUrl", functionUrlAuthType: "NONE" }),
            ),
            [open],
        );
        assert.deepEqual(await v(() => permission({ sourceArn: "*" })), [open]);
    });

    it("blocks source conditions that name no specific source: every bucket, any account, o-*", async () => {
        assert.deepEqual(await v(() => permission({ sourceArn: "arn:aws:s3:::*" })), [open]);
        assert.deepEqual(await v(() => permission({ sourceAccount: "12345678901?" })), [open]);
        assert.deepEqual(await v(() => permission({ principalOrgId: "o-*" })), [open]);
        const service = `mandatory ${rule} perm: principal "s3.amazonaws.com" is a service without sourceArn: set sourceArn to the resource that invokes the function (bucket, rule, topic, API), so no other account's resource can (confused deputy).`;
        assert.deepEqual(
            await v(() =>
                permission({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::*" }),
            ),
            [service],
        );
        assert.deepEqual(
            await v(() =>
                permission({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::uploads" }),
            ),
            [],
        );
    });

    it("blocks a service principal without sourceArn, even with sourceAccount", async () => {
        const service = (p: string) =>
            `mandatory ${rule} perm: principal "${p}" is a service without sourceArn: set sourceArn to the resource that invokes the function (bucket, rule, topic, API), so no other account's resource can (confused deputy).`;
        assert.deepEqual(
            await v(() => permission({ principal: "s3.amazonaws.com", sourceAccount: ACCOUNT })),
            [service("s3.amazonaws.com")],
        );
        assert.deepEqual(await v(() => permission({ principal: "events.amazonaws.com" })), [
            service("events.amazonaws.com"),
        ]);
    });

    it('blocks a layer shared with "*" outside an organization', async () => {
        assert.deepEqual(
            await v(
                () =>
                    new aws.lambda.LayerVersionPermission("layer", {
                        layerName: "shared",
                        versionNumber: 1,
                        statementId: "public",
                        action: "lambda:GetLayerVersion",
                        principal: "*",
                    }),
            ),
            [
                `mandatory ${rule} layer: principal "*" shares the layer with every AWS account: set organizationId, or name the account.`,
            ],
        );
    });
});
