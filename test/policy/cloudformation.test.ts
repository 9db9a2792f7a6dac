/** policy/lib/cloudformation.ts: what a template's intrinsics compute, as far as a plan sees. */
import * as assert from "node:assert/strict";
import { REFERENCE, resolveIntrinsics, templateContext } from "../../policy/lib/cloudformation";

const TEMPLATE = {
    Parameters: {
        Action: { Type: "String", Default: "s3:*" },
        Bucket: { Type: "String" },
        Given: { Type: "String" },
    },
    Mappings: { Env: { prod: { Action: "s3:GetObject" }, dev: { Action: "*" } } },
    Resources: { Data: { Type: "AWS::S3::Bucket" } },
};

describe("policy/lib/cloudformation intrinsics", () => {
    it("evaluates Ref, Fn::Sub, Fn::Join, Fn::Select, Fn::FindInMap and Fn::If over parameters", () => {
        const cases: [unknown, unknown, string[]][] = [
            [{ Ref: "Action" }, "s3:*", []],
            [{ Ref: "Given" }, "s3:GetObject", []],
            // No Default and no value given: anything at deploy, read as "*".
            [{ Ref: "Bucket" }, "*", ["Bucket"]],
            [{ Ref: "Data" }, REFERENCE, []],
            [{ Ref: "AWS::Partition" }, "aws", []],
            [{ "Fn::Sub": "arn:${AWS::Partition}:s3:::${Data}/*" }, "arn:aws:s3:::ref/*", []],
            [{ "Fn::Sub": "arn:aws:s3:::${Bucket}/*" }, "arn:aws:s3:::*/*", ["Bucket"]],
            [{ "Fn::Sub": ["${X}:*", { X: "s3" }] }, "s3:*", []],
            [{ "Fn::Join": ["", ["s3", ":", "Get*"]] }, "s3:Get*", []],
            [{ "Fn::Join": ["", [{ "Fn::GetAtt": ["Data", "Arn"] }, "/*"]] }, "ref/*", []],
            [{ "Fn::Select": [1, ["s3:GetObject", "*"]] }, "*", []],
            [{ "Fn::FindInMap": ["Env", "prod", "Action"] }, "s3:GetObject", []],
            // A key the plan cannot see: every value of the map.
            [
                { "Fn::FindInMap": ["Env", { Ref: "AWS::StackName" }, "Action"] },
                ["s3:GetObject", "*"],
                [],
            ],
            [{ "Fn::If": ["C", "*", "s3:GetObject"] }, ["*", "s3:GetObject"], []],
            [
                ["s3:PutObject", { "Fn::If": ["C", "*", "s3:GetObject"] }],
                ["s3:PutObject", "*", "s3:GetObject"],
                [],
            ],
            [{ "Fn::ImportValue": "shared-arn" }, REFERENCE, []],
        ];
        for (const [value, expected, unresolved] of cases) {
            const ctx = templateContext(TEMPLATE, { Given: "s3:GetObject" });
            assert.deepEqual(resolveIntrinsics(value, ctx), expected, JSON.stringify(value));
            assert.deepEqual([...ctx.unresolved], unresolved, JSON.stringify(value));
        }
    });

    it("reads a parameter given a value unknown during preview as anything", () => {
        const ctx = templateContext(TEMPLATE, { Given: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        assert.equal(resolveIntrinsics({ Ref: "Given" }, ctx), "*");
        assert.deepEqual([...ctx.unresolved], ["Given"]);
    });
});
