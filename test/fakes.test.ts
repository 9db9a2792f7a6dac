import * as assert from "node:assert/strict";
import { FAKE_ACCOUNT, invokeResult, UnsupportedInvokeError } from "../tools/engine/fakes";

/**
 * Offline stand-ins for data sources that real programs (the pulumi/examples AWS TypeScript
 * programs, issue #18) read: each answers in the shape the program goes on to parse.
 */
describe("offline engine: data-source stand-ins", () => {
    describe("aws.ssm.getParameter", () => {
        const get = (name: string) =>
            invokeResult("aws:ssm/getParameter:getParameter", { name }, "us-east-1");

        it("answers the ECS-optimized AMI's recommended parameter with its JSON, whose image_id awsx.classic reads", () => {
            const r = get("/aws/service/ecs/optimized-ami/amazon-linux/recommended");
            const value = JSON.parse(r.value as string);
            assert.deepEqual(Object.keys(value).sort(), [
                "ecs_agent_version",
                "ecs_runtime_version",
                "image_id",
                "image_name",
                "os",
                "schema_version",
                "source_image_name",
            ]);
            assert.match(value.image_id, /^ami-0[0-9a-f]{16}$/);
            assert.equal(
                r.arn,
                "arn:aws:ssm:us-east-1::parameter/aws/service/ecs/optimized-ami/amazon-linux/recommended",
            );
            assert.equal(r.type, "String");
            assert.equal(r.insecureValue, r.value);
        });

        it("answers AMI parameters with an image id, stable for the same name", () => {
            for (const name of [
                "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id",
                "/aws/service/eks/optimized-ami/1.31/amazon-linux-2/recommended/image_id",
                "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
            ]) {
                assert.match(get(name).value as string, /^ami-0[0-9a-f]{16}$/, name);
                assert.equal(get(name).value, get(name).value);
            }
        });

        it("answers the stack's own parameters with a placeholder in its account", () => {
            const r = get("/myapp/db-host");
            assert.equal(r.value, "offline-plan-stand-in-value");
            assert.equal(r.arn, `arn:aws:ssm:us-east-1:${FAKE_ACCOUNT}:parameter/myapp/db-host`);
            assert.equal(r.id, "/myapp/db-host");
        });
    });

    it("aws.organizations.getOrganization answers the account's organization with one root, in AWS's id formats", () => {
        const r = invokeResult(
            "aws:organizations/getOrganization:getOrganization",
            {},
            "us-east-1",
        ) as {
            id: string;
            arn: string;
            masterAccountId: string;
            roots: { id: string; arn: string; name: string; policyTypes: unknown[] }[];
            accounts: { id: string }[];
        };
        assert.match(r.id, /^o-[0-9a-f]{10}$/);
        assert.equal(r.arn, `arn:aws:organizations::${FAKE_ACCOUNT}:organization/${r.id}`);
        assert.equal(r.masterAccountId, FAKE_ACCOUNT);
        assert.deepEqual(
            r.accounts.map((a) => a.id),
            [FAKE_ACCOUNT],
        );
        assert.equal(r.roots.length, 1);
        assert.match(r.roots[0].id, /^r-[0-9a-f]{4}$/);
        assert.equal(
            r.roots[0].arn,
            `arn:aws:organizations::${FAKE_ACCOUNT}:root/${r.id}/${r.roots[0].id}`,
        );
        assert.equal(r.roots[0].name, "Root");
    });

    it("aws.route53.getZone answers the named zone with a Route 53 zone id", () => {
        const r = invokeResult(
            "aws:route53/getZone:getZone",
            { name: "example.com." },
            "us-east-1",
        );
        assert.match(r.zoneId as string, /^Z[0-9A-F]{20}$/);
        assert.equal(r.id, r.zoneId);
        assert.equal(r.name, "example.com");
        assert.equal(r.arn, `arn:aws:route53:::hostedzone/${String(r.zoneId)}`);
        assert.equal(r.privateZone, false);
        assert.equal(
            invokeResult("aws:route53/getZone:getZone", { name: "example.com" }, "us-east-1")
                .zoneId,
            r.zoneId,
        );
        assert.equal(
            invokeResult("aws:route53/getZone:getZone", { zoneId: "Z123" }, "us-east-1").zoneId,
            "Z123",
        );
    });

    it("aws.ecr.getAuthorizationToken answers the account's registry with a placeholder password", () => {
        const r = invokeResult(
            "aws:ecr/getAuthorizationToken:getAuthorizationToken",
            {},
            "eu-west-1",
        );
        assert.equal(r.proxyEndpoint, `https://${FAKE_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`);
        assert.equal(r.userName, "AWS");
        assert.equal(r.password, "offline-plan-placeholder-ecr-password");
        assert.equal(
            Buffer.from(r.authorizationToken as string, "base64").toString(),
            "AWS:offline-plan-placeholder-ecr-password",
        );
        assert.equal(r.registryId, FAKE_ACCOUNT);
    });

    it("still refuses a data source it has no answer for, naming where to add one", () => {
        assert.throws(
            () => invokeResult("aws:glue/getScript:getScript", {}, "us-east-1"),
            (err: Error) =>
                err instanceof UnsupportedInvokeError &&
                err.message ===
                    "the offline engine has no answer for the data source aws:glue/getScript:getScript; " +
                        "add one to tools/engine/fakes.ts (invokeResult)",
        );
    });
});
