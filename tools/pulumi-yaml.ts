/**
 * `npm run config-schema`: rewrites, from the table in stacks/config.ts (the one source of every
 * key's type, description and default), the `config:` block of Pulumi.yaml and the config table
 * of README.md. test/config.test.ts and test/readme.test.ts fail when either is out of date.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { projectConfigSchema, PROJECT } from "../stacks/config";

const ROOT = path.join(__dirname, "..");

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();
}

/** The README table of config keys, one row per key, `aws:region` first. */
export function configTable(): string {
    const rows = [
        "| key | type | default | meaning |",
        "| --- | --- | --- | --- |",
        "| `aws:region` | string | (required) | AWS region of the stack, set by every stack file |",
    ];
    for (const [name, spec] of Object.entries(projectConfigSchema())) {
        const type = spec.type === "array" ? `array of ${spec.items?.type ?? "any"}` : spec.type;
        const def =
            spec.default === undefined ? "(required)" : `\`${JSON.stringify(spec.default)}\``;
        rows.push(
            `| \`${PROJECT}:${name}\` | ${type} | ${cell(def)} | ${cell(spec.description)} |`,
        );
    }
    return rows.join("\n");
}

/** Replaces the text between two marker lines. */
function replaceBlock(
    text: string,
    start: string,
    end: string,
    body: string,
    file: string,
): string {
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    if (a < 0 || b < a) throw new Error(`${file} has no ${start} ... ${end} block`);
    return text.slice(0, a + start.length) + "\n" + body + "\n" + text.slice(b);
}

function main(): void {
    const pulumiYaml = path.join(ROOT, "Pulumi.yaml");
    const text = fs.readFileSync(pulumiYaml, "utf8");
    const at = text.search(/^config:/m);
    if (at < 0) throw new Error(`${pulumiYaml} has no config: block`);
    fs.writeFileSync(
        pulumiYaml,
        text.slice(0, at) +
            yaml.dump({ config: projectConfigSchema() }, { lineWidth: 96, noRefs: true }),
    );

    const readme = path.join(ROOT, "README.md");
    const block = `<!-- prettier-ignore-start -->\n${configTable()}\n<!-- prettier-ignore-end -->`;
    fs.writeFileSync(
        readme,
        replaceBlock(
            fs.readFileSync(readme, "utf8"),
            "<!-- config:start -->",
            "<!-- config:end -->",
            block,
            readme,
        ),
    );
    process.stdout.write(
        "rewrote the config: block of Pulumi.yaml and the config table of README.md\n",
    );
}

if (require.main === module) main();
