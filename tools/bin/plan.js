#!/usr/bin/env node
// Entry point of `npm run plan`: load TypeScript (transpile only, as Pulumi runs programs), then
// hand over to tools/plan.ts. Type checking is `npm run typecheck`.
"use strict";
const path = require("path");
require("ts-node").register({
    transpileOnly: true,
    project: path.join(__dirname, "..", "..", "tsconfig.json"),
});
const { main } = require("../plan");
main(process.argv.slice(2), {
    out: (line) => process.stdout.write(line + "\n"),
    err: (line) => process.stderr.write(line + "\n"),
}).then(
    (code) => process.exit(code),
    (err) => {
        process.stderr.write(`error: ${err && err.stack ? err.stack : err}\n`);
        process.exit(2);
    },
);
