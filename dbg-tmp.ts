import { runProgram } from "/work/main/tools/engine/run";
import { stackView } from "/work/main/tools/engine/flows";
(async () => {
    const run = await runProgram({ cwd: "/work/main", stack: process.argv[2] ?? "dev", known: process.argv[3] === "known" });
    const view = stackView(run.plan);
    const fs = require("fs");
    fs.writeFileSync("/tmp/view.json", JSON.stringify(view, null, 1));
    console.log("ok", view.length);
})();
