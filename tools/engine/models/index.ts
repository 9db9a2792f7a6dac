/**
 * The offline models of remote (multi-language) components: for a modeled type, the children
 * its provider plugin registers at the pinned version, as read from the provider's source (each
 * model's file comment cites the files and functions). A model's children are marked `modeled`
 * in the plan, so nobody mistakes them for the provider's answer; a remote component without a
 * model, or whose arguments take a model where it does not go, is reported unchecked.
 */
import { BuilderOptions, ModelBuilder, ModeledChild, NotModeled } from "./builder";
import { modelVpc } from "./awsx-vpc";
import { modelCluster, modelManagedNodeGroup } from "./eks-cluster";
import {
    modelApplicationLoadBalancer,
    modelImage,
    modelNetworkLoadBalancer,
    modelRepository,
} from "./awsx-lb-ecr";
import { modelEc2Service, modelFargateService } from "./awsx-ecs";

type Model = (
    b: ModelBuilder,
    urn: string,
    name: string,
    args: Record<string, unknown>,
    gaps: string[],
) => void;

/** Models by type token, with the provider source they were read from. */
export const MODELS: Readonly<Record<string, { readonly source: string; readonly model: Model }>> =
    {
        "awsx:ec2:Vpc": {
            source: "pulumi/pulumi-awsx v3.8.0 awsx/ec2/vpc.ts (no awsx/ change up to 3.9.0's snapshot)",
            model: (b, urn, name, args) => modelVpc(b, urn, name, args),
        },
        "awsx:lb:ApplicationLoadBalancer": {
            source: "pulumi/pulumi-awsx v3.8.0 awsx/lb/applicationLoadBalancer.ts",
            model: (b, urn, name, args) => modelApplicationLoadBalancer(b, urn, name, args),
        },
        "awsx:lb:NetworkLoadBalancer": {
            source: "pulumi/pulumi-awsx v3.8.0 awsx/lb/networkLoadBalancer.ts",
            model: (b, urn, name, args) => modelNetworkLoadBalancer(b, urn, name, args),
        },
        "awsx:ecr:Repository": {
            source: "pulumi/pulumi-awsx v3.8.0 awsx/ecr/repository.ts",
            model: (b, urn, name, args) => modelRepository(b, urn, name, args),
        },
        "awsx:ecr:Image": {
            source: "pulumi/pulumi-awsx v3.8.0 awsx/ecr/image.ts",
            model: (b, urn, _name, args) => modelImage(b, urn, args),
        },
        "awsx:ecs:FargateService": {
            source: "pulumi/pulumi-awsx v3.8.0 awsx/ecs/fargateService.ts",
            model: modelFargateService,
        },
        "awsx:ecs:EC2Service": {
            source: "pulumi/pulumi-awsx v3.8.0 awsx/ecs/ec2Service.ts",
            model: modelEc2Service,
        },
        "eks:index:Cluster": {
            source: "pulumi/pulumi-eks v4.3.0 nodejs/eks/cluster/cluster.ts",
            model: modelCluster,
        },
        "eks:index:ManagedNodeGroup": {
            source: "pulumi/pulumi-eks v4.3.0 nodejs/eks/nodes/nodegroup.ts",
            model: modelManagedNodeGroup,
        },
    };

/** What modeling one remote component gave. */
export type ModelResult =
    | { readonly modeled: true; readonly children: ModeledChild[]; readonly gaps: string[] }
    | { readonly modeled: false; readonly reason: string };

/** Runs the model of a remote component's type, if there is one. */
export function modelRemoteComponent(
    type: string,
    urn: string,
    name: string,
    args: Record<string, unknown>,
    options: BuilderOptions,
): ModelResult {
    const entry = MODELS[type];
    if (entry === undefined) return { modeled: false, reason: "no offline model of this type" };
    const builder = new ModelBuilder(options);
    const gaps: string[] = [];
    try {
        entry.model(builder, urn, name, args, gaps);
    } catch (err) {
        if (err instanceof NotModeled) return { modeled: false, reason: err.message };
        throw err;
    }
    return { modeled: true, children: builder.children, gaps };
}
