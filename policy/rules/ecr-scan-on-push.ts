/**
 * `ecr-scan-on-push` (advisory; mandatory in the prod config): every image pushed to an ECR
 * repository is scanned for vulnerabilities. Either the repository says so
 * (`imageScanningConfiguration.scanOnPush` true), or an aws.ecr.RegistryScanningConfiguration in
 * the same stack has a rule with scanFrequency "SCAN_ON_PUSH" or "CONTINUOUS_SCAN" whose wildcard
 * filter matches the repository's name. AWS applies the registry's rules in place of the
 * repository's flag, so a registry rule that covers the repository is enough. A repository whose
 * name is left to auto-naming (unknown during preview) is matched only by the filter "*".
 */
import { isUnknown, Resource, stackRule } from "../lib/rule";

const REPOSITORY = "aws:ecr/repository:Repository";
const REGISTRY_SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const ON_PUSH = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"];

type Props = Record<string, unknown>;

function list(value: unknown): Props[] {
    return Array.isArray(value)
        ? value.map((v) => (v !== null && typeof v === "object" ? (v as Props) : {}))
        : [];
}

function wildcard(filter: string): RegExp {
    const escaped = filter.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
    return new RegExp(`^${escaped}$`);
}

/** The wildcard filters of registry rules that scan on push. */
function registryFilters(resources: readonly Resource[]): string[] {
    const filters: string[] = [];
    for (const r of resources.filter((x) => x.type === REGISTRY_SCANNING)) {
        for (const rule of list(r.props.rules)) {
            if (typeof rule.scanFrequency !== "string" || !ON_PUSH.includes(rule.scanFrequency))
                continue;
            for (const f of list(rule.repositoryFilters)) {
                if (f.filterType === "WILDCARD" && typeof f.filter === "string")
                    filters.push(f.filter);
            }
        }
    }
    return filters;
}

/** Images pushed to ECR are scanned. */
export const rule = stackRule({
    name: "ecr-scan-on-push",
    description:
        "Images pushed to ECR must be scanned: imageScanningConfiguration.scanOnPush, or a registry scanning rule that covers the repository.",
    enforcementLevel: "advisory",
    nearest: {
        checkov: ["CKV_AWS_163"],
    },
    check: (resources) => {
        const filters = registryFilters(resources);
        const out: { resource: Resource; message: string }[] = [];
        for (const repo of resources.filter((r) => r.type === REPOSITORY)) {
            const name = typeof repo.props.name === "string" ? repo.props.name : undefined;
            const byRegistry = filters.some((f) =>
                name === undefined ? f === "*" : wildcard(f).test(name),
            );
            const scanning = repo.props.imageScanningConfiguration;
            const scanOnPush =
                scanning !== null && typeof scanning === "object"
                    ? (scanning as Props).scanOnPush
                    : scanning;
            if (byRegistry || scanOnPush === true) continue;
            out.push({
                resource: repo,
                message: isUnknown(scanOnPush)
                    ? "imageScanningConfiguration.scanOnPush is unknown during preview: pass a plain true."
                    : `imageScanningConfiguration.scanOnPush is ${scanOnPush === undefined || scanOnPush === null ? "missing" : JSON.stringify(scanOnPush)} and no registry scanning rule covers this repository: set imageScanningConfiguration { scanOnPush: true }, or add an aws.ecr.RegistryScanningConfiguration rule with scanFrequency "SCAN_ON_PUSH" whose filter matches it.`,
            });
        }
        return out;
    },
});
