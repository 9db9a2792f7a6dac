import {
    allowStatements,
    anyResourceOf,
    DocumentKind,
    escalationsIn,
    forbiddenManagedPolicy,
    isAnyResourceOnlyAction,
    isPublicPrincipal,
    isWildcardAction,
    parseDocument,
    principalLabel,
    restrictsKey,
    SOURCE_CONDITION_KEYS,
} from "../lib/iam";
import { isUnknown, resourceRule } from "../lib/rule";
import { listAt, objectAt } from "../lib/network";
import {
    parseTemplate,
    resolveIntrinsics,
    TemplateContext,
    templateContext,
} from "../lib/cloudformation";

const STACK = "aws:cloudformation/stack:Stack";
const STACK_SET = "aws:cloudformation/stackSet:StackSet";

/** Where IAM documents sit in CloudFormation resources. */
function documents(
    type: string,
    props: Record<string, unknown>,
): [string, DocumentKind, unknown][] {
    const out: [string, DocumentKind, unknown][] = [];
    const inline = () =>
        listAt(props.Policies).forEach((p, i) =>
            out.push([`Policies[${i}].PolicyDocument`, "identity", objectAt(p)?.PolicyDocument]),
        );
    switch (type) {
        case "AWS::IAM::Policy":
        case "AWS::IAM::ManagedPolicy":
        case "AWS::IAM::RolePolicy":
        case "AWS::IAM::UserPolicy":
        case "AWS::IAM::GroupPolicy":
            out.push(["PolicyDocument", "identity", props.PolicyDocument]);
            break;
        case "AWS::IAM::Role":
            out.push(["AssumeRolePolicyDocument", "trust", props.AssumeRolePolicyDocument]);
            inline();
            break;
        case "AWS::IAM::User":
        case "AWS::IAM::Group":
            inline();
            break;
        case "AWS::ECR::Repository":
            out.push(["RepositoryPolicyText", "resource", props.RepositoryPolicyText]);
            break;
        case "AWS::S3::BucketPolicy":
        case "AWS::SQS::QueuePolicy":
        case "AWS::SNS::TopicPolicy":
        case "AWS::KMS::Key":
        case "AWS::SecretsManager::ResourcePolicy":
            out.push([
                type === "AWS::KMS::Key" ? "KeyPolicy" : "PolicyDocument",
                "resource",
                type === "AWS::KMS::Key"
                    ? props.KeyPolicy
                    : (props.PolicyDocument ?? props.ResourcePolicy),
            ]);
            break;
    }
    return out.filter(([, , v]) => v !== undefined);
}

function documentProblems(
    where: string,
    kind: DocumentKind,
    value: unknown,
    ctx: TemplateContext,
): string[] {
    const doc = parseDocument({
        path: where,
        location: { path: where, kind, acceptsObject: true },
        value: resolveIntrinsics(typeof value === "string" ? safeJson(value) : value, ctx),
    });
    const problems = doc.malformed.map((m) => `${where} ${m}: write a valid IAM policy document.`);
    for (const { statement } of allowStatements([doc])) {
        const at = `${where} ${statement.label}`;
        for (const a of statement.actions.filter(isWildcardAction)) {
            problems.push(`${at} allows "${a}": name the actions, not every action of a service.`);
        }
        if (statement.hasNotAction || (kind === "identity" && statement.hasNotResource)) {
            problems.push(
                `${at} allows with NotAction or NotResource: list actions and resources.`,
            );
        }
        if (kind === "identity") {
            const any = anyResourceOf(statement);
            const granted = statement.actions.filter((a) => !isAnyResourceOnlyAction(a));
            if (any !== undefined && granted.length > 0) {
                problems.push(
                    `${at} allows ${granted.map((a) => `"${a}"`).join(", ")} on "${any}": name the resource ARNs.`,
                );
            }
            const anyInAccount = anyResourceOf(statement, "one-account");
            if (anyInAccount !== undefined) {
                const escalations = [...new Set(statement.actions.flatMap(escalationsIn))];
                if (escalations.length > 0) {
                    problems.push(
                        `${at} allows privilege escalation (${escalations.join(", ")}) on "${anyInAccount}": name the ARNs it may act on.`,
                    );
                }
            }
        } else {
            const pinned = SOURCE_CONDITION_KEYS.some((k) => restrictsKey(statement, k));
            for (const p of (statement.principals ?? []).filter(isPublicPrincipal)) {
                if (kind === "resource" && pinned) continue;
                problems.push(
                    `${at} allows ${principalLabel(p)} (anyone): name the principals${kind === "resource" ? ", or add an aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID condition" : ""}.`,
                );
            }
            if (statement.notPrincipals !== undefined) {
                problems.push(`${at} uses NotPrincipal with Allow: name the principals instead.`);
            }
        }
    }
    return problems;
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/**
 * Lambda permissions and function URLs in a template: no public principal without a source
 * condition, no service principal without SourceArn, no URL without IAM authorization.
 */
function lambdaProblems(
    where: string,
    type: string,
    props: Record<string, unknown>,
    ctx: TemplateContext,
): string[] {
    const value = (v: unknown) => {
        const r = resolveIntrinsics(v, ctx);
        return typeof r === "string" ? r : undefined;
    };
    if (type === "AWS::Lambda::Url") {
        return value(props.AuthType)?.toUpperCase() === "AWS_IAM"
            ? []
            : [
                  `${where} AuthType is ${JSON.stringify(value(props.AuthType) ?? null)}, so anyone on the internet can invoke the function: set AWS_IAM.`,
              ];
    }
    if (type !== "AWS::Lambda::Permission") return [];
    const principal = value(props.Principal);
    const set = (v: unknown) => v !== undefined && value(v) !== "*";
    if (principal === undefined || principal.includes("*")) {
        return set(props.SourceArn) || set(props.SourceAccount) || set(props.PrincipalOrgID)
            ? []
            : [
                  `${where} Principal is ${JSON.stringify(principal ?? "computed")}, so anyone may invoke the function: name the principal, or set SourceArn, SourceAccount or PrincipalOrgID.`,
              ];
    }
    if (/\.amazonaws\.com$/i.test(principal) && !set(props.SourceArn)) {
        return [
            `${where} Principal is the service ${principal} without SourceArn, so any account's resources could invoke the function: set SourceArn.`,
        ];
    }
    return [];
}

/** The template's findings, or why it cannot be read. */
function templateProblems(body: string, given: unknown): string[] {
    const parsed = parseTemplate(body);
    if ("error" in parsed) {
        return [
            `templateBody is neither JSON nor YAML the pack can read (${parsed.error}), so the IAM it creates cannot be checked: write the template as JSON.`,
        ];
    }
    const resources = objectAt(objectAt(parsed.template)?.Resources);
    if (!resources) return [];
    const ctx = templateContext(parsed.template, given);
    const problems: string[] = [];
    for (const [id, r] of Object.entries(resources)) {
        const res = objectAt(r);
        const type = typeof res?.Type === "string" ? res.Type : "";
        const props = objectAt(res?.Properties) ?? {};
        const where = `templateBody Resources.${id} (${type})`;
        if (type === "AWS::CloudFormation::Stack" || type === "AWS::Serverless::Application") {
            problems.push(
                `${where} is a nested stack whose template the pack cannot read: inline its resources, or deploy it as its own aws.cloudformation.Stack with a templateBody.`,
            );
        }
        for (const [path, kind, value] of documents(type, props)) {
            ctx.unresolved.clear();
            problems.push(...documentProblems(`${where} ${path}`, kind, value, ctx));
            for (const name of ctx.unresolved) {
                problems.push(
                    `${where} ${path} reads parameter "${name}", which has neither a Default nor a value in the stack's parameters, so it could be anything when deployed (read as "*"): give it a value the plan can see.`,
                );
            }
        }
        problems.push(...lambdaProblems(where, type, props, ctx));
        if (type === "AWS::IAM::Role" || type === "AWS::IAM::User" || type === "AWS::IAM::Group") {
            listAt(props.ManagedPolicyArns).forEach((arn, i) => {
                const why = typeof arn === "string" ? forbiddenManagedPolicy(arn) : undefined;
                if (why) {
                    problems.push(
                        `${where} ManagedPolicyArns[${i}] attaches the AWS-managed ${why}: attach a policy with only the actions the workload needs.`,
                    );
                }
            });
        }
    }
    return problems;
}

/**
 * CloudFormation stacks in a plan are parsed (JSON, or YAML with CloudFormation's short-form
 * intrinsics), and the IAM they create is judged as the pack judges the program's own: wide
 * actions, NotAction/NotResource, `*` resources for actions that take resources, privilege
 * escalation on every resource of a type, public principals in trust and resource policies,
 * admin managed policies, Lambda permissions and function URLs open to anyone. Intrinsics are
 * evaluated over the template's parameters (lib/cloudformation.ts), so a wildcard cannot hide
 * behind a parameter's Default, a `Fn::Join` or one branch of a `Fn::If`. A template the pack cannot read (a `templateUrl`, an unknown body, a
 * nested stack) fails closed.
 */
export const rule = resourceRule({
    name: "cloudformation-iam",
    unknowns:
        "An unknown templateBody, a templateUrl or a nested stack is a violation; in a template, Ref, Fn::Sub, Fn::Join, Fn::Select and Fn::FindInMap are evaluated over parameters (a parameter with no visible value reads as *), Fn::If is both branches, other intrinsics are references.",
    description:
        "IAM created by CloudFormation templates in the plan must pass the same least-privilege checks; templates the pack cannot read are blocked.",
    nearest: {
        checkov: ["CKV_AWS_63", "CKV_AWS_62", "CKV_AWS_286", "CKV_AWS_60"],
    },
    types: [STACK, STACK_SET],
    check: ({ props }) => {
        const body = props.templateBody;
        if (isUnknown(body)) {
            return [
                "templateBody is unknown during preview: build it from values known at preview, so the IAM it creates can be checked.",
            ];
        }
        if (typeof body !== "string" || body.trim() === "") {
            return props.templateUrl !== undefined
                ? [
                      "templateUrl points to a template the pack cannot read, so the IAM it creates cannot be checked: pass the template as templateBody.",
                  ]
                : [];
        }
        return templateProblems(body, props.parameters);
    },
});
