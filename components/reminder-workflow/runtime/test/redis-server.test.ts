import * as assert from "node:assert/strict";
import { startRedis } from "./redis-server";

describe("test redis-server", () => {
    it("says how to install redis-server when it is missing", async () => {
        const path = process.env.PATH;
        process.env.PATH = "/nonexistent";
        try {
            await assert.rejects(startRedis(), {
                message:
                    "redis-server is not installed: the reminder tests run against a real one " +
                    "(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)",
            });
        } finally {
            process.env.PATH = path;
        }
    });
});
