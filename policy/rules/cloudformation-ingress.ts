/**
 * `cloudformation-ingress`: security groups created by CloudFormation templates in the plan
 * (`AWS::EC2::SecurityGroup` inline `SecurityGroupIngress`, and `AWS::EC2::SecurityGroupIngress`)
 * let no internet-wide source in, alone or together with the template's other rules that reach
 * the same port (`0.0.0.0/1` + `128.0.0.0/1`), as `no-open-ingress` judges the program's own.
 * A template cannot show what uses its groups, so no port is exempt: an internet-facing load
 * balancer's group belongs in the program, where the pack sees the load balancer. Intrinsics are
 * evaluated over the template's parameters as cloudformation-iam evaluates them. Unreadable templates are `cloudformation-iam`'s.
 */
import { coversInternet, describeCoverage } from "../lib/cidr";
import {
    parseTemplate,
    REFERENCE,
    resolveIntrinsics,
    TemplateContext,
    templateContext,
} from "../lib/cloudformation";
import { listAt, objectAt } from "../lib/network";
import { isUnknown, resourceRule } from "../lib/rule";

/** One ingress rule of a template: where it is, its traffic, and its literal source blocks. */
interface Ingress {
    readonly where: string;
    readonly protocol: string;
    readonly from: number;
    readonly to: number;
    readonly cidrs: readonly string[];
}

/** A resolved string (a literal, or a parameter's value), or undefined (a reference). */
function text(value: unknown, ctx: TemplateContext): string | undefined {
    const r = resolveIntrinsics(value, ctx);
    return typeof r === "string" && r !== REFERENCE
        ? r
        : typeof r === "number"
          ? String(r)
          : undefined;
}

function ingressOf(where: string, rule: Record<string, unknown>, ctx: TemplateContext): Ingress {
    const protocol = String(text(rule.IpProtocol, ctx) ?? "").toLowerCase();
    const all = protocol === "-1" || protocol === "all";
    const port = (v: unknown, dflt: number) => {
        const n = Number(text(v, ctx) ?? NaN);
        return Number.isFinite(n) && n >= 0 ? n : dflt;
    };
    const cidrs = [rule.CidrIp, rule.CidrIpv6]
        .map((v) => text(v, ctx))
        .filter((c): c is string => typeof c === "string");
    return {
        where,
        protocol: all ? "all" : protocol === "6" ? "tcp" : protocol === "17" ? "udp" : protocol,
        from: all ? 0 : port(rule.FromPort, 0),
        to: all ? 65535 : port(rule.ToPort, 65535),
        cidrs,
    };
}

function reaches(i: Ingress, protocol: string, port: number): boolean {
    return i.protocol === "all" || (i.protocol === protocol && i.from <= port && port <= i.to);
}

function templateFindings(body: string, given: unknown): string[] {
    const parsed = parseTemplate(body);
    if ("error" in parsed) return [];
    const template = objectAt(parsed.template);
    const ctx = templateContext(parsed.template, given);
    const entries: Ingress[] = [];
    const out: string[] = [];
    for (const [id, r] of Object.entries(objectAt(template?.Resources) ?? {})) {
        const res = objectAt(r);
        const props = objectAt(res?.Properties) ?? {};
        const at = `templateBody Resources.${id}`;
        if (res?.Type === "AWS::EC2::SecurityGroup") {
            listAt(props.SecurityGroupIngress).forEach((rule, i) =>
                entries.push(
                    ingressOf(`${at}.SecurityGroupIngress[${i}]`, objectAt(rule) ?? {}, ctx),
                ),
            );
        } else if (res?.Type === "AWS::EC2::SecurityGroupIngress") {
            entries.push(ingressOf(at, props, ctx));
        }
    }
    for (const name of ctx.unresolved) {
        out.push(
            `templateBody reads parameter "${name}" in a security group rule, and it has neither a Default nor a value in the stack's parameters, so it could be 0.0.0.0/0 when deployed: give it a value the plan can see.`,
        );
    }
    for (const e of entries) {
        const wide = e.cidrs.filter((c) => coversInternet([c]));
        if (wide.length > 0) {
            out.push(
                `${e.where} allows ${wide.join(", ")} (${describeCoverage(wide)}) in on ${e.protocol} ${e.from}-${e.to}: allow known CIDRs or a source security group, and declare internet-facing groups in the program.`,
            );
        }
    }
    // Sources that only add up to the internet across rules reaching the same port.
    const reported = new Set(out.map((m) => m.split(" allows ")[0]));
    for (const e of entries) {
        const probe = e.protocol === "all" ? "tcp" : e.protocol;
        const together = entries.filter((x) => reaches(x, probe, e.from) && x.cidrs.length > 0);
        const blocks = together.flatMap((x) => x.cidrs);
        if (together.length < 2 || !coversInternet(blocks)) continue;
        if (together.every((x) => reported.has(x.where))) continue;
        const where = together.map((x) => x.where).join(", ");
        if (reported.has(where)) continue;
        reported.add(where);
        out.push(
            `${where} together allow ${blocks.join(", ")} (${describeCoverage(blocks)}) in on ${probe} ${e.from}: allow known CIDRs or a source security group, and declare internet-facing groups in the program.`,
        );
    }
    return out;
}

/** Security groups in CloudFormation templates let no internet-wide source in. */
export const rule = resourceRule({
    name: "cloudformation-ingress",
    description:
        "Security groups created by CloudFormation templates in the plan must not allow ingress from the internet (0.0.0.0/0, ::/0, or blocks whose union covers it).",
    unknowns:
        "Intrinsics are evaluated over the template's parameters (a parameter with no visible value is a violation); references to the template's resources are not CIDRs; an unknown or unreadable templateBody is cloudformation-iam's.",
    nearest: {
        checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260"],
    },
    types: ["aws:cloudformation/stack:Stack", "aws:cloudformation/stackSet:StackSet"],
    check: ({ props }) =>
        typeof props.templateBody === "string" && !isUnknown(props.templateBody)
            ? templateFindings(props.templateBody, props.parameters)
            : [],
});
