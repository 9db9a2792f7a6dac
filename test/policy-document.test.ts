/**
 * The offline answer to aws:iam/getPolicyDocument against the provider's own expectations.
 *
 * Expected documents come from hashicorp/terraform-provider-aws:
 * - TEST: internal/service/iam/policy_document_data_source_test.go (testAccPolicyDocument*
 *   configs and their ExpectedJSON), with the partition set to "aws";
 * - DOCS: website/docs/d/iam_policy_document.html.markdown ("... will evaluate to:").
 * Both predate provider v5.0.0, which stopped rendering an empty `"Sid": ""` (PR #28539; the
 * iamPolicyStatement struct's `json:",omitempty"` Sid tag in policy_model.go), so those lines are
 * dropped from the cited expectations; nothing else is changed.
 */
import * as assert from "node:assert/strict";
import * as zlib from "zlib";
import { policyDocumentResult } from "../tools/engine/policy-document";

interface Case {
    name: string;
    args: Record<string, unknown>;
    json: string;
    /** Defaults to `json` re-serialised compactly (safe when it holds no <, > or &). */
    minified?: string;
}

/** A document rendered by the provider, as the source/override tests feed it back in. */
function rendered(args: Record<string, unknown>): string {
    return policyDocumentResult(args).json as string;
}

const BASIC_STATEMENTS = [
    {
        sid: "1",
        actions: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"],
        resources: ["arn:aws:s3:::*"],
    },
    {
        actions: ["s3:ListBucket"],
        resources: ["arn:aws:s3:::foo"],
        conditions: [
            {
                test: "StringLike",
                variable: "s3:prefix",
                values: ["home/", "", "home/&{aws:username}/"],
            },
        ],
        notPrincipals: [{ type: "AWS", identifiers: ["arn:blahblah:example"] }],
    },
    {
        actions: ["s3:*"],
        resources: [
            "arn:aws:s3:::foo/home/&{aws:username}",
            "arn:aws:s3:::foo/home/&{aws:username}/*",
        ],
        principals: [{ type: "AWS", identifiers: ["arn:blahblah:example"] }],
    },
    { effect: "Deny", notActions: ["s3:*"], notResources: ["arn:aws:s3:::*"] },
    { effect: "Allow", actions: ["kinesis:*"], principals: [{ type: "AWS", identifiers: ["*"] }] },
    { effect: "Allow", actions: ["firehose:*"], principals: [{ type: "*", identifiers: ["*"] }] },
];

const cases: Case[] = [
    {
        // TEST: testAccPolicyDocumentVersion20081017DataSourceConfig.
        name: "one statement with a single action and resource (version 2008-10-17)",
        args: { version: "2008-10-17", statements: [{ actions: ["ec2:*"], resources: ["*"] }] },
        json: `{
  "Version": "2008-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    }
  ]
}`,
    },
    {
        // The same with every default taken: no Sid, Effect "Allow", Version "2012-10-17".
        name: "one statement with defaults, and its literal minified form",
        args: { statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::b/*"
    }
  ]
}`,
        minified:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",' +
            '"Resource":"arn:aws:s3:::b/*"}]}',
    },
    {
        // TEST: testAccPolicyDocumentConfig / testAccPolicyDocumentExpectedJSON: several actions
        // sort descending, &{ becomes ${, AWS "*" stays an object, type "*" becomes "*",
        // not_actions/not_resources, a not_principals block and a condition.
        name: "the provider's basic document",
        args: { policyId: "policy_id", statements: BASIC_STATEMENTS },
        json: `{
  "Version": "2012-10-17",
  "Id": "policy_id",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::foo",
      "NotPrincipal": {
        "AWS": "arn:blahblah:example"
      },
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/",
            "",
            "home/\${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::foo/home/\${aws:username}/*",
        "arn:aws:s3:::foo/home/\${aws:username}"
      ],
      "Principal": {
        "AWS": "arn:blahblah:example"
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "NotResource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "kinesis:*",
      "Principal": {
        "AWS": "*"
      }
    },
    {
      "Effect": "Allow",
      "Action": "firehose:*",
      "Principal": "*"
    }
  ]
}`,
    },
    {
        // Ordering: actions are a set rendered sorted descending (policyDecodeConfigStrings),
        // duplicates collapse, and input order does not matter.
        name: "several actions and resources sort descending and de-duplicate",
        args: {
            statements: [
                {
                    actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObject"],
                    resources: ["arn:aws:s3:::a", "arn:aws:s3:::a/*"],
                },
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:PutObject",
        "s3:GetObject",
        "s3:DeleteObject"
      ],
      "Resource": [
        "arn:aws:s3:::a/*",
        "arn:aws:s3:::a"
      ]
    }
  ]
}`,
    },
    {
        // TEST: testAccPolicyDocumentStatementPrincipalIdentifiersStringAndSliceConfig.
        name: "two AWS principal blocks: a string and a list merge into one list",
        args: {
            statements: [
                {
                    actions: ["*"],
                    resources: ["*"],
                    sid: "StatementPrincipalIdentifiersStringAndSlice",
                    principals: [
                        { identifiers: ["arn:aws:iam::111111111111:root"], type: "AWS" },
                        {
                            identifiers: [
                                "arn:aws:iam::222222222222:root",
                                "arn:aws:iam::333333333333:root",
                            ],
                            type: "AWS",
                        },
                    ],
                },
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StatementPrincipalIdentifiersStringAndSlice",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws:iam::111111111111:root",
          "arn:aws:iam::333333333333:root",
          "arn:aws:iam::222222222222:root"
        ]
      }
    }
  ]
}`,
    },
    {
        // TEST: testAccPolicyDocumentStatementPrincipalIdentifiersMultiplePrincipalsConfig. The
        // blocks concatenate in the SDK set's order (hash codes as decimal strings), which is
        // why the provider's expected output differs between partitions; see the next case.
        name: "three AWS principal blocks concatenate in SDK set order (aws partition)",
        args: {
            statements: [
                {
                    actions: ["*"],
                    resources: ["*"],
                    sid: "StatementPrincipalIdentifiersStringAndSlice",
                    principals: [
                        {
                            identifiers: [
                                "arn:aws:iam::111111111111:root",
                                "arn:aws:iam::222222222222:root",
                            ],
                            type: "AWS",
                        },
                        { identifiers: ["arn:aws:iam::333333333333:root"], type: "AWS" },
                        { identifiers: ["arn:aws:iam::444444444444:root"], type: "AWS" },
                    ],
                },
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StatementPrincipalIdentifiersStringAndSlice",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws:iam::333333333333:root",
          "arn:aws:iam::444444444444:root",
          "arn:aws:iam::222222222222:root",
          "arn:aws:iam::111111111111:root"
        ]
      }
    }
  ]
}`,
    },
    {
        // TEST: testAccPolicyDocumentExpectedJSONStatementPrincipalIdentifiersMultiplePrincipalsGov.
        name: "three AWS principal blocks concatenate in SDK set order (aws-us-gov partition)",
        args: {
            statements: [
                {
                    actions: ["*"],
                    resources: ["*"],
                    sid: "StatementPrincipalIdentifiersStringAndSlice",
                    principals: [
                        {
                            identifiers: [
                                "arn:aws-us-gov:iam::111111111111:root",
                                "arn:aws-us-gov:iam::222222222222:root",
                            ],
                            type: "AWS",
                        },
                        { identifiers: ["arn:aws-us-gov:iam::333333333333:root"], type: "AWS" },
                        { identifiers: ["arn:aws-us-gov:iam::444444444444:root"], type: "AWS" },
                    ],
                },
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StatementPrincipalIdentifiersStringAndSlice",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws-us-gov:iam::333333333333:root",
          "arn:aws-us-gov:iam::222222222222:root",
          "arn:aws-us-gov:iam::111111111111:root",
          "arn:aws-us-gov:iam::444444444444:root"
        ]
      }
    }
  ]
}`,
    },
    {
        // DOCS: "Example Assume-Role Policy with Multiple Principals" (no rendered output in
        // the docs): principal types render as a map, so sorted (AWS, Federated, Service).
        name: "Service, AWS and Federated principals in one statement",
        args: {
            statements: [
                {
                    actions: ["sts:AssumeRole"],
                    principals: [
                        { type: "Service", identifiers: ["firehose.amazonaws.com"] },
                        { type: "AWS", identifiers: ["arn:aws:iam::123456789012:role/trusted"] },
                        {
                            type: "Federated",
                            identifiers: [
                                "arn:aws:iam::123456789012:saml-provider/corp",
                                "cognito-identity.amazonaws.com",
                            ],
                        },
                    ],
                },
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": {
        "AWS": "arn:aws:iam::123456789012:role/trusted",
        "Federated": [
          "cognito-identity.amazonaws.com",
          "arn:aws:iam::123456789012:saml-provider/corp"
        ],
        "Service": "firehose.amazonaws.com"
      }
    }
  ]
}`,
    },
    {
        // DOCS: "Example Multiple Condition Keys and Values" (as in the @pulumi/aws 7.x docs).
        name: "conditions group by test, then variable, both sorted",
        args: {
            statements: [
                {
                    actions: ["kms:Decrypt", "kms:GenerateDataKey"],
                    resources: ["*"],
                    conditions: [
                        {
                            test: "ForAnyValue:StringEquals",
                            variable: "kms:EncryptionContext:service",
                            values: ["pi"],
                        },
                        {
                            test: "ForAnyValue:StringEquals",
                            variable: "kms:EncryptionContext:aws:pi:service",
                            values: ["rds"],
                        },
                        {
                            test: "ForAnyValue:StringEquals",
                            variable: "kms:EncryptionContext:aws:rds:db-id",
                            values: [
                                "db-AAAAABBBBBCCCCCDDDDDEEEEE",
                                "db-EEEEEDDDDDCCCCCBBBBBAAAAA",
                            ],
                        },
                    ],
                },
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "kms:GenerateDataKey",
        "kms:Decrypt"
      ],
      "Resource": "*",
      "Condition": {
        "ForAnyValue:StringEquals": {
          "kms:EncryptionContext:aws:pi:service": "rds",
          "kms:EncryptionContext:aws:rds:db-id": [
            "db-AAAAABBBBBCCCCCDDDDDEEEEE",
            "db-EEEEEDDDDDCCCCCBBBBBAAAAA"
          ],
          "kms:EncryptionContext:service": "pi"
        }
      }
    }
  ]
}`,
    },
    {
        // TEST: testAccPolicyDocumentConfig_SingleConditionValue, plus a second test operator.
        name: "several condition tests; a single value renders as a string",
        args: {
            statements: [
                {
                    effect: "Deny",
                    principals: [{ type: "AWS", identifiers: ["*"] }],
                    actions: ["elasticfilesystem:*"],
                    resources: ["*"],
                    conditions: [
                        { test: "Bool", variable: "aws:SecureTransport", values: ["false"] },
                        {
                            test: "StringNotEquals",
                            variable: "aws:PrincipalOrgID",
                            values: ["o-b", "o-a"],
                        },
                    ],
                },
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "elasticfilesystem:*",
      "Resource": "*",
      "Principal": {
        "AWS": "*"
      },
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        },
        "StringNotEquals": {
          "aws:PrincipalOrgID": [
            "o-b",
            "o-a"
          ]
        }
      }
    }
  ]
}`,
    },
    {
        // Go's encoder escapes &, < and > in both renderings.
        name: "HTML characters are escaped as Go's encoding/json does",
        args: {
            statements: [
                {
                    actions: ["s3:GetObject"],
                    resources: ["*"],
                    conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["a&b<c>"] }],
                },
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*",
      "Condition": {
        "StringLike": {
          "s3:prefix": "a\\u0026b\\u003cc\\u003e"
        }
      }
    }
  ]
}`,
        minified:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",' +
            '"Resource":"*","Condition":{"StringLike":{"s3:prefix":"a\\u0026b\\u003cc\\u003e"}}}]}',
    },
    {
        // DOCS: "Example Using A Source Document".
        name: "a source document's statement is overridden by a config statement with its Sid",
        args: {
            sourcePolicyDocuments: [
                rendered({
                    statements: [
                        { actions: ["ec2:*"], resources: ["*"] },
                        { sid: "SidToOverride", actions: ["s3:*"], resources: ["*"] },
                    ],
                }),
            ],
            statements: [
                {
                    sid: "SidToOverride",
                    actions: ["s3:*"],
                    resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"],
                },
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    },
    {
      "Sid": "SidToOverride",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::somebucket/*",
        "arn:aws:s3:::somebucket"
      ]
    }
  ]
}`,
    },
    {
        // DOCS: "Example Using An Override Document".
        name: "an override document replaces the config statement with the same Sid",
        args: {
            overridePolicyDocuments: [
                rendered({
                    statements: [{ sid: "SidToOverride", actions: ["s3:*"], resources: ["*"] }],
                }),
            ],
            statements: [
                { actions: ["ec2:*"], resources: ["*"] },
                {
                    sid: "SidToOverride",
                    actions: ["s3:*"],
                    resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"],
                },
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    },
    {
      "Sid": "SidToOverride",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}`,
    },
    {
        // DOCS: "Example with Both Source and Override Documents".
        name: "source and override documents without statements",
        args: {
            sourcePolicyDocuments: [
                rendered({
                    statements: [
                        {
                            sid: "OverridePlaceholder",
                            actions: ["ec2:DescribeAccountAttributes"],
                            resources: ["*"],
                        },
                    ],
                }),
            ],
            overridePolicyDocuments: [
                rendered({
                    statements: [
                        { sid: "OverridePlaceholder", actions: ["s3:GetObject"], resources: ["*"] },
                    ],
                }),
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OverridePlaceholder",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}`,
    },
    {
        // DOCS: "Example of Merging Source Documents".
        name: "several source documents merge in order",
        args: {
            sourcePolicyDocuments: [
                rendered({
                    statements: [
                        { actions: ["ec2:*"], resources: ["*"] },
                        { sid: "UniqueSidOne", actions: ["s3:*"], resources: ["*"] },
                    ],
                }),
                rendered({
                    statements: [
                        { sid: "UniqueSidTwo", actions: ["iam:*"], resources: ["*"] },
                        { actions: ["lambda:*"], resources: ["*"] },
                    ],
                }),
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    },
    {
      "Sid": "UniqueSidOne",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    },
    {
      "Sid": "UniqueSidTwo",
      "Effect": "Allow",
      "Action": "iam:*",
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "lambda:*",
      "Resource": "*"
    }
  ]
}`,
    },
    {
        // TEST: testAccPolicyDocumentOverrideListConfig. A later override replaces an earlier
        // one's statement in place; a hand-written document keeps its own lists and keys.
        name: "several override documents merge in order, replacing by Sid in place",
        args: {
            version: "2012-10-17",
            overridePolicyDocuments: [
                rendered({
                    statements: [
                        { sid: "", effect: "Allow", actions: ["foo:ActionOne"] },
                        { sid: "overrideSid", effect: "Allow", actions: ["bar:ActionOne"] },
                    ],
                }),
                rendered({
                    statements: [{ sid: "validSid", effect: "Deny", actions: ["foo:ActionTwo"] }],
                }),
                rendered({
                    statements: [
                        { sid: "overrideSid", effect: "Deny", actions: ["bar:ActionOne"] },
                    ],
                }),
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "foo:ActionOne"
    },
    {
      "Sid": "overrideSid",
      "Effect": "Deny",
      "Action": "bar:ActionOne"
    },
    {
      "Sid": "validSid",
      "Effect": "Deny",
      "Action": "foo:ActionTwo"
    }
  ]
}`,
    },
    {
        // policy_model.go's UnmarshalJSON/MarshalJSON round trip of a hand-written document:
        // Action lists keep their order, principal lists re-sort descending, a bool condition
        // becomes "true", and a one-item condition list flattens to a string.
        name: "a hand-written source document is normalised as the provider re-renders it",
        args: {
            sourcePolicyDocuments: [
                JSON.stringify({
                    Version: "2012-10-17",
                    Id: "handwritten",
                    Statement: [
                        {
                            Sid: "Hand",
                            Effect: "Allow",
                            Action: ["b:One", "a:Two"],
                            Principal: { Service: ["a.amazonaws.com", "b.amazonaws.com"] },
                            Condition: {
                                Bool: { "aws:SecureTransport": true },
                                StringEquals: { "aws:SourceAccount": ["123456789012"] },
                            },
                        },
                    ],
                }),
            ],
        },
        json: `{
  "Version": "2012-10-17",
  "Id": "handwritten",
  "Statement": [
    {
      "Sid": "Hand",
      "Effect": "Allow",
      "Action": [
        "b:One",
        "a:Two"
      ],
      "Principal": {
        "Service": [
          "b.amazonaws.com",
          "a.amazonaws.com"
        ]
      },
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "true"
        },
        "StringEquals": {
          "aws:SourceAccount": "123456789012"
        }
      }
    }
  ]
}`,
    },
];

describe("policyDocumentResult (aws:iam/getPolicyDocument)", () => {
    for (const c of cases) {
        it(c.name, () => {
            const result = policyDocumentResult(c.args);
            assert.equal(result.json, c.json);
            assert.equal(result.minifiedJson, c.minified ?? JSON.stringify(JSON.parse(c.json)));
        });
    }

    it("ids the result by the crc32 of the indented JSON, and echoes inputs with defaults", () => {
        const args = { statements: [{ actions: ["s3:GetObject"], resources: ["*"] }] };
        const result = policyDocumentResult(args);
        assert.equal(result.id, String(zlib.crc32(result.json as string)));
        assert.equal(result.version, "2012-10-17");
        assert.deepEqual(result.statements, [
            { actions: ["s3:GetObject"], resources: ["*"], effect: "Allow" },
        ]);
    });

    const errors: { name: string; args: Record<string, unknown>; message: string }[] = [
        {
            // dataSourcePolicyDocumentRead; TEST: testAccPolicyDocumentDuplicateSidConfig.
            name: "duplicate Sids in the statements",
            args: {
                statements: [
                    { sid: "1", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"] },
                    { sid: "1", actions: ["s3:GetObject"], resources: ["*"] },
                ],
            },
            message:
                "writing IAM Policy Document: duplicate Sid (1). Remove the Sid or ensure the " +
                "Sid is unique.",
        },
        {
            // TEST: testAccPolicyDocumentSourceListConflictingConfig.
            name: "duplicate Sids across source documents",
            args: {
                sourcePolicyDocuments: [
                    rendered({
                        statements: [
                            { sid: "", actions: ["foo:ActionOne"] },
                            { sid: "conflictSid", actions: ["bar:ActionOne"] },
                        ],
                    }),
                    rendered({ statements: [{ sid: "validSid", actions: ["foo:ActionTwo"] }] }),
                    rendered({ statements: [{ sid: "conflictSid", actions: ["bar:ActionTwo"] }] }),
                ],
            },
            message:
                "writing IAM Policy Document: merging source document 2: duplicate Sid " +
                "(conflictSid) in source_policy_documents (statement 0). Remove the Sid or " +
                "ensure Sids are unique.",
        },
        {
            // dataSourcePolicyDocumentReplaceVarsInList; TEST: ...Version20081017Conversion*.
            name: "a policy variable in a 2008-10-17 document",
            args: {
                version: "2008-10-17",
                statements: [
                    { actions: ["*"], resources: ["arn:aws:s3:::foo/home/&{aws:username}"] },
                ],
            },
            message:
                "reading resources: found &{ sequence in (arn:aws:s3:::foo/home/&{aws:username}), " +
                "which is not supported in document version 2008-10-17",
        },
        {
            name: "a policy variable in a 2008-10-17 principal",
            args: {
                version: "2008-10-17",
                statements: [
                    {
                        actions: ["*"],
                        principals: [{ type: "AWS", identifiers: ["&{aws:username}"] }],
                    },
                ],
            },
            message:
                "reading principals: reading identifiers: found &{ sequence in " +
                "(&{aws:username}), which is not supported in document version 2008-10-17",
        },
        {
            // The schema's validation.StringInSlice (terraform-plugin-sdk v2 prints %q).
            name: "an effect other than Allow or Deny",
            args: { statements: [{ effect: "Permit", actions: ["*"] }] },
            message: 'expected statement.0.effect to be one of ["Allow" "Deny"], got Permit',
        },
        {
            name: "an unknown version",
            args: { version: "2020-01-01" },
            message: 'expected version to be one of ["2008-10-17" "2012-10-17"], got 2020-01-01',
        },
        {
            // validation.StringIsJSON with Go's scanner message.
            name: "a source document that is not JSON",
            args: { sourcePolicyDocuments: ['{"Statement": [}'] },
            message:
                "\"source_policy_documents.0\" contains an invalid JSON: invalid character '}' " +
                "looking for beginning of value",
        },
        {
            // override_json/source_json survive only as empty strings (issue #31637).
            name: "a non-empty deprecated override_json",
            args: { overrideJson: "{}" },
            message: 'expected "override_json" to be an empty string: got {}',
        },
    ];
    for (const e of errors) {
        it(`fails as the provider does on ${e.name}`, () => {
            assert.throws(() => policyDocumentResult(e.args), { message: e.message });
        });
    }
});
