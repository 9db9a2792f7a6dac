#!/usr/bin/env node
// Entry point of `npm run plan`: load TypeScript (transpile only, with swc), then hand over to
// tools/plan.ts. Type checking is `npm run typecheck`. Whatever happens (success, violations,
// errors, Ctrl-C or SIGTERM), every process the plan started is stopped before it exits.
"use strict";
const path = require("path");
require("ts-node").register({
    transpileOnly: true,
    swc: true,
    project: path.join(__dirname, "..", "..", "tsconfig.json"),
});
const { main } = require("../plan");
const { stopChildren } = require("../engine/children");

const controller = new AbortController();
const SIGNAL_CODES = { SIGINT: 130, SIGTERM: 143 };
let signalled;
for (const sig of Object.keys(SIGNAL_CODES)) {
    process.on(sig, () => {
        if (signalled) return;
        signalled = sig;
        controller.abort();
    });
}

function finish(code) {
    stopChildren().then(() => process.exit(signalled ? SIGNAL_CODES[signalled] : code));
}

main(
    process.argv.slice(2),
    {
        out: (line) => process.stdout.write(line + "\n"),
        err: (line) => process.stderr.write(line + "\n"),
    },
    { signal: controller.signal },
).then(finish, (err) => {
    process.stderr.write(`error: ${err && err.stack ? err.stack : err}\n`);
    finish(2);
});
