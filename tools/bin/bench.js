#!/usr/bin/env node
// Entry point of `npm run bench -- <name>`: runs bench/<name>.ts (TypeScript, transpile only).
// Benchmarks print `name=value` lines and their headline `ratio=` last; they are never tests.
"use strict";
const fs = require("fs");
const path = require("path");
const name = process.argv[2];
const dir = path.join(__dirname, "..", "..", "bench");
const available = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
    process.stderr.write(`usage: npm run bench -- <name>   (one of: ${available.join(", ")})\n`);
    process.exit(2);
}
require("ts-node").register({
    transpileOnly: true,
    project: path.join(__dirname, "..", "..", "tsconfig.json"),
});
Promise.resolve(require(path.join(dir, name)).run(process.argv.slice(3))).then(
    () => process.exit(0),
    (err) => {
        process.stderr.write(`error: ${err && err.stack ? err.stack : err}\n`);
        process.exit(1);
    },
);
